"""Settings from the environment. Each class is one deployment shape."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_SECRET_KEY = "dev-only-change-me"


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'weerbaar.sqlite'}")
    # Heroku-style URLs name the old driver; psycopg 3 is what we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _engine_options(url: str) -> dict:
    """Per process: pool_size + max_overflow connections at most (see docs/deploy.md for the sum).
    A short pool timeout turns an exhausted pool into a quick 503 instead of a hanging request."""
    options: dict = {"pool_pre_ping": True}
    if not url.startswith("sqlite"):
        options.update(pool_size=int(os.environ.get("DATABASE_POOL_SIZE", "5")),
                       max_overflow=int(os.environ.get("DATABASE_MAX_OVERFLOW", "10")),
                       pool_timeout=int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
                       pool_recycle=1800)
    return options


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = _engine_options(SQLALCHEMY_DATABASE_URI)
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions live on the server (auth.models.UserSession): these end them there, whatever the cookie says.
    SESSION_IDLE_TIMEOUT_STAFF = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES_STAFF", "30")))
    SESSION_IDLE_TIMEOUT_MEMBER = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES_MEMBER", "240")))
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")))
    # The signed cookie outlives the server's limit a little, so the server decides (and says why).
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_LIFETIME + timedelta(minutes=5)
    # TOTP secrets are encrypted with a key derived from this (default: SECRET_KEY), so a database
    # dump alone does not give anyone the second factor. Changing it means staff enrol again.
    TOTP_ENCRYPTION_KEY = os.environ.get("TOTP_ENCRYPTION_KEY", "")
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Weerbaar Leren")
    # Wrong codes (TOTP or recovery) per account before it has to wait; also stops guessing from many addresses.
    TOTP_RATE_LIMIT = os.environ.get("TOTP_RATE_LIMIT", "5 per 5 minutes;20 per day")
    # Wrong passwords per account, counted over every address. Past it the password alone is not enough:
    # the owner gets in straight away through a reset link (see auth.throttle).
    ACCOUNT_LOGIN_RATE_LIMIT = os.environ.get("ACCOUNT_LOGIN_RATE_LIMIT", "10 per hour")
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 3600)))
    WTF_CSRF_TIME_LIMIT = None  # a long lesson must not expire the form; the session bounds it

    # Shared between gunicorn workers in production (redis://...); memory is fine for one process.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Redis away must not lock everyone out: limits go on per process, with a warning in the log.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS: ClassVar[dict] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    VERIFY_RATE_LIMIT = os.environ.get("VERIFY_RATE_LIMIT", "30 per minute;300 per hour")

    # Shown on the accessibility statement as where to report a problem; empty: only "via your griffie".
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Weerbaar Leren <noreply@weerbaarleren.nl>")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "20"))  # seconds per SMTP conversation
    # The outbox: a failed message is tried again after 30 s, 1, 2, 4 ... minutes, at most this often.
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "30"))
    MAIL_SENDER_THREADS = int(os.environ.get("MAIL_SENDER_THREADS", "2"))  # in-process sender ("thread" mode)
    MAIL_SWEEP_SECONDS = int(os.environ.get("MAIL_SWEEP_SECONDS", "30"))  # how often retries and lost work are picked up
    # Redis for the job queue (and, if you like, the rate limits). With it, mail and jobs go to
    # `flask --app wsgi worker`; without it, they run in threads of the web process.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    BACKGROUND_MODE = os.environ.get("BACKGROUND_MODE") or ("rq" if REDIS_URL else "thread")
    JOB_THREADS = int(os.environ.get("JOB_THREADS", "2"))
    JOB_TIMEOUT = int(os.environ.get("JOB_TIMEOUT", "1800"))  # seconds before the worker gives up on one job
    JOB_FILES_KEEP_DAYS = int(os.environ.get("JOB_FILES_KEEP_DAYS", "7"))  # then a job's ZIP is deleted
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host (Werkzeug's ProxyFix).
    # 0: none, trust no such header; 1: one proxy (nginx, a load balancer). Wrong here means a client can fake its address.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    INVITATION_MAX_AGE = timedelta(days=14)
    PASSWORD_RESET_MAX_AGE = timedelta(hours=2)
    EMAIL_CHANGE_MAX_AGE = timedelta(days=7)
    CERTIFICATE_REMINDER_DAYS = int(os.environ.get("CERTIFICATE_REMINDER_DAYS", "30"))
    # Deadline reminders: once this many days before the deadline, then every so many days while overdue.
    REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "7"))
    # Nieuwe zittingsperiode: the onboarding course's default deadline, in weeks after the installation.
    TURNOVER_ONBOARDING_WEEKS = int(os.environ.get("TURNOVER_ONBOARDING_WEEKS", "6"))
    REMINDER_OVERDUE_INTERVAL_DAYS = int(os.environ.get("REMINDER_OVERDUE_INTERVAL_DAYS", "7"))
    # Authoring: uploads are refused above these sizes (a ZIP is also checked while unpacking).
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    AUTHORING_IMAGE_MAX_BYTES = int(os.environ.get("AUTHORING_IMAGE_MAX_BYTES", 2 * 1024 * 1024))
    AUTHORING_ZIP_MAX_UPLOAD = int(os.environ.get("AUTHORING_ZIP_MAX_UPLOAD", 20 * 1024 * 1024))
    AUTHORING_ZIP_MAX_FILES = int(os.environ.get("AUTHORING_ZIP_MAX_FILES", 500))
    AUTHORING_ZIP_MAX_UNPACKED = int(os.environ.get("AUTHORING_ZIP_MAX_UNPACKED", 50 * 1024 * 1024))
    # The griffie's protocol agressie en geweld as a PDF: refused above this size.
    LOCAL_INFO_PDF_MAX_BYTES = int(os.environ.get("LOCAL_INFO_PDF_MAX_BYTES", 5 * 1024 * 1024))
    COURSES_DIR = os.environ.get("COURSES_DIR", str(BASE_DIR / "courses"))
    # Retention (AVG), applied by `flask privacy retention` from cron; in days. See docs/privacy.md.
    PRIVACY_UNACCEPTED_INVITATION_DAYS = int(os.environ.get("PRIVACY_UNACCEPTED_INVITATION_DAYS", "90"))
    PRIVACY_DEACTIVATED_DAYS = int(os.environ.get("PRIVACY_DEACTIVATED_DAYS", "365"))
    PRIVACY_ERASURE_REQUEST_DAYS = int(os.environ.get("PRIVACY_ERASURE_REQUEST_DAYS", "30"))
    AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "730"))
    MAIL_LOG_RETENTION_DAYS = int(os.environ.get("MAIL_LOG_RETENTION_DAYS", "180"))
    # Who people can ask about their data; shown on the privacy statement.
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "privacy@weerbaarleren.nl")
    IS_PRODUCTION = False
    PASSWORD_MIN_LENGTH = 10
    # argon2id parameters: the library's defaults (RFC 9106 low-memory profile).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    IS_PRODUCTION = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
    SESSION_COOKIE_NAME = "__Host-session"


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SQLALCHEMY_ENGINE_OPTIONS = _engine_options(SQLALCHEMY_DATABASE_URI)
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "1000 per minute"  # tests that check the limit lower it
    VERIFY_RATE_LIMIT = "1000 per minute"
    ACCOUNT_LOGIN_RATE_LIMIT = "1000 per minute"
    TOTP_RATE_LIMIT = "1000 per minute"
    MAIL_SERVER = ""
    BACKGROUND_MODE = "inline"  # mail and jobs run at the commit, so a test sees them when the request returns
    REDIS_URL = ""
    TRUSTED_PROXIES = 0
    BASE_URL = "http://localhost"
    ARGON2_TIME_COST = 1  # fast hashing keeps the suite quick; production keeps the defaults
    ARGON2_MEMORY_COST = 1024


def config_from_env() -> type[Config]:
    env = os.environ.get("FLASK_ENV") or os.environ.get("WEERBAAR_ENV") or "development"
    return ProductionConfig if env == "production" else DevelopmentConfig
