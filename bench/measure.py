"""The in-process figures of the bench and the check for lost or duplicate writes."""
from __future__ import annotations

import http.client
import json
import re
import statistics
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from flask import Flask
from sqlalchemy import event, func, select

from app.extensions import db

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def fetch(port: int, path: str, cookie: str, timeout: float = 30) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers={"Cookie": f"session={cookie}"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return body


def _client(app: Flask, cookie: str):
    client = app.test_client()
    client.set_cookie("session", cookie, domain="localhost")
    return client


def _steps(slug: str):
    from app.courses.models import Course, CourseVersion, Lesson, Module

    version = db.session.scalar(select(CourseVersion).join(Course).where(Course.slug == slug)
                                .order_by(CourseVersion.number.desc()).limit(1))
    return db.session.execute(select(Module.slug, Lesson.slug, Lesson.kind, Lesson.id).join(Module)
                              .where(Lesson.version_id == version.id).order_by(Lesson.sequence)).all()


def urls(app: Flask, setup: dict) -> dict:
    """The pages to measure, for a member who has started the course (so progress is read too)."""
    measurer = setup["members"][1]
    with app.app_context():
        steps = _steps("weerbaar-besturen")
        reading = next(f"/leren/weerbaar-besturen/{m}/{slug}" for m, slug, kind, _ in steps if kind == "lesson")
        scenario = next(f"/leren/weerbaar-besturen/{m}/{slug}" for m, slug, kind, _ in steps if kind == "scenario")
        client = _client(app, measurer["cookie"])
        token = TOKEN.search(client.get(reading).get_data(as_text=True)).group(1)
        client.post(reading + "/klaar", data={"csrf_token": token})
        token = TOKEN.search(client.get(scenario).get_data(as_text=True)).group(1)
        play = client.post(scenario + "/pogingen", data={"csrf_token": token}).headers["Location"]
        load = [f"/leren/bench-lezen/{m}/{slug}" for m, slug, kind, _ in _steps("bench-lezen")]
    return {"lesson": reading, "course": "/leren/weerbaar-besturen", "scenario": play.replace("http://localhost", ""),
            "measure_cookie": measurer["cookie"], "load_course": "/leren/bench-lezen", "load_lessons": load}


@contextmanager
def queries(app: Flask):
    with app.app_context():
        engine = db.engine
    seen: list[str] = []
    def listener(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def cpu_ms(action, repeat: int = 5) -> tuple[list[float], object]:
    action()  # warm
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = action()
        times.append(1000 * (time.process_time() - start))
    return times, result


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms CPU ({min(values):.0f}–{max(values):.0f})"


def in_process(app: Flask, setup: dict, work: Path) -> list[tuple[str, str, str, str]]:
    # Each request gets its own app context (and so its own session and current_user), as in a server.
    out = []
    griffie = _client(app, setup["griffier"])
    with queries(app) as seen:
        page = griffie.get("/griffie/?sorteer=status").get_data(as_text=True)
    times, _ = cpu_ms(lambda: griffie.get("/griffie/?sorteer=status").get_data())
    shown = re.search(r"(\d[\d.]*) toegewezen cursussen", page)
    out.append(("griffie overview, 1,000 members × 10 courses", spread(times),
                f"{len(seen)} queries; {shown.group(1) if shown else '?'} rows, one page of 50 built", "≤ 60 ms CPU"))
    times, body = cpu_ms(lambda: griffie.get("/griffie/overzicht.csv").get_data(), repeat=3)
    streamed = griffie.get("/griffie/overzicht.csv").is_streamed
    rows = body.count(b"\n") - 1
    out.append(("overview CSV", spread(times), f"{rows} rows; streamed: {streamed}",
                "streamed, ≤ 200 ms CPU"))
    out.append(_certificate())
    out.append(_certificate_list(app, setup))
    out += _preview(app, setup, work)
    out.append(_sync(work))
    return out


def _certificate():
    from dataclasses import replace
    from itertools import cycle

    from app.certificates.pdf import CertificateData, render_certificate

    data = CertificateData("Zoë Ağaoğlu-de Vries", "Weerbaar besturen", 3, "Gemeente Benchstad", date(2026, 11, 22),
                           date(2028, 11, 22), "7K3M-Q9TX-2D8H-VRWN", "http://127.0.0.1/verify/7K3M-Q9TX-2D8H-VRWN")
    # A different name each time, so nothing kept per name could flatter the figure.
    names = cycle(["Zoë Ağaoğlu-de Vries", "Łukasz Şahin", "Ioana Țurcanu-Știrbu", "Piet de Vries", "Erdős Őrsi"])
    times, _ = cpu_ms(lambda: render_certificate(replace(data, name=next(names))), repeat=10)
    return ("certificate PDF", spread(times), "fonts cut and parsed once per process, written without fontTools; "
            "QR as rectangles", "≤ 15 ms")


def _certificate_list(app: Flask, setup: dict):
    with app.app_context():
        stored = _issue_some()
    griffie = _client(app, setup["griffier"])
    with app.app_context():
        engine = db.engine
    returned: list[str] = []  # the columns the database sent back (a count over a subquery sends none)

    def columns(conn, cursor, statement, parameters, context, executemany) -> None:
        returned.extend(column[0] for column in cursor.description or ())

    event.listen(engine, "after_cursor_execute", columns)
    try:
        griffie.get("/griffie/certificaten").get_data()
    finally:
        event.remove(engine, "after_cursor_execute", columns)
    loads_blob = "pdf" in returned
    return ("certificate list (griffie, 20 certificates)", f"{stored // 1024} KiB of PDFs stored",
            f"PDF blobs loaded per view: {'all' if loads_blob else 'none (deferred)'}", "defer the blob")


def _issue_some() -> int:
    from app.auth.models import User
    from app.certificates.models import Certificate
    from app.certificates.services import issue_certificate, stored_pdf
    from app.courses.models import CourseVersion
    from app.learn.models import Enrollment
    from app.learn.services import start_enrollment

    members = db.session.scalars(select(User).where(User.email.like("lid%@benchstad.example")).limit(20)).all()
    version_id = db.session.execute(select(func.max(Enrollment.version_id))).scalar()
    version = db.session.get(CourseVersion, version_id)
    for member in members:
        enrollment = start_enrollment(member, version)
        enrollment.completed_at = enrollment.started_at
        certificate = issue_certificate(enrollment)
        stored_pdf(certificate)  # as if each had been downloaded once
    db.session.commit()
    return db.session.scalar(select(func.sum(func.length(Certificate.pdf)))) or 0


WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")


def _preview(app: Flask, setup: dict, work: Path):
    """The trainer's preview of one lesson and of the course page, for the bundled course and for one of
    500 lessons: the lesson's figures should be the same for both (only the course page lists every step)."""
    from app.courses.services import sync_courses
    from bench.seed import write_course

    write_course(work / "big", "bench-groot", 100, 5, "Bench: 500 lessen")
    with app.app_context():
        sync_courses(work / "big")
        db.session.commit()
    trainer = _client(app, setup["trainer"])
    out = []
    for slug, label in (("weerbaar-besturen", "bundled course"), ("bench-groot", "500 lessons")):
        trainer.get(f"/auteur/{slug}")  # opens the draft
        with app.app_context():
            module, lesson = _steps(slug)[1][:2]
        for page, path, goal in (("one lesson", f"/auteur/{slug}/voorbeeld/{module}/{lesson}",
                                  "≤ 40 ms, constant in course size"),
                                 ("course page", f"/auteur/{slug}/voorbeeld", "— (lists every step)")):
            trainer.get(path)  # the first preview in a worker also hashes the version's files once
            with queries(app) as seen:
                status = trainer.get(path).status_code
            writes = sum(statement.lstrip().upper().startswith(WRITES) for statement in seen)
            times, _ = cpu_ms(lambda path=path: trainer.get(path).get_data(), repeat=5)
            out.append((f"trainer preview, {page} ({label})", spread(times),
                        f"{len(seen)} queries, {writes} writes or savepoints; HTTP {status}", goal))
    return out


def _sync(work: Path):
    from app import create_app
    from bench.seed import write_course
    from config import DevelopmentConfig

    write_course(work / "sync", "bench-sync", 100, 5, "Bench: sync")

    class SyncConfig(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{work / 'sync.sqlite'}"

    app = create_app(SyncConfig)
    from app.courses.services import sync_courses

    with app.app_context():
        db.create_all()
        start = time.process_time()
        sync_courses(work / "sync")
        db.session.commit()
        took = time.process_time() - start
    return ("courses sync, 100 modules × 5 lessons (SQLite)", f"{took:.2f} s CPU", "one Markdown renderer, reset per file",
            "≤ 0.8 s")


def wait_for_jobs(seconds: float = 60) -> None:
    """Until the worker has run every job the load left (the organisation certificate checks)."""
    from app import create_app
    from app.jobs.models import QUEUED, RUNNING, Job

    app = create_app()
    deadline = time.time() + seconds
    with app.app_context():
        while time.time() < deadline and db.session.scalar(
                select(func.count()).select_from(Job).where(Job.status.in_([QUEUED, RUNNING]))):
            db.session.rollback()
            time.sleep(0.5)


def check_writes(done_log: Path):
    """Every "Klaar" the server confirmed is in the database once; every finished course has one certificate."""
    from app import create_app
    from app.auth.models import User
    from app.certificates.models import Certificate, OrganisationCertificate
    from app.jobs.models import Job
    from app.learn.models import Enrollment, LessonProgress
    from app.organisations.models import Organisation

    app = create_app()
    with app.app_context():
        ids = {f"/leren/bench-lezen/{module}/{lesson}": lesson_id for module, lesson, _, lesson_id in _steps("bench-lezen")}
        confirmed = [tuple(json.loads(line)) for line in done_log.read_text().splitlines() if line]
        wanted = {(member, ids[url]) for member, url in confirmed}
        stored = db.session.execute(
            select(Enrollment.user_id, LessonProgress.lesson_id, func.count())
            .join(LessonProgress, LessonProgress.enrollment_id == Enrollment.id)
            .join(User, User.id == Enrollment.user_id).where(User.email.like("last%@laststad.example"))
            .group_by(Enrollment.user_id, LessonProgress.lesson_id)).all()
        in_db = {(user, lesson) for user, lesson, _ in stored}
        duplicates = sum(count - 1 for *_, count in stored if count > 1)
        lost = len(wanted - in_db)
        completed = db.session.scalar(select(func.count()).select_from(Enrollment).join(User)
                                      .where(User.email.like("last%@laststad.example"), Enrollment.completed_at.is_not(None)))
        certificates = db.session.execute(select(Certificate.user_id, Certificate.version_id, func.count())
                                          .join(User, User.id == Certificate.user_id)
                                          .where(User.email.like("last%@laststad.example"))
                                          .group_by(Certificate.user_id, Certificate.version_id)).all()
        duplicate_certificates = sum(count - 1 for *_, count in certificates if count > 1)
        checks = dict(db.session.execute(select(Job.status, func.count()).where(Job.kind == "organisation_certificate")
                                         .group_by(Job.status)).all())
        organisation = db.session.scalar(select(func.count()).select_from(OrganisationCertificate)
                                         .join(Organisation).where(Organisation.name == "Gemeente Laststad"))
    return ("load: writes checked in the database",
            f"{len(confirmed)} confirmed 'Klaar' posts; {lost} lost, {duplicates} duplicate",
            f"{completed} courses finished, {len(certificates)} certificates, {duplicate_certificates} duplicate; "
            f"organisation checks by the worker: {checks or 'none'}; organisation certificates: {organisation}",
            "0 lost, 0 duplicate")
