"""The floor: a bare Flask route serving the very bytes of the app's lesson page, behind the same
gunicorn. What no application code can beat; the app's pages are measured as a share of it."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
BODY = Path(os.environ["BENCH_FLOOR_BODY"]).read_bytes()


@app.get("/")
def page():
    return Response(BODY, mimetype="text/html")
