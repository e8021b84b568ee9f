"""make bench: the figures of issue 16, measured side by side with a bare Flask floor.

1. Seeds a separate PostgreSQL database (BENCH_DATABASE_URL, default .../bench; never the app's).
2. Starts the app and the floor (bench/floor.py, serving the lesson page's own bytes) behind the
   same gunicorn (one sync worker each) and loads them in interleaved rounds, so a noisy neighbour
   hurts both alike. Per page: requests per second and the worker's CPU per request, as a ratio to
   the floor, with the spread (min-max) over the rounds.
3. Measures the griffie overview, its CSV, the certificate PDF, courses sync, the trainer's preview
   and the certificate list in-process (CPU time, queries, bytes).
4. Load run: gunicorn with 4 workers on PostgreSQL and Redis, locust headless with 200 members
   for 60 s against 127.0.0.1 only; requests, errors, p50/p95/p99; then checks the database for
   lost or duplicate writes.
Not a test: nothing here fails the build; it prints what it saw.
"""
from __future__ import annotations

import csv
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://root@127.0.0.1:5432/bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
LOAD_USERS = int(os.environ.get("BENCH_USERS", "200"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))  # the measured window, after the ramp-up
BIN = Path(sys.executable).parent
# Which parts to run (a comma-separated subset of pages,in-process,load), e.g. to repeat only the pages.
PARTS = set(os.environ.get("BENCH_PARTS", "pages,in-process,load").split(","))
LOCUST = Path(os.environ.get("BENCH_LOCUST", ROOT / "bench" / ".venv" / "bin" / "locust"))
WORK = Path(tempfile.mkdtemp(prefix="weerbaar-bench-"))

os.environ.update({
    "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "bench-only-secret", "RATELIMIT_STORAGE_URI": REDIS_URL,
    # every simulated member comes from 127.0.0.1: one shared per-address limit would stop them all
    "LOGIN_RATE_LIMIT": "100000 per minute", "MAIL_OUTBOX_DIR": str(WORK / "outbox"), "MAIL_SERVER": "",
    "BASE_URL": "http://127.0.0.1", "WEERBAAR_ENV": "development",
})


def _load() -> list[str]:
    return Path("/proc/loadavg").read_text().split()[:3]


