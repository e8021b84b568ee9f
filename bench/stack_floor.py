"""The stack's floor: what the fixed stack alone costs for a learner's page, behind the same gunicorn.

Flask opens the same signed session cookie, checks out a pooled PostgreSQL connection and runs the
lesson page's own two statements (the member with their live session; the course with their
enrollment and progress) through SQLAlchemy Core, then serves the lesson page's bytes. No
Flask-Login, no ORM objects, no template: the least any page that checks who is asking can do here.
"""
from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path

from flask import Flask, Response, abort, session
from sqlalchemy import create_engine

from app.auth.sessions import _LOAD
from config import Config
from app.db_types import local_day, utcnow
from app.learn.lookup import _OPEN

# The models refer to each other by name: load them all, as the app does, before the first statement runs.
for models in sorted(Path(__file__).resolve().parent.parent.glob("app/*/models.py")):
    importlib.import_module(f"app.{models.parent.name}.models")

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
BODY = Path(os.environ["BENCH_FLOOR_BODY"]).read_bytes()
SLUG = os.environ.get("BENCH_FLOOR_COURSE", "weerbaar-besturen")
engine = create_engine(Config.SQLALCHEMY_DATABASE_URI, **Config.SQLALCHEMY_ENGINE_OPTIONS)  # as the app's


@app.get("/")
def page():
    token = session.get("_sid")
    if not token:
        abort(401)
    with engine.connect() as connection:
        member = connection.execute(_LOAD, {"session_token": session.get("_user_id"),
                                            "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                                            "today": local_day(utcnow())}).first()
        if member is None:
            abort(401)
        rows = connection.execute(_OPEN, {"slug": SLUG, "user_id": member[0]}).all()
    if not rows:
        abort(404)
    return Response(BODY, mimetype="text/html")
