"""The griffie's everyday corrections: a member's details, certificates after a name change,
deadlines, and inviting everyone again."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pypdf
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.certificates.models import Certificate
from app.certificates.services import pdf_bytes
from app.extensions import db
from app.griffie.reminders import UPCOMING, due_reminders, send_due_reminders
from tests.conftest import submit
from tests.factories import CertificateFactory, OrganisationFactory, UserFactory
from tests.griffie.conftest import assign, do_lessons, make_group

TODAY = date(2026, 11, 23)


def link_in(message: str) -> str:
    match = re.search(r"http://localhost(/\S+)", message)
    assert match, message
    return match.group(1)


def edit(client, member, **fields):
    data = {"name": member.name, "email": member.email, "function": "raadslid", **fields}
    return submit(client, f"/griffie/leden/{member.id}/bewerken", data)


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_form_shows_the_members_details_and_groups(client, griffier, member_of):
    member = member_of("Anna de Vries", email="anna@voorbeeld.nl")
    make_group("Raad", griffier.organisation_id, [member])
    html = client.get(f"/griffie/leden/{member.id}/bewerken").get_data(as_text=True)
    assert 'value="Anna de Vries"' in html and 'value="anna@voorbeeld.nl"' in html
    assert re.search(r'checked[^>]*>\s*<label[^>]*>Raad<', html) or re.search(r'value="\d+" checked', html)


def test_name_function_and_groups_change_at_once_and_are_audited(client, griffier, member_of):
    member = member_of("Anan de Vries")
    raad = make_group("Raad", griffier.organisation_id, [])
    response = edit(client, member, name="Anna de Vries", function="wethouder", groups=[raad.id])
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, member.id)
    assert changed.name == "Anna de Vries" and changed.function.value == "wethouder"
    assert [m.id for m in raad.members] == [member.id]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "member.edited"))
    assert entry.details["name"] == ["Anan de Vries", "Anna de Vries"] and entry.details["groups"]["added"] == [raad.id]


def test_a_new_address_counts_only_after_confirmation(client, griffier, member_of, outbox):
    member = member_of("Anna de Vries", email="oud@voorbeeld.nl")
    edit(client, member, email="Nieuw@Voorbeeld.nl")
    db.session.expire_all()
    assert db.session.get(User, member.id).email == "oud@voorbeeld.nl"
    confirm, notice = outbox()
    assert "To: nieuw@voorbeeld.nl" in confirm and "Bevestig je nieuwe e-mailadres" in confirm
    assert "To: oud@voorbeeld.nl" in notice  # the old address hears about it
    assert "wacht op bevestiging" in client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)
    link = link_in(confirm)
    client.post("/uitloggen", data={"csrf_token": _token(client)})
    page = client.get(link)
    assert page.status_code == 200 and "nieuw@voorbeeld.nl" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, member.id).email == "oud@voorbeeld.nl"  # opening the link is not confirming
    assert submit(client, link, {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).email == "nieuw@voorbeeld.nl"
    assert submit(client, "/login", {"email": "nieuw@voorbeeld.nl", "password": "een-goed-wachtwoord"}).status_code == 302
    assert client.get(link).status_code == 404  # used once
    assert "user.email_confirmed" in actions()


def test_an_address_in_use_gives_a_clear_error_and_changes_nothing(client, griffier, member_of, outbox):
    member = member_of("Anna de Vries", email="anna@voorbeeld.nl")
    UserFactory(organisation=OrganisationFactory(), email="bezet@elders.nl")
    db.session.commit()
    html = edit(client, member, name="Anna Jansen", email="BEZET@elders.nl").get_data(as_text=True)
    assert 'href="#email">Dit e-mailadres is al in gebruik bij een ander account.' in html
    db.session.expire_all()
    assert db.session.get(User, member.id).name == "Anna de Vries" and outbox() == []


def test_a_typo_at_invitation_is_fixed_with_a_fresh_invitation(client, griffier, member_of, outbox):
    member = member_of("Nieuw Lid", email="typo@voorbeeld.nl", password=False)
    assert edit(client, member, email="goed@voorbeeld.nl").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).email == "goed@voorbeeld.nl"
    [invitation] = outbox()
    assert "To: goed@voorbeeld.nl" in invitation and "Uitnodiging voor Weerbaar Leren" in invitation


def test_an_issued_certificate_keeps_its_name_until_the_griffie_reissues_it(client, griffier, member_of, course):
    member = member_of("Anan de Vries")
    do_lessons(member, course, 5)
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == member.id))
    code = certificate.code
    edit(client, member, name="Anna de Vries")
    db.session.expire_all()
    certificate = db.session.get(Certificate, certificate.id)
    downloaded = client.get(f"/griffie/certificaten/{certificate.id}.pdf").data
    assert certificate.name == "Anan de Vries" and "Anan de Vries" in _pdf_text(downloaded)
    page = client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)
    assert "Opnieuw uitreiken op naam van Anna de Vries" in page
    response = submit(client, f"/griffie/certificaten/{certificate.id}/opnieuw-uitreiken", {},
                      page=f"/griffie/leden/{member.id}")
    assert response.status_code == 302
    db.session.expire_all()
    certificate = db.session.get(Certificate, certificate.id)
    text = _pdf_text(pdf_bytes(certificate))
    assert certificate.code == code and certificate.name == "Anna de Vries" and certificate.reissued_at
    assert "Anna de Vries" in text and code in text and "opnieuw uitgereikt op 23 november 2026" in text
    assert "certificate.reissued" in actions()
    assert "Opnieuw uitreiken" not in client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)


def test_a_name_corrected_before_issue_is_on_the_certificate(client, griffier, member_of, course):
    member = member_of("Anan de Vries")
    edit(client, member, name="Anna de Vries")
    db.session.expire_all()
    do_lessons(db.session.get(User, member.id), course, 5)
    certificate = db.session.scalar(select(Certificate).where(Certificate.user_id == member.id))
    assert "Anna de Vries" in _pdf_text(pdf_bytes(certificate))


def test_a_revoked_certificate_is_not_reissued(client, griffier, member_of, course):
    member = member_of("Anan de Vries")
    certificate = CertificateFactory(user=member, revoked_at=db.func.now())
    db.session.commit()
    member.name = "Anna"
    db.session.commit()
    submit(client, f"/griffie/certificaten/{certificate.id}/opnieuw-uitreiken", {}, page=f"/griffie/leden/{member.id}")
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).name == "Anan de Vries"


def test_another_organisations_member_cannot_be_edited(client, griffier, outbox):
    foreign = UserFactory(organisation=OrganisationFactory(), name="Elders")
    db.session.commit()
    token = _token(client)
    response = client.post(f"/griffie/leden/{foreign.id}/bewerken",
                           data={"csrf_token": token, "name": "Overgenomen", "email": "x@y.nl", "function": "raadslid"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(User, foreign.id).name == "Elders" and outbox() == []


def test_changing_the_deadline_moves_the_reminders(client, griffier, member_of, course, outbox):
    member = member_of("Rita Herinnering")
    assignment = assign(course, user=member, deadline=TODAY + timedelta(days=3))
    send_due_reminders(griffier.organisation_id, TODAY, 7, 7)
    db.session.commit()
    assert due_reminders(griffier.organisation_id, TODAY, 7, 7) == []  # reminded for the old date
    later = TODAY + timedelta(days=5)
    response = submit(client, f"/griffie/toewijzingen/{assignment.id}/deadline", {"deadline": later.isoformat()})
    assert response.status_code == 302
    [due] = due_reminders(griffier.organisation_id, TODAY, 7, 7)
    assert due.kind == UPCOMING and due.row.deadline == later
    assert "28 november 2026" in client.get("/griffie/toewijzingen").get_data(as_text=True)
    assert "assignment.deadline_changed" in actions()


def test_a_deadline_in_the_past_is_refused(client, griffier, member_of, course):
    assignment = assign(course, user=member_of("Een"), deadline=TODAY)
    html = submit(client, f"/griffie/toewijzingen/{assignment.id}/deadline",
                  {"deadline": "2026-01-01"}).get_data(as_text=True)
    assert 'href="#deadline">Kies een deadline vandaag of later.' in html


def test_another_organisations_deadline_cannot_be_changed(client, griffier, course):
    other = OrganisationFactory()
    foreign = UserFactory(organisation=other)
    db.session.commit()
    assignment = assign(course, user=foreign, deadline=TODAY)
    response = client.post(f"/griffie/toewijzingen/{assignment.id}/deadline",
                           data={"csrf_token": _token(client), "deadline": "2027-01-01"})
    assert response.status_code == 404


def test_resend_all_pending_invitations_needs_confirmation(client, griffier, member_of, outbox):
    member_of("Wacht Een", email="een@voorbeeld.nl", password=False)
    member_of("Wacht Twee", email="twee@voorbeeld.nl", password=False)
    member_of("Al Binnen")
    member_of("Weg", password=False, active=False)
    foreign = UserFactory(organisation=OrganisationFactory(), password=False)
    db.session.commit()
    page = client.get("/griffie/leden").get_data(as_text=True)
    assert "2 leden hebben de uitnodiging nog niet aangenomen" in page
    submit(client, "/griffie/leden/uitnodigingen-opnieuw", {}, page="/griffie/leden")
    assert outbox() == []  # not confirmed: nothing sent
    submit(client, "/griffie/leden/uitnodigingen-opnieuw", {"confirm": "y"}, page="/griffie/leden")
    sent = outbox()
    assert sorted(m.split("\n")[0] for m in sent) == ["To: een@voorbeeld.nl", "To: twee@voorbeeld.nl"]
    assert foreign.email not in "".join(sent)
    listing = client.get("/griffie/leden?account=uitgenodigd").get_data(as_text=True)
    assert "Uitnodiging laatst verstuurd" in listing and "23 november 2026" in listing
    assert "member.invitations_resent" in actions()


def _pdf_text(data: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


def _token(client) -> str:
    from tests.conftest import csrf_from

    return csrf_from(client.get("/leren/").get_data(as_text=True))


def test_a_deactivated_organisation_gets_no_reminders(griffier, member_of, course, outbox):
    from datetime import UTC, datetime

    from app.certificates.services import send_expiry_reminders
    from app.griffie.reminders import send_all

    member = member_of("Rita Herinnering")
    assign(course, user=member, deadline=TODAY + timedelta(days=3))
    CertificateFactory(user=member, expires_at=datetime(2026, 12, 1, tzinfo=UTC))
    griffier.organisation.active = False
    db.session.commit()
    assert send_all(TODAY, 7, 7).sent == 0
    assert send_expiry_reminders(datetime(2026, 11, 23, 9, tzinfo=UTC), 30) == (0, [])
    griffier.organisation.active = True
    db.session.commit()
    assert send_all(TODAY, 7, 7).sent == 1
    assert send_expiry_reminders(datetime(2026, 11, 23, 9, tzinfo=UTC), 30) == (1, [])
