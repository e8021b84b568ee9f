"""Demo organisations, accounts and progress, so every role can be tried at once."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.auth.models import Function, Role, User
from app.auth.passwords import hash_password
from app.auth.totp import current_code, enable_with_secret
from app.db_types import local_day, utcnow
from app.extensions import db
from app.learn import services as learn
from app.organisations.models import Organisation, OrganisationKind
from app.organisations.terms import add_default_terms

DEMO_PASSWORD = "weerbaar-demo-2026"
# Staff demo accounts are enrolled with this TOTP secret, so that `flask demo totp EMAIL` (and the
# browser tests) can make their codes. Never used outside development: seed() refuses production.
DEMO_TOTP_SECRET = "WEERBAARLERENDEMOTWEESTAPGEHEIMX"
# Left without a second factor, to show the enrolment at the first login.
UNENROLLED_STAFF = "trainer2@voorbeeld.example"

# (email, name, role, function, progress) with progress: None (invited, no password yet),
# 0.0 (not started), 0.5 (halfway) or 1.0 (done).
VOORBEELD = [
    ("griffier@voorbeeld.example", "Gea Hoekstra", Role.GRIFFIER, None, 0.0),
    ("raadslid@voorbeeld.example", "Ruud Jansen", Role.MEMBER, Function.RAADSLID, 0.5),
    ("nieuw@voorbeeld.example", "Noor El Amrani", Role.MEMBER, Function.RAADSLID, 0.0),
    ("wethouder@voorbeeld.example", "Wim de Boer", Role.MEMBER, Function.WETHOUDER, 1.0),
    ("burgemeester@voorbeeld.example", "Bea Visser", Role.MEMBER, Function.BURGEMEESTER, 0.5),
    ("raadslid3@voorbeeld.example", "Fatma Yılmaz", Role.MEMBER, Function.RAADSLID, 1.0),  # certificate revoked
    ("uitgenodigd@voorbeeld.example", "Ilse Bakker", Role.MEMBER, Function.RAADSLID, None),
    ("trainer@voorbeeld.example", "Tom Verbeek", Role.TRAINER, None, 0.0),
    (UNENROLLED_STAFF, "Tessa Kok", Role.TRAINER, None, 0.0),
    ("beheerder@voorbeeld.example", "Anouk Mulder", Role.ADMIN, None, 0.0),
]
ANDERSTAD = [
    ("griffier@anderstad.example", "Henk Smit", Role.GRIFFIER, None, 0.0),
    ("raadslid@anderstad.example", "Sanne Peters", Role.MEMBER, Function.RAADSLID, 1.0),
    ("wethouder@anderstad.example", "Karim Benali", Role.MEMBER, Function.WETHOUDER, 0.5),
    ("raadslid2@anderstad.example", "Lotte Dekker", Role.MEMBER, Function.RAADSLID, 0.0),
]
# A griffier who just started: no members yet, so the overview leads to inviting them first.
NIEUWDORP = [
    ("griffier@nieuwdorp.example", "Sven de Wit", Role.GRIFFIER, None, 0.0),
]
# A name corrected after the certificate was issued: the griffie can reissue it with the new name.
CORRECTED_NAMES = {"wethouder@voorbeeld.example": "Willem de Boer"}
# Just before the Provinciale Staten election of March 2027: docs/demo/nieuwe-staten.csv is the new
# Staten's list for "Nieuwe zittingsperiode" (README): Daan, Marieke and Hanneke (a new surname) stay,
# Koen (with a certificate that stays verifiable) and Gerrit (never accepted his invitation) leave,
# and three newcomers are invited.
PROVINCIE = [
    ("griffier@provincie-voorbeeld.example", "Petra Willems", Role.GRIFFIER, None, 0.0),
    ("statenlid@provincie-voorbeeld.example", "Daan Vermeulen", Role.MEMBER, Function.STATENLID, 0.5),
    ("m.jonker@provincie-voorbeeld.example", "Marieke Jonker", Role.MEMBER, Function.STATENLID, 0.0),
    ("h.bos@provincie-voorbeeld.example", "Hanneke Bos", Role.MEMBER, Function.STATENLID, 0.0),
    ("k.degraaf@provincie-voorbeeld.example", "Koen de Graaf", Role.MEMBER, Function.STATENLID, 1.0),
    ("g.post@provincie-voorbeeld.example", "Gerrit Post", Role.MEMBER, Function.STATENLID, None),
]
WATERSCHAP = [
    ("secretaris@waterschap-voorbeeld.example", "Joke van Dam", Role.GRIFFIER, None, 0.0),
    ("bestuurder@waterschap-voorbeeld.example", "Sjoerd Hofman", Role.MEMBER, Function.WATERSCHAPSBESTUURDER, 0.0),
]
ORGANISATIONS = [
    ("Gemeente Voorbeeld", OrganisationKind.GEMEENTE, VOORBEELD),
    ("Gemeente Anderstad", OrganisationKind.GEMEENTE, ANDERSTAD),
    ("Gemeente Nieuwdorp", OrganisationKind.GEMEENTE, NIEUWDORP),
    ("Provincie Voorbeeld", OrganisationKind.PROVINCIE, PROVINCIE),
    ("Waterschap Voorbeeld", OrganisationKind.WATERSCHAP, WATERSCHAP),
]
# Each organisation has filled in part of its local information (Markdown, as a griffie types it);
# what is left out shows the course's own text. Addresses are .example: nothing here is real.
LOCAL_INFO = {
    "Gemeente Voorbeeld": {
        "vertrouwenspersoon": "Mevrouw **J. de Vries** is de vertrouwenspersoon integriteit van de raad. "
                              "Je bereikt haar via de griffie.",
        "griffie": "De griffie zit in kamer 2.14 van het gemeentehuis. Mail: griffie@voorbeeld.example",
        "protocol": "Ons protocol agressie en geweld zegt: meld elk incident dezelfde dag bij de griffie. "
                    "De griffie helpt je met een melding of aangifte.",
    },
    "Gemeente Anderstad": {
        "griffie": "Mail de griffie: griffie@anderstad.example",
        "veiligheid": "Bij agressie in het stadhuis: waarschuw de bode of de beveiliging bij de ingang.",
    },
    "Provincie Voorbeeld": {
        "griffie": "De Statengriffie: statengriffie@provincie-voorbeeld.example",
        "gedragscode": "De gedragscode van Provinciale Staten gaat over nevenfuncties, geschenken en geheimhouding.",
    },
    "Waterschap Voorbeeld": {
        "vertrouwenspersoon": "De secretaris-directeur wijst je de vertrouwenspersoon integriteit van het waterschap.",
    },
    "Gemeente Nieuwdorp": {"griffie": "Griffie Nieuwdorp: griffie@nieuwdorp.example"},
}


USED_UP = "burgemeester@voorbeeld.example"  # failed an activity as often as allowed: the griffie can reset it


class DemoRefused(Exception):
    pass


def seed() -> int:
    """Create the demo data; refuses in production and on a database that already has users."""
    if current_app.config["IS_PRODUCTION"]:
        raise DemoRefused("Geen demogegevens in productie.")
    if db.session.scalar(select(func.count()).select_from(User)):
        raise DemoRefused("De database heeft al accounts: demogegevens overgeslagen.")
    password_hash = hash_password(DEMO_PASSWORD)
    created = 0
    walks: list[tuple[User, float]] = []
    for name, kind, people in ORGANISATIONS:
        organisation = Organisation(name=name, kind=kind)
        db.session.add(organisation)
        db.session.flush()
        add_default_terms(organisation, local_day(utcnow()))
        for email, person, role, function, progress in people:
            user = User(organisation=organisation, email=email, name=person, role=role, function=function,
                        invited_at=utcnow())
            if progress is not None:
                user.password_hash = password_hash
                user.password_set_at = utcnow()
            db.session.add(user)
            db.session.flush()
            if role != Role.MEMBER and email != UNENROLLED_STAFF:
                enable_with_secret(user, DEMO_TOTP_SECRET)
            if role == Role.MEMBER and progress:
                walks.append((user, progress))
            created += 1
    db.session.flush()
    # Only once every council exists: a member finishing first would otherwise earn her organisation its
    # certificate for the term ("every member completed") before her colleagues had accounts.
    for user, progress in walks:
        _walk(user, progress)
    _age_certificates()
    _use_up_attempts(USED_UP)
    _organise()
    for user in db.session.scalars(select(User).where(User.email.in_(CORRECTED_NAMES))):
        user.name = CORRECTED_NAMES[user.email]
    db.session.flush()
    _audit_trail()
    _fill_local_info()
    return created


def _audit_trail() -> None:
    """What the griffiers "did" to set this up, so the Logboek has something to show."""
    from app.audit.services import record
    from app.certificates.models import Certificate

    for organisation in db.session.scalars(select(Organisation)):
        people = list(db.session.scalars(select(User).where(User.organisation_id == organisation.id).order_by(User.id)))
        griffier = next((u for u in people if u.role == Role.GRIFFIER), None)
        for member in (u for u in people if u.role == Role.MEMBER):
            record("member.invited", actor=griffier, organisation_id=organisation.id, target=member)
    revoked = db.session.scalar(select(Certificate).where(Certificate.revoked_at.is_not(None)))
    if revoked is not None:
        record("certificate.revoked", actor=db.session.get(User, revoked.revoked_by_id),
               organisation_id=revoked.organisation_id, target=revoked,
               details={"code": revoked.code, "user_id": revoked.user_id})
    db.session.flush()


def _fill_local_info() -> None:
    from app.localinfo.services import save_local_info

    for organisation in db.session.scalars(select(Organisation)):
        if organisation.name in LOCAL_INFO:
            save_local_info(organisation.id, LOCAL_INFO[organisation.name])
def totp_code(email: str) -> str:
    """The current code of an enrolled demo staff account; refuses outside development."""
    if current_app.config["IS_PRODUCTION"]:
        raise DemoRefused("Alleen in ontwikkeling: in productie maakt niemand codes voor een ander.")
    demo_emails = {row[0] for _name, _kind, people in ORGANISATIONS for row in people}
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or user.email not in demo_emails:
        raise DemoRefused(f"{email} is geen demo-account.")
    code = current_code(user) if user.has_second_factor else None
    if code is None:
        raise DemoRefused(f"{email} heeft (nog) geen tweestapsverificatie.")
    return code


def _age_certificates() -> None:
    """Show every certificate state: one expired (issued two years ago) and one revoked."""
    from datetime import timedelta

    from app.certificates.models import Certificate
    from app.certificates.pdf import render_certificate
    from app.certificates.services import pdf_data, revoke

    by_email = {c.user.email: c for c in db.session.scalars(select(Certificate))}
    expired = by_email.get("raadslid@anderstad.example")
    if expired is not None:
        expired.issued_at = utcnow() - timedelta(days=730)
        expired.expires_at = utcnow() - timedelta(days=10)
        expired.pdf = render_certificate(pdf_data(expired))
        # The course was finished when the certificate was issued, not today: the course page and the
        # report per term say when, and they should agree with the certificate.
        from app.learn.models import Enrollment

        enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == expired.user_id,
                                                                Enrollment.course_id == expired.course_id))
        expired.user.created_at = expired.user.invited_at = expired.issued_at  # so the previous term's report has her
        if enrollment is not None:
            enrollment.started_at = enrollment.completed_at = expired.issued_at
            for step in enrollment.progress:
                step.completed_at = expired.issued_at
    revoked = by_email.get("raadslid3@voorbeeld.example")
    griffier = db.session.scalar(select(User).where(User.email == "griffier@voorbeeld.example"))
    if revoked is not None and griffier is not None:
        revoke(revoked, griffier, "Demo: per ongeluk uitgereikt aan de verkeerde persoon.")
    db.session.flush()


# Per organisation: group name -> member emails, and which groups or members get the main course
# with a deadline this many days from today (negative: already past, so someone is overdue).
GROUPS = {
    "Gemeente Voorbeeld": {
        "Raad": ["raadslid@voorbeeld.example", "nieuw@voorbeeld.example", "raadslid3@voorbeeld.example",
                 "uitgenodigd@voorbeeld.example"],
        "College": ["wethouder@voorbeeld.example", "burgemeester@voorbeeld.example"],
        "Nieuwe raadsleden 2026": ["nieuw@voorbeeld.example", "uitgenodigd@voorbeeld.example"],
    },
    "Gemeente Anderstad": {
        "Raad": ["raadslid@anderstad.example", "raadslid2@anderstad.example"],
        "College": ["wethouder@anderstad.example"],
    },
    "Provincie Voorbeeld": {"Provinciale Staten": ["statenlid@provincie-voorbeeld.example",
                                                   "m.jonker@provincie-voorbeeld.example",
                                                   "h.bos@provincie-voorbeeld.example",
                                                   "k.degraaf@provincie-voorbeeld.example",
                                                   "g.post@provincie-voorbeeld.example"]},
    "Waterschap Voorbeeld": {"Algemeen bestuur": ["bestuurder@waterschap-voorbeeld.example"]},
    "Gemeente Nieuwdorp": {},
}
DEADLINES = {"Gemeente Voorbeeld": {"Raad": 5, "College": -5}, "Gemeente Anderstad": {"Raad": 60, "College": -2},
             "Provincie Voorbeeld": {}, "Waterschap Voorbeeld": {}, "Gemeente Nieuwdorp": {}}
MAIN_COURSE = "weerbaar-besturen"


def _organise() -> None:
    """Groups, the main course assigned with deadlines (one group overdue), and today's reminders sent."""
    from datetime import timedelta

    from app.db_types import local_day
    from app.courses.models import Course
    from app.griffie import reminders
    from app.assignments.models import Assignment, Group

    course = db.session.scalar(select(Course).where(Course.slug == MAIN_COURSE))
    users = {u.email: u for u in db.session.scalars(select(User))}
    today = local_day(utcnow())
    for organisation in db.session.scalars(select(Organisation)):
        griffier = next(u for u in users.values() if u.organisation_id == organisation.id and u.role == Role.GRIFFIER)
        for name, emails in GROUPS[organisation.name].items():
            group = Group(organisation_id=organisation.id, name=name, members=[users[e] for e in emails])
            db.session.add(group)
            db.session.flush()
            if course is not None and name in DEADLINES[organisation.name]:
                db.session.add(Assignment(organisation_id=organisation.id, course_id=course.id, group_id=group.id,
                                          deadline=today + timedelta(days=DEADLINES[organisation.name][name]),
                                          created_by_id=griffier.id))
        db.session.flush()
        config = current_app.config
        reminders.send_due_reminders(organisation.id, today, config["REMINDER_DAYS_BEFORE"],
                                     config["REMINDER_OVERDUE_INTERVAL_DAYS"])