def create_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def _cpu_seconds(pid: int) -> float:
    """A process's own CPU time (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with a free port; stopped for sure at the end."""

    def __init__(self, target: str, workers: int, env: dict | None = None) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "--timeout", "60", target], cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                http.client.HTTPConnection("127.0.0.1", self.port, timeout=1).request("HEAD", "/")
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(0.5)

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in path.read_text().split()]

    def cpu_seconds(self) -> float:
        return sum(_cpu_seconds(pid) for pid in self.workers())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def hammer(port: int, path: str, cookie: str | None, seconds: float, clients: int = 2) -> int:
    """Keep-alive GETs from a few threads for so many seconds; the number of 200 answers. Each client
    keeps the session cookie the server sets, as a browser does (the first page adds its CSRF token)."""
    done = [0] * clients
    stop = time.time() + seconds

    def run(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Cookie": f"session={cookie}"} if cookie else {}
        while time.time() < stop:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            set_cookie = response.getheader("Set-Cookie") or ""
            if set_cookie.startswith("session="):
                headers["Cookie"] = set_cookie.split(";", 1)[0]
            if response.status == 200:
                done[i] += 1
            else:
                raise RuntimeError(f"{path}: {response.status}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done)


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main() -> None:
    from app import create_app
    from bench import measure, seed

    print(f"Bench in {WORK}; database {DATABASE_URL.rsplit('@', 1)[1]}; Redis {REDIS_URL}")
    print(f"Machine: {os.cpu_count()} cores; load average before: {_load()}")
    create_database()
    app = create_app()
    setup = seed.seed(app, ROOT / "courses", WORK)
    setup.update(measure.urls(app, setup))
    (WORK / "setup.json").write_text(json.dumps(setup))
    results: list[tuple[str, str, str, str]] = []
    if "pages" in PARTS:
        results += pages_against_floor(setup)
    try:
        if "in-process" in PARTS:
            results += measure.in_process(app, setup, WORK)
        if "load" in PARTS:
            results += load_run(setup)
    except Exception as exc:  # noqa: BLE001 - still print what was measured before it
        results.append(("bench stopped early", type(exc).__name__, str(exc)[:120], ""))
    print_table(results)


def pages_against_floor(setup: dict) -> list[tuple[str, str, str, str]]:
    """The learner's pages and the floor behind the same gunicorn, loaded in interleaved rounds."""
    from bench import measure

    results: list[tuple[str, str, str, str]] = []
    app_server = Server("wsgi:app", 1)
    body = measure.fetch(app_server.port, setup["lesson"], setup["measure_cookie"])
    (WORK / "lesson.html").write_bytes(body)
    floor = Server("bench.floor:app", 1, {"BENCH_FLOOR_BODY": str(WORK / "lesson.html")})
    stack = Server("bench.stack_floor:app", 1, {"BENCH_FLOOR_BODY": str(WORK / "lesson.html")})
    pages = {"lesson page": setup["lesson"], "course page": setup["course"], "scenario step": setup["scenario"]}
    rps: dict[str, list[float]] = {name: [] for name in ["floor", "stack", *pages]}
    cpu: dict[str, list[float]] = {name: [] for name in rps}
    try:
        for name, path in pages.items():  # warm each worker's caches once, as a running site has them
            hammer(app_server.port, path, setup["measure_cookie"], 0.5)
        hammer(stack.port, "/", setup["measure_cookie"], 0.5)
        for _ in range(ROUNDS):
            for name in list(rps):
                server, path, cookie = {"floor": (floor, "/", None), "stack": (stack, "/", setup["measure_cookie"])}.get(
                    name, (app_server, pages.get(name), setup["measure_cookie"]))
                before = server.cpu_seconds()
                count = hammer(server.port, path, cookie, SECONDS)
                rps[name].append(count / SECONDS)
                cpu[name].append(1000 * (server.cpu_seconds() - before) / max(count, 1))
    finally:
        app_server.stop()
        floor.stop()
        stack.stop()
    floor_text = f"{spread(rps['floor'], '{:.0f}')} req/s; {spread(cpu['floor'])} ms CPU/req"
    results.append(("floor (bare Flask, same bytes)", floor_text, "1", "—"))
    for name in ["stack", *pages]:
        ratios = [a / f for a, f in zip(rps[name], rps["floor"], strict=True)]
        cpu_ratios = [f / a for a, f in zip(cpu[name], cpu["floor"], strict=True)]
        goal = "— (the least a page that checks who asks costs here)" if name == "stack" else "≥ 25%"
        ratio_text = (f"throughput {spread([100 * r for r in ratios], '{:.0f}')}%; "
                      f"CPU {spread([100 * r for r in cpu_ratios], '{:.0f}')}%")
        label = ("stack floor (Flask, session cookie, the lesson's two statements in Core; same bytes)"
                 if name == "stack" else name)
        results.append((label, f"{spread(rps[name], '{:.0f}')} req/s; {spread(cpu[name])} ms CPU/req", ratio_text, goal))
    return results


def load_run(setup: dict) -> list[tuple[str, str, str, str]]:
    if not LOCUST.exists():
        return [("load run", f"skipped: {LOCUST} missing (make bench installs it)", "", "")]
    from bench import measure

    done_log, login_log = WORK / "done.jsonl", WORK / "logins.json"
    done_log.touch()
    rate = 20
    ramp = -(-LOAD_USERS // rate)  # seconds until every member has arrived; the locustfile then opens the
    # measured window (the -t below is only a bound: arrival, logins and the window end well before it)
    # As in production (docs/deploy.md): mail and jobs go through Redis to a worker process beside gunicorn.
    production = {"REDIS_URL": REDIS_URL, "BACKGROUND_MODE": "rq"}
    server = Server("wsgi:app", 4, production)
    with open(WORK / "worker.log", "w") as log:
        worker = subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "worker"], cwd=ROOT, env={**os.environ, **production},
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(8):  # every worker imported, its caches filled, as on a site that has been running
            for path in ("/leren/", setup["load_lessons"][0], setup["load_course"]):
                measure.fetch(server.port, path, setup["members"][2]["cookie"], timeout=120)
        subprocess.run(
            [str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(LOAD_USERS),
             "-r", str(rate), "-t", f"{LOAD_SECONDS + ramp + 120}s", "--host",
             f"http://127.0.0.1:{server.port}", "--csv", str(WORK / "load"), "--only-summary", "--stop-timeout", "5"],
            env={**os.environ, "BENCH_SETUP": str(WORK / "setup.json"), "BENCH_DONE_LOG": str(done_log),
                 "BENCH_LOGIN_LOG": str(login_log), "BENCH_WINDOW": str(LOAD_SECONDS)},
            check=False, timeout=300)
        measure.wait_for_jobs()
        spent = (f"gunicorn's workers {server.cpu_seconds():.0f} s, the worker {_cpu_seconds(worker.pid):.0f} s "
                 f"(since they started, warm-up and ramp-up included)")
    finally:
        server.stop()
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
    with open(WORK / "load_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    out = []
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
        out.append((f"load: {name}", f"{row['Request Count']} requests, {row['Failure Count']} errors",
                    f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms, {float(row['Requests/s']):.1f}/s",
                    "0 errors, p95 < 500 ms (login excepted)"))
    logins = json.loads(login_log.read_text()) if login_log.exists() else []
    if logins:
        times = sorted(ms for ms, _ in logins)
        out.append(("load: login (argon2id), while the members arrive", f"{len(logins)} logins, "
                    f"{sum(failed for _, failed in logins)} errors",
                    f"p50 {statistics.median(times):.0f} ms, max {times[-1]:.0f} ms; before the measured window",
                    "(excepted)"))
    out.append(measure.check_writes(done_log))
    out.append(("load: CPU used", spent, "", ""))
    return out


def print_table(results: list[tuple[str, str, str, str]]) -> None:
    print()
    print("| what | measured (median, min–max over rounds) | ratio to the floor / detail | goal |")
    print("|---|---|---|---|")
    for row in results:
        print("| " + " | ".join(row) + " |")
    print(f"\nLoad average after: {_load()}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
