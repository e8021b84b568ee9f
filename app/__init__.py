"""Weerbaar Leren: training on aggression, intimidation and integrity for office holders."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from config import DEFAULT_SECRET_KEY, Config, config_from_env


def create_app(config_class: type[Config] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    app.config.from_object(config_class or config_from_env())
    if app.config["IS_PRODUCTION"] and app.config["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        raise RuntimeError("SECRET_KEY is the development default; set a secret SECRET_KEY for production.")
    from app.security import check_production_config

    check_production_config(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # one line per glyph subset, per certificate
    register_extensions(app)
    register_converters(app)
    register_proxy_fix(app)
    register_background(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate
    from app.i18n import select_locale_once

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale_once)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page explains itself
    login_manager.session_protection = "basic"

    from app.auth.services import load_user

    login_manager.user_loader(load_user)
    # Make every model known to SQLAlchemy and Alembic.
    import app.models  # noqa: F401


def register_converters(app: Flask) -> None:
    from app.converters import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added, so every <int:id> uses it


def register_proxy_fix(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and scheme from their
    X-Forwarded-* headers, so the rate limits and the logs see the visitor, not the proxy."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def register_background(app: Flask) -> None:
    """In "thread" mode the in-process sender starts with the first request (not for CLI commands),
    so retries and mail left from before a restart go out even before anyone commits anything."""
    from app.background import runner_for

    if app.config["BACKGROUND_MODE"] == "thread":
        app.before_request_funcs.setdefault(None, []).append(lambda: runner_for(app) and None)


def register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.audit.routes import bp as audit_bp
    from app.auth.routes import bp as auth_bp
    from app.authoring.routes import bp as authoring_bp
    from app.certificates.routes import bp as certificates_bp
    from app.griffie.routes import bp as griffie_bp
    from app.jobs import bp as jobs_bp
    from app.learn.routes import bp as learn_bp
    from app.localinfo.routes import bp as localinfo_bp
    from app.main.routes import bp as main_bp
    from app.privacy.routes import bp as privacy_bp
    from app.quizzes.routes import bp as quizzes_bp
    from app.turnover import bp as turnover_bp

    for blueprint in (main_bp, auth_bp, learn_bp, quizzes_bp, certificates_bp, griffie_bp, admin_bp, authoring_bp,
                      audit_bp, privacy_bp, jobs_bp, localinfo_bp, turnover_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from app.auth.sessions import register as register_sessions
    from app.errors import register
    from app.security import register as register_headers

    register(app)
    register_sessions(app)
    register_headers(app)


def register_template_helpers(app: Flask) -> None:
    from app.content.activities import KINDS
    from app.fragments import cached, csrf_field
    from app.i18n import register_filters
    from app.layout import layout
    from app.learn.sidebar import step_sidebar
    from app.learn.urls import course_url, lesson_url
    from app.localinfo.splice import localise

    register_filters(app)
    app.jinja_env.filters["localise"] = localise
    # templates ask the activity's class for its words, instead of testing kind == "quiz"
    app.jinja_env.globals.update(lesson_url=lesson_url, course_url=course_url, step_sidebar=step_sidebar,
                                 activity_kinds=KINDS, cached=cached,
                                 csrf_field=csrf_field, layout=layout)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)