def _walk(user: User, share: float) -> None:
    """Take the first share of each course's steps, passing knowledge checks and scenarios on the way."""
    for version in learn.current_versions():
        if not learn.may_take(user, version):
            continue
        enrollment = learn.start_enrollment(user, version)
        lessons = [lesson for module in learn.load_outline(version) for lesson in module.lessons]
        for lesson in lessons[: max(1, round(len(lessons) * share))]:
            if lesson.is_activity:
                _pass_activity(user, enrollment, lesson)
            else:
                learn.complete_lesson(enrollment, lesson)


def _pass_activity(user: User, enrollment, lesson) -> None:
    """Play it through the same services as the pages: right answers, or the advised route."""
    from app.content.activities.quiz import asked
    from app.content.activities.scenario import ScenarioSpec
    from app.quizzes import services as quizzes

    attempt = quizzes.start_attempt(user, enrollment, lesson)
    spec = quizzes.spec_of(lesson)
    if isinstance(spec, ScenarioSpec):
        route = spec.advised or []
        for here, there in zip(route, route[1:]):
            choice = next(c for c in spec.situations[here].choices if c.target == there)
            quizzes.choose(attempt, here, choice.id)
    else:
        for step, question in enumerate(asked(spec, attempt.layout)):
            quizzes.answer_question(attempt, step, sorted(question.correct_ids()))


