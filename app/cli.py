"""flask courses validate|sync, flask demo seed. The CLI calls the same services as the web."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.content import validate_tree
from app.extensions import db

courses_cli = AppGroup("courses", help="Cursussen in courses/ controleren en importeren.")
demo_cli = AppGroup("demo", help="Demogegevens voor ontwikkeling.")
certificates_cli = AppGroup("certificates", help="Certificaten.")
sessions_cli = AppGroup("sessions", help="Sessies op de server.")
reminders_cli = AppGroup("reminders", help="Herinneringen voor deadlines van toegewezen cursussen.")
privacy_cli = AppGroup("privacy", help="AVG: bewaartermijnen.")
members_cli = AppGroup("members", help="Accounts van leden.")
translate_cli = AppGroup("translate", help="De Engelse vertaling bijwerken, controleren en compileren.")


@translate_cli.command("update")
def translate_update() -> None:
    """Haal alle teksten uit app/ en voeg nieuwe toe aan elke .po (leeg, om te vertalen)."""
    from app.i18n_tools import TARGET_LANGUAGES, po_path, update

    update()
    for language in TARGET_LANGUAGES:
        click.echo(f"bijgewerkt: {po_path(language)}")


@translate_cli.command("missing")
def translate_missing() -> None:
    """Toon elke tekst zonder (goede) vertaling; afsluitcode 1 als er een is."""
    from app.i18n_tools import TARGET_LANGUAGES, fresh_template, missing

    template = fresh_template()
    problems = [line for language in TARGET_LANGUAGES for line in missing(language, template)]
    for line in problems:
        click.echo(line)
    click.echo(f"{len(problems)} tekst(en) zonder vertaling.", err=True)
    sys.exit(1 if problems else 0)


@translate_cli.command("compile")
def translate_compile() -> None:
    """Maak de .mo-bestanden die de app leest (alleen als de .po nieuwer is)."""
    from app.i18n_tools import compile_all

    for path in compile_all():
        click.echo(f"gecompileerd: {path}")


def _path(path: str | None) -> Path:
    return Path(path) if path else Path(current_app.config["COURSES_DIR"])


@courses_cli.command("validate")
@click.argument("path", required=False)
@click.option("--strict", is_flag=True, help="Waarschuwingen tellen ook als fout.")
def validate_command(path: str | None, strict: bool) -> None:
    """Controleer elk cursusbestand; druk elk probleem af als pad:regel: melding."""
    courses, problems = validate_tree(_path(path))
    for problem in problems:
        click.echo(str(problem))
    errors = [p for p in problems if p.is_error or strict]
    files = sum(len(c.all_sources()) for c in courses)
    click.echo(f"{len(courses)} cursus(sen), {files} bestand(en) gecontroleerd: "
               f"{sum(p.is_error for p in problems)} fout(en), {sum(not p.is_error for p in problems)} waarschuwing(en).",
               err=True)
    sys.exit(1 if errors else 0)


@courses_cli.command("sync")
@click.argument("path", required=False)
def sync_command(path: str | None) -> None:
    """Controleer en importeer; bij één fout verandert er niets."""
    from app.courses.services import ContentInvalid, sync_courses

    try:
        report = sync_courses(_path(path))
    except ContentInvalid as exc:
        db.session.rollback()
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo("Niets geïmporteerd: los eerst de fouten hierboven op.", err=True)
        sys.exit(1)
    db.session.commit()
    if report.created:
        from app import statistics

        statistics.refresh(*statistics.COURSE_TABLES)
    for problem in report.warnings:
        click.echo(str(problem), err=True)
    for version in report.created:
        click.echo(f"{version.course.slug}: versie {version.number} geïmporteerd ({len(version.lessons)} lessen).")
    for slug in report.unchanged:
        click.echo(f"{slug}: ongewijzigd.")


@demo_cli.command("seed")
def seed_command() -> None:
    """Maak demogegevens aan in een lege database (nooit in productie)."""
    from app.demo import DemoRefused, seed

    try:
        created = seed()
    except DemoRefused as exc:
        click.echo(str(exc))
        return
    db.session.commit()
    click.echo(f"Demogegevens aangemaakt: {created} accounts. Zie README.md voor de inloggegevens.")


@demo_cli.command("totp")
@click.argument("email")
def totp_command(email: str) -> None:
    """Druk de huidige tweestapscode van een demo-account af (alleen in ontwikkeling)."""
    from app.demo import DemoRefused, totp_code

    try:
        click.echo(totp_code(email))
    except DemoRefused as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@sessions_cli.command("end-all")
def end_all_sessions_command() -> None:
    """Log iedereen overal uit (bijvoorbeeld na een beveiligingsincident)."""
    from sqlalchemy import update

    from app.audit.services import record
    from app.auth.models import UserSession
    from app.db_types import utcnow

    ended = db.session.execute(update(UserSession).where(UserSession.ended_at.is_(None))
                               .values(ended_at=utcnow())).rowcount
    record("sessions.ended_all", details={"sessions": ended})
    db.session.commit()
    click.echo(f"{ended} sessie(s) beëindigd.")


@certificates_cli.command("remind")
@click.option("--days", type=int, default=None, help="Hoeveel dagen vóór het verlopen (standaard uit de instellingen).")
def remind_command(days: int | None) -> None:
    """Mail leden één keer voordat hun certificaat verloopt (voor cron)."""
    from app.certificates.services import send_expiry_reminders
    from app.db_types import utcnow

    sent, failures = send_expiry_reminders(utcnow(), days or current_app.config["CERTIFICATE_REMINDER_DAYS"])
    db.session.commit()
    click.echo(f"{sent} herinnering(en) verstuurd.")
    for failure in failures:
        click.echo(f"Niet verstuurd, volgende keer opnieuw: {failure}", err=True)
    sys.exit(1 if failures else 0)


@reminders_cli.command("send")
def reminders_send_command() -> None:
    """Mail herinneringen voor deadlines (voor cron). Wat vandaag al verstuurd is, gaat niet nog eens."""
    from app.db_types import local_day
    from app.db_types import utcnow
    from app.griffie.reminders import send_all

    config = current_app.config
    result = send_all(local_day(utcnow()), config["REMINDER_DAYS_BEFORE"], config["REMINDER_OVERDUE_INTERVAL_DAYS"])
    db.session.commit()
    click.echo(f"{result.sent} herinnering(en) verstuurd.")
    for failure in result.failures:
        click.echo(f"Niet verstuurd, volgende keer opnieuw: {failure}", err=True)
    sys.exit(1 if result.failures else 0)


@members_cli.command("deactivate-due")
def deactivate_due_command() -> None:
    """Deactiveer wie vandaag of eerder zou stoppen, zoals vertrekkers van een nieuwe zittingsperiode
    (voor cron, elke dag). Inloggen lukt vanaf die dag al niet meer; dit maakt het definitief."""
    from app.audit.services import record
    from app.db_types import local_day, utcnow
    from app.griffie.services import apply_due_deactivations

    today = local_day(utcnow())
    done = apply_due_deactivations(today)
    for user in done:
        record("member.deactivated", organisation_id=user.organisation_id, target=user,
               details={"via": "schedule", "on": today.isoformat()})
    db.session.commit()
    click.echo(f"{len(done)} account(s) gedeactiveerd.")


@privacy_cli.command("retention")
def retention_command() -> None:
    """Pas de bewaartermijnen toe (voor cron, elke dag): verlopen uitnodigingen, lang gedeactiveerde
    accounts en oude verzoeken om verwijderen worden geanonimiseerd; oude logregels en maillogs verdwijnen."""
    from app.db_types import utcnow
    from app.privacy.services import apply_retention

    report = apply_retention(utcnow(), current_app.config)
    db.session.commit()
    for key, value in report.as_dict().items():
        click.echo(f"{key}: {value}")


mail_cli = AppGroup("mail", help="De uitgaande e-mail (de outbox).")


@mail_cli.command("send")
def mail_send_command() -> None:
    """Verstuur nu wat klaarstaat (ook wat na een storing opnieuw moet). Stuurt niets twee keer."""
    from app.mail.sender import backlog, drain

    sent = drain()
    left = backlog()
    click.echo(f"{sent} bericht(en) verstuurd; {left['waiting']} wachten nog, {left['failed']} definitief mislukt.")


@click.command("worker")
def worker_command() -> None:
    """Start de worker: e-mail en lange taken via Redis (REDIS_URL). Stoppen met Ctrl+C of SIGTERM."""
    from app.background.worker import work

    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        click.echo("REDIS_URL is niet ingesteld: zonder Redis draait het werk in de webserver zelf.", err=True)
        sys.exit(1)
    work(app)


def register(app: Flask) -> None:
    app.cli.add_command(privacy_cli)
    app.cli.add_command(members_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(sessions_cli)
