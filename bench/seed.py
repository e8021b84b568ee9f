"""The bench's data: the bundled courses, a synthetic reading-only course the load run can finish,
nine more small courses, a council of 1,000 members with 10 assigned courses, and 200 members
for the load run. Everything goes into the bench database only (dropped and made again)."""
from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from pyotp import random_base32

from app.auth.models import Function, Role, User
from app.auth.passwords import hash_password
from app.auth.sessions import SESSION_KEY, start
from app.auth.totp import enable_with_secret
from app.courses.services import ContentInvalid, sync_courses
from app.extensions import db
from app.assignments.models import Assignment, Group
from app.organisations.models import Organisation, OrganisationKind

PASSWORD = "bench-wachtwoord-123"
LOAD_MEMBERS = 200
COUNCIL = 1000


def lesson_md(title: str, paragraphs: int = 6) -> str:
    body = "\n\n".join(f"Alinea {n} van {title}: een gesprek op de tribune loopt uit de hand. "
                       "Wat doe je, wie spreek je aan, en wanneer meld je het?" for n in range(paragraphs))
    return f"---\ntitle: {title}\nminutes: 3\n---\n## {title}\n\n{body}\n"


def write_course(root: Path, slug: str, modules: int, lessons: int, title: str | None = None) -> None:
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.md").write_text(
        f"---\ntitle: \"{title or slug}\"\nsummary: Een cursus voor de bench.\n---\nInleiding.\n", encoding="utf-8")
    for m in range(1, modules + 1):
        module = folder / f"{m:02d}-module-{m}"
        module.mkdir(exist_ok=True)
        (module / "module.md").write_text(f"---\ntitle: Module {m}\n---\n", encoding="utf-8")
        for n in range(1, lessons + 1):
            (module / f"{n:02d}-les-{n}.md").write_text(lesson_md(f"Les {m}.{n}"), encoding="utf-8")


def seed(app: Flask, courses_dir: Path, work: Path) -> dict:
    """Fill the (empty) bench database; returns what the runner and the load run need."""
    extra = work / "courses"
    write_course(extra, "bench-lezen", 3, 4, "Bench: lezen en afronden")
    for n in range(1, 9):
        write_course(extra, f"bench-extra-{n}", 2, 3, f"Bench extra {n}")
    with app.app_context():
        db.drop_all()
        db.create_all()
        for folder in (courses_dir, extra):
            try:
                sync_courses(folder)
            except ContentInvalid as exc:
                raise SystemExit("\n".join(str(p) for p in exc.problems)) from exc
        db.session.commit()
        password_hash = hash_password(PASSWORD)  # one hash for all: hashing 1,200 takes minutes
        council = Organisation(name="Gemeente Benchstad", kind=OrganisationKind("gemeente"))
        loaders = Organisation(name="Gemeente Laststad", kind=OrganisationKind("gemeente"))
        db.session.add_all([council, loaders])
        db.session.flush()
        griffier = User(organisation_id=council.id, email="griffier@benchstad.example", name="Griffier Bench",
                        role=Role.GRIFFIER, password_hash=password_hash)
        db.session.add(griffier)
        members = [User(organisation_id=council.id, email=f"lid{n}@benchstad.example", name=f"Lid {n:04d} Benchstad",
                        role=Role.MEMBER, function=Function.RAADSLID, password_hash=password_hash)
                   for n in range(COUNCIL)]
        db.session.add_all(members)
        group = Group(organisation_id=council.id, name="Raad")
        group.members.extend(members)
        db.session.add(group)
        db.session.flush()
        from app.courses.models import Course

        course_ids = list(db.session.scalars(db.select(Course.id).order_by(Course.id)))[:10]
        for course_id in course_ids:
            db.session.add(Assignment(organisation_id=council.id, course_id=course_id, group_id=group.id,
                                      deadline=date(2026, 12, 1)))
        load = [User(organisation_id=loaders.id, email=f"last{n}@laststad.example", name=f"Last {n:03d}",
                     role=Role.MEMBER, function=Function.RAADSLID, password_hash=password_hash,
                     session_token=secrets.token_hex(32))
                for n in range(LOAD_MEMBERS)]
        trainer = User(organisation_id=loaders.id, email="trainer@laststad.example", name="Trainer Bench",
                       role=Role.TRAINER, password_hash=password_hash)
        db.session.add_all([*load, trainer])
        db.session.flush()
        for staff in (griffier, trainer):  # staff have a second factor, or their sessions end at once
            enable_with_secret(staff, random_base32())
        setup = {
            "griffier": cookie(app, griffier), "trainer": cookie(app, trainer),
            "members": [{"email": u.email, "cookie": cookie(app, u), "id": u.id} for u in load],
            "password": PASSWORD,
        }
        db.session.commit()
        return setup


def cookie(app: Flask, user: User) -> str:
    """The signed session cookie a completed login sets, with its server-side session: the load run's
    members are already logged in (one login costs 0.5 s of argon2id; a few users do log in for real)."""
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.dumps({"_user_id": user.session_token, "_fresh": True, SESSION_KEY: start(user)})