def _use_up_attempts(email: str) -> None:
    """One member fails the first activity with an attempt limit as often as it allows."""
    from app.quizzes import services as quizzes

    user = db.session.scalar(select(User).where(User.email == email))
    for version in learn.current_versions():
        if user is None or not learn.may_take(user, version):
            continue
        enrollment = learn.start_enrollment(user, version)
        done = learn.done_lesson_ids(enrollment)
        for lesson in (lesson for module in learn.load_outline(version) for lesson in module.lessons):
            spec = quizzes.spec_of(lesson) if lesson.is_activity else None
            if spec is None or not spec.max_attempts or lesson.id in done:
                continue
            for _attempt in range(spec.max_attempts):
                _fail_activity(user, enrollment, lesson)
            return


def _fail_activity(user: User, enrollment, lesson) -> None:
    """A wrong answer to every question, or the choice with the fewest points in every situation."""
    from app.content.activities.quiz import asked
    from app.content.activities.scenario import ScenarioSpec
    from app.quizzes import services as quizzes

    attempt = quizzes.start_attempt(user, enrollment, lesson)
    spec = quizzes.spec_of(lesson)
    if isinstance(spec, ScenarioSpec):
        # the fewest points first, each choice once; when a situation has no unused choice left, the
        # shortest way to an ending, so the walk always ends
        distance = {key: 0 for key in spec.endings}
        for _round in spec.situations:
            for situation in spec.situations.values():
                steps = [distance[c.target] + 1 for c in situation.choices if c.target in distance]
                if steps:
                    distance[situation.id] = min(steps + [distance.get(situation.id, len(spec.situations) + 1)])
        used: set[str] = set()
        while attempt.current is not None:
            situation = spec.situations[attempt.current]
            fresh = [c for c in situation.choices if c.id not in used]
            choice = (min(fresh, key=lambda c: c.points) if fresh
                      else min(situation.choices, key=lambda c: distance.get(c.target, len(spec.situations) + 1)))
            used.add(choice.id)
            quizzes.choose(attempt, situation.id, choice.id)
        return
    for step, question in enumerate(asked(spec, attempt.layout)):
        wrong = [o.id for o in question.options if not o.correct]
        quizzes.answer_question(attempt, step, wrong[:1] or [question.options[0].id])
