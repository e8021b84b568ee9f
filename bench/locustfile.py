"""200 members going through a course: dashboard, course page, each lesson and its "Klaar" button.
Most are already logged in (a signed session cookie from the seed); one in ten logs in for real,
while the members arrive. Each waits until all have arrived and every login has finished; then the
statistics are reset and the measured window (BENCH_WINDOW seconds) begins: the steady state of
200 members, without the login storm of the first seconds (argon2id, 64 MiB, ~0.5 s of CPU each).
The logins' own times go to BENCH_LOGIN_LOG.
Every lesson the server confirmed as done is written to BENCH_DONE_LOG, so the runner can check
the database for lost or duplicate writes afterwards. Only ever aimed at 127.0.0.1."""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task

SETUP = json.loads(Path(os.environ["BENCH_SETUP"]).read_text(encoding="utf-8"))
MEMBERS = itertools.cycle(SETUP["members"])
COURSE = SETUP["load_course"]  # "/leren/bench-lezen"
LESSONS = SETUP["load_lessons"]  # reading lessons in order
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_lock = threading.Lock()
_log = open(os.environ["BENCH_DONE_LOG"], "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run
LOGINS: list[tuple[float, bool]] = []  # (milliseconds, failed) of every real login
WINDOW = float(os.environ.get("BENCH_WINDOW", "60"))
READY = Event()  # set when every member has arrived (and logged in)
_arrived = [0]


def confirmed(member_id: int, lesson: str) -> None:
    with _lock:
        _log.write(json.dumps([member_id, lesson]) + "\n")
        _log.flush()


class Member(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.member = next(MEMBERS)
        self.position = 0
        if self.member["id"] % 10 == 0:
            page = self.client.get("/login", name="login (GET)")
            token = TOKEN.search(page.text)
            self.client.post("/login", name="login (argon2id)", data={
                "csrf_token": token.group(1) if token else "", "email": self.member["email"],
                "password": SETUP["password"]})
        else:
            self.client.cookies.set("session", self.member["cookie"], domain="127.0.0.1")
        self.arrived = False
        _arrived[0] += 1
        if _arrived[0] >= self.environment.parsed_options.num_users:
            _start_window(self.environment)
        READY.wait()
        gevent.sleep(random.uniform(0.5, 2))  # the usual pause, so they do not all click at once

    @task
    def next_step(self):
        if not self.arrived:  # the first page after logging in
            self.arrived = True
            self.client.get("/leren/", name="dashboard")
            return
        if self.position >= len(LESSONS):
            self.client.get(COURSE, name="course page")
            self.client.get("/certificaten", name="certificates")
            return
        lesson = LESSONS[self.position]
        page = self.client.get(lesson, name="lesson page")
        token = TOKEN.search(page.text)
        if token is None:
            return
        with self.client.post(lesson + "/klaar", data={"csrf_token": token.group(1)}, name="lesson done",
                              allow_redirects=False, catch_response=True) as done:
            if done.status_code == 302:
                confirmed(self.member["id"], lesson)
                self.position += 1
                done.success()
            else:
                done.failure(f"status {done.status_code}")


def _start_window(environment) -> None:
    environment.runner.stats.reset_all()
    READY.set()
    gevent.spawn_later(WINDOW, environment.runner.quit)


@events.request.add_listener
def _login_time(name, response_time, exception, **kwargs):
    if name == "login (argon2id)":
        LOGINS.append((response_time, exception is not None))


@events.quitting.add_listener
def _close(environment, **kwargs):
    _log.close()
    Path(os.environ["BENCH_LOGIN_LOG"]).write_text(json.dumps(LOGINS), encoding="utf-8")
