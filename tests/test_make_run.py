"""`make run` on another port puts that port in e-mail links and QR codes, unless BASE_URL is set."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def dry_run(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "PORT", "MAKEFLAGS")} | env
    result = subprocess.run(["make", "-n", "--no-print-directory", "run"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_base_url_follows_the_port_unless_it_is_set():
    assert 'BASE_URL="http://127.0.0.1:5817" ' in dry_run(PORT="5817")
    assert 'BASE_URL="http://127.0.0.1:5000" ' in dry_run()
    assert 'BASE_URL="https://leren.example" ' in dry_run(PORT="5817", BASE_URL="https://leren.example")


def test_the_readme_says_so():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`BASE_URL` volgt `PORT`" in readme
