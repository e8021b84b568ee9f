"""Inviting members from a CSV file: a preview per row first, nothing saved until confirmed."""
from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from app.auth.models import Function, Role, User
from app.extensions import db
from tests.conftest import csrf_from
from tests.factories import OrganisationFactory, UserFactory

GOOD = "naam,e-mailadres,functie\nAnna de Vries,anna@voorbeeld.nl,raadslid\nJan Bos,jan@voorbeeld.nl,Wethouder\n"


def upload(client, content: bytes | str, filename: str = "leden.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    token = csrf_from(client.get("/griffie/leden/importeren").get_data(as_text=True))
    return client.post("/griffie/leden/importeren", content_type="multipart/form-data",
                       data={"csrf_token": token, "file": (io.BytesIO(data), filename)})


def confirm(client, preview_html: str):
    token = csrf_from(preview_html)
    text = re.search(r'name="csv_text" type="hidden" value="([^"]*)"', preview_html)
    import html as html_lib

    return client.post("/griffie/leden/importeren/bevestigen",
                       data={"csrf_token": token, "csv_text": html_lib.unescape(text.group(1))})


def members_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.MEMBER))


def test_preview_shows_each_row_and_saves_nothing(client, griffier, outbox):
    html = upload(client, GOOD).get_data(as_text=True)
    assert "<h1>Controleer de import</h1>" in html
    assert "2 leden krijgen een uitnodiging." in html and "Er is nog niets opgeslagen" in html
    assert "Anna de Vries" in html and "Wethouder" in html
    assert members_count() == 0 and outbox() == []


def test_cancel_leaves_nothing_behind(client, griffier, outbox):
    html = upload(client, GOOD).get_data(as_text=True)
    assert 'href="/griffie/leden">Annuleren, niets opslaan' in html  # cancelling is a plain link away
    client.get("/griffie/leden")
    assert members_count() == 0 and outbox() == []


def test_confirm_invites_every_good_row(client, griffier, outbox):
    response = confirm(client, upload(client, GOOD).get_data(as_text=True))
    assert response.status_code == 302
    people = db.session.execute(select(User.name, User.email, User.function, User.organisation_id)
                                .where(User.role == Role.MEMBER).order_by(User.name)).all()
    assert people == [("Anna de Vries", "anna@voorbeeld.nl", Function.RAADSLID, griffier.organisation_id),
                      ("Jan Bos", "jan@voorbeeld.nl", Function.WETHOUDER, griffier.organisation_id)]
    mails = outbox()
    assert len(mails) == 2 and "To: anna@voorbeeld.nl" in mails[0] and "/uitnodiging/" in mails[0]
    assert "2 leden uitgenodigd." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_every_row_error_is_named_on_its_row(client, griffier, db):
    other = OrganisationFactory(name="Gemeente Elders")
    UserFactory(organisation=other, email="bezet@elders.nl")
    UserFactory(organisation=griffier.organisation, email="al@hier.nl", name="Al Hier")
    db.session.commit()
    rows = ("naam;e-mailadres;functie\n"
            "Goed Lid;goed@voorbeeld.nl;raadslid\n"          # row 2: invited
            "Slecht Adres;geen-adres;raadslid\n"             # row 3
            "Rare Functie;raar@voorbeeld.nl;koning\n"        # row 4
            ";leeg@voorbeeld.nl;raadslid\n"                  # row 5
            "Tweede Keer;GOED@voorbeeld.nl;wethouder\n"      # row 6: duplicate of row 2
            "Elders Lid;bezet@elders.nl;raadslid\n"          # row 7
            "Al Hier;al@hier.nl;raadslid\n"                  # row 8: skipped, not an error
            "Geen Functie;geenfunctie@voorbeeld.nl;\n")      # row 9
    html = upload(client, rows).get_data(as_text=True)
    cells = {int(m.group(1)): m.group(2) for m in re.finditer(
        r'<th scope="row" class="num">(\d+)</th>(.*?)</tr>', html, re.S)}
    assert "Wordt uitgenodigd" in cells[2]
    assert "„geen-adres” is geen geldig e-mailadres." in cells[3]
    assert "Onbekende functie „koning”. Kies uit: raadslid, wethouder" in cells[4]
    assert "De naam ontbreekt." in cells[5]
    assert "Dit e-mailadres staat ook in rij 2." in cells[6]
    assert "al in gebruik bij een andere organisatie" in cells[7] and "Gemeente Elders" not in html
    assert "Staat al in je organisatie: overgeslagen" in cells[8]
    assert "De functie ontbreekt." in cells[9]
    assert "1 lid krijgt een uitnodiging." in html and "6 rijen hebben een fout" in html
    confirm(client, html)
    invited = set(db.session.scalars(select(User.email).where(User.invited_at.is_not(None))))
    assert invited == {"goed@voorbeeld.nl"}


def test_a_file_as_dutch_excel_writes_it(client, griffier):
    excel = ("\ufeffNaam;E-mailadres;Functie\r\n"
             "Zoë Ağaoğlu;zoe@voorbeeld.nl;Raadslid\r\n"
             "\"Berg, van den\";berg@voorbeeld.nl;Burgemeester\r\n"
             ";;\r\n").encode("utf-8")
    html = upload(client, excel).get_data(as_text=True)
    assert "2 leden krijgen een uitnodiging." in html and "Fout" not in html
    confirm(client, html)
    assert set(db.session.scalars(select(User.name).where(User.role == Role.MEMBER))) == {"Zoë Ağaoğlu", "Berg, van den"}


def test_file_level_problems_say_what_to_do(client, griffier):
    latin1 = "naam;e-mailadres;functie\nJosé;jose@voorbeeld.nl;raadslid\n".encode("cp1252")
    assert "geen UTF-8" in upload(client, latin1).get_data(as_text=True)
    assert "De kolom „e-mailadres” ontbreekt" in upload(client, "naam;functie\nA;raadslid\n").get_data(as_text=True)
    assert "alleen kolomnamen" in upload(client, "naam,e-mailadres,functie\n").get_data(as_text=True)
    assert "Het bestand is leeg" in upload(client, "").get_data(as_text=True)
    html = upload(client, "").get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#file"' in html
    assert members_count() == 0


def test_a_tampered_confirmation_is_checked_again(client, griffier, db):
    other = OrganisationFactory(name="Gemeente Elders")
    UserFactory(organisation=other, email="bezet@elders.nl")
    db.session.commit()
    token = csrf_from(client.get("/griffie/leden/importeren").get_data(as_text=True))
    client.post("/griffie/leden/importeren/bevestigen", data={
        "csrf_token": token, "csv_text": "naam,e-mailadres,functie\nKaper,bezet@elders.nl,raadslid\nEcht,echt@v.nl,raadslid\n"})
    emails = set(db.session.scalars(select(User.email)))
    assert "echt@v.nl" in emails
    assert db.session.scalar(select(User.organisation_id).where(User.email == "bezet@elders.nl")) == other.id
    assert client.post("/griffie/leden/importeren/bevestigen", data={"csv_text": GOOD}).status_code == 400  # no CSRF
