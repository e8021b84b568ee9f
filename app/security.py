"""Security headers on every response, and the production settings we refuse to start without.

Written here rather than with a library: flask-talisman is no longer maintained, and what we
need is a dozen lines that are easy to read and test.
"""
from __future__ import annotations

from flask import Flask, Response, request

# No inline script or style anywhere: templates link /static files only. The QR code for the
# second factor is an SVG data: image, hence img-src data:.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"))
# Static files and course images hold no personal data and keep their own caching; everything
# else may hold some (pages, CSV, PDF, ZIP) and is never stored by the browser or a proxy.
CACHEABLE_ENDPOINTS = {"static", "learn.media", "authoring.media"}


def check_production_config(config: dict) -> None:
    """Refuse to start in production with settings that only suit one developer's machine."""
    if not config["IS_PRODUCTION"]:
        return
    if config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        raise RuntimeError("RATELIMIT_STORAGE_URI is in memory; in production set it to shared storage "
                           "(redis://...), or every worker counts on its own and the limits multiply.")
    if not config["MAIL_SERVER"]:
        raise RuntimeError("MAIL_SERVER is not set; in production mail must go out, not into files with live links.")


def add_headers(response: Response, production: bool, hsts_max_age: int) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)  # media answers set a stricter one
    headers["X-Content-Type-Options"] = "nosniff"
    # same-origin, not no-referrer: Flask-WTF checks the Referer of form posts over HTTPS.
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"  # for browsers that predate frame-ancestors
    if production:
        headers["Strict-Transport-Security"] = f"max-age={hsts_max_age}; includeSubDomains"
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
        headers.pop("ETag", None)
        headers.pop("Last-Modified", None)
    headers.pop("Server", None)
    return response


def register(app: Flask) -> None:
    production = app.config["IS_PRODUCTION"]
    max_age = app.config["HSTS_MAX_AGE"]

    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_headers(response, production, max_age)
