"""Inviting many members from a CSV file: read, plan per row, then invite. Nothing is saved by a plan.

The file is what Dutch Excel writes ("CSV UTF-8": semicolons, a byte order mark) or a plain
comma-separated UTF-8 file, with a header row naming the columns.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.auth import services as auth_services
from app.auth.models import Function, Role, User
from app.extensions import db
from app.organisations.models import Organisation

MAX_ROWS = 1000
COLUMNS = {
    "name": {"naam", "name", "volledige naam"},
    "email": {"e-mailadres", "emailadres", "e-mail", "email", "mail"},
    "function": {"functie", "function"},
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class PlannedRow:
    line: int  # the row number as Excel shows it: the header is row 1
    name: str
    email: str
    function_text: str
    function: Function | None = None
    errors: list[str] = field(default_factory=list)
    already_member: bool = False

    @property
    def will_invite(self) -> bool:
        return not self.errors and not self.already_member


@dataclass
class Plan:
    rows: list[PlannedRow]

    @property
    def to_invite(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.will_invite]

    @property
    def with_errors(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.errors]

    @property
    def skipped(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.already_member and not r.errors]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_(
            "Het bestand is geen UTF-8-tekst. Kies in Excel bij Opslaan als: „CSV UTF-8 (door komma's "
            "gescheiden)” en probeer het opnieuw.")) from exc


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {name, email, function}) for each non-empty row, or ImportFileError."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportFileError(_("Het bestand is leeg. De eerste rij moet de kolomnamen hebben: naam, e-mailadres, functie."))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    positions = {}
    for key, names in COLUMNS.items():
        found = [i for i, cell in enumerate(header) if cell in names]
        if not found:
            raise ImportFileError(_(
                "De kolom „%(column)s” ontbreekt in de eerste rij. Die rij moet de kolomnamen hebben: "
                "naam, e-mailadres, functie.", column=sorted(names)[0] if key != "email" else "e-mailadres"))
        positions[key] = found[0]
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("Het bestand heeft meer dan %(max)d rijen. Splits het in kleinere bestanden.",
                                    max=MAX_ROWS))
        padded = cells + [""] * (len(header) - len(cells))
        rows.append((reader.line_num, {key: padded[pos].strip() for key, pos in positions.items()}))
    if not rows:
        raise ImportFileError(_("Het bestand heeft alleen kolomnamen en nog geen leden."))
    return rows


def plan(text: str, organisation: Organisation) -> Plan:
    """What would happen to each row: invited, skipped (already a member here) or an error, and why."""
    planned = []
    first_line: dict[str, int] = {}
    for line, cells in read_rows(text):
        row = PlannedRow(line=line, name=cells["name"], email=cells["email"].lower(), function_text=cells["function"])
        if not row.name:
            row.errors.append(_("De naam ontbreekt."))
        elif len(row.name) > 200:
            row.errors.append(_("De naam is langer dan 200 tekens."))
        _check_email(row, first_line)
        row.function = _function(row.function_text)
        if row.function is None:
            row.errors.append(_("Onbekende functie „%(text)s”. Kies uit: %(choices)s.", text=row.function_text,
                                choices=", ".join(f.value for f in Function)) if row.function_text
                              else _("De functie ontbreekt."))
        planned.append(row)
    _check_existing(planned, organisation)
    return Plan(planned)


def _function(text: str) -> Function | None:
    """By its value or its Dutch label, in any case: "Raadslid", "raadslid", "Statenlid"."""
    text = text.strip().lower()
    return next((f for f in Function if text in (f.value, str(f.label).lower())), None)


def _check_email(row: PlannedRow, first_line: dict[str, int]) -> None:
    if not row.email:
        row.errors.append(_("Het e-mailadres ontbreekt."))
        return
    try:
        row.email = validate_email(row.email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        row.errors.append(_("„%(email)s” is geen geldig e-mailadres.", email=row.email))
        return
    if row.email in first_line:
        row.errors.append(_("Dit e-mailadres staat ook in rij %(line)d.", line=first_line[row.email]))
    else:
        first_line[row.email] = row.line


def _check_existing(rows: list[PlannedRow], organisation: Organisation) -> None:
    emails = {r.email for r in rows if r.email}
    known = dict(db.session.execute(
        select(func.lower(User.email), User.organisation_id).where(func.lower(User.email).in_(emails))).all())
    for row in rows:
        if row.email not in known or row.errors:
            continue
        if known[row.email] == organisation.id:
            row.already_member = True
        else:
            row.errors.append(_("Dit e-mailadres is al in gebruik bij een andere organisatie. "
                                "Vraag de beheerder van Weerbaar Leren om hulp."))


@dataclass
class InviteOutcome:
    invited: int = 0
    messages: list[tuple[int, str]] = field(default_factory=list)  # (row, what happened) for rows not invited


def invite_planned(plan_: Plan, organisation: Organisation,
                   progress: Callable[[int], None] | None = None) -> InviteOutcome:
    """Create and invite every row that will be invited. COMMITS each row on its own.

    For background work, not a request: each account is committed together with its invitation
    in the outbox, so the mail goes out only for an account that exists, and starts going out
    while the rest of the file is still being imported. An address that someone else added
    meanwhile (another import, another griffier) is a row message, not an error for the file.
    (One short transaction per row rather than savepoints: SQLite then never holds a lock long.)
    """
    outcome = InviteOutcome()
    organisation_id = organisation.id
    for number, row in enumerate(plan_.to_invite, start=1):
        try:
            user = auth_services.create_user(db.session.get(Organisation, organisation_id), row.email, row.name,
                                             Role.MEMBER, row.function)
            auth_services.send_invitation(user)
            db.session.commit()
        except (auth_services.EmailTaken, IntegrityError):
            db.session.rollback()
            outcome.messages.append((row.line, _("%(email)s is net door iemand anders toegevoegd; deze rij is "
                                                 "overgeslagen.", email=row.email)))
        else:
            outcome.invited += 1
        if progress and (number % 25 == 0 or number == len(plan_.to_invite)):
            progress(number)
    return outcome
