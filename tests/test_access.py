"""Every route, every role: who may see what, and other organisations' objects are 404."""
from __future__ import annotations

import pytest

from app.auth.models import Role
from tests.conftest import csrf_from, submit
from tests.factories import OrganisationFactory, UserFactory

PUBLIC = {"/privacy", "/verify", "/verify/<code>", "/login", "/login/code", "/login/tweestap-instellen", "/wachtwoord-vergeten",
          "/healthz", "/wachtwoord-herstellen/<token>", "/uitnodiging/<token>", "/static/<path:filename>",
          "/e-mailadres-bevestigen/<token>", "/toegankelijkheid", "/taal", "/hulp"}
ANY_LOGGED_IN = {"/", "/uitloggen", "/account", "/account/wachtwoord", "/account/tweestap",
                 "/account/tweestap/uitzetten", "/account/overal-uitloggen",
                 "/account/sessies/<int:session_id>",  # only the user's own; another's answers 404 (tests/auth)
                 "/leren/", "/leren/<course_slug>", "/leren/<course_slug>/verder", "/leren/<course_slug>/<module_slug>/<lesson_slug>",
                 "/leren/<course_slug>/<module_slug>/<lesson_slug>/klaar", "/leren/media/<int:version_id>/<path:path>",
                 # the member's own enrollment only; the URL names no one (tests/certificates/test_retake.py)
                 "/leren/<course_slug>/opnieuw",
                 # attempts: only the member's own, others answer 404 (tests/quizzes/test_play.py)
                 "/leren/<course_slug>/<module_slug>/<lesson_slug>/pogingen",
                 "/leren/<course_slug>/<module_slug>/<lesson_slug>/pogingen/<int:attempt_id>",
                 "/leren/<course_slug>/<module_slug>/<lesson_slug>/pogingen/<int:attempt_id>/resultaat",
                 # own certificates only; another member's answers 404 (tests/certificates/test_issue.py)
                 "/certificaten", "/certificaten/<int:certificate_id>.pdf",
                 # own results only (tests/certificates/test_results.py)
                 "/resultaten",
                 # jobs: only the owner's, anyone else's answer 404 (tests/jobs/test_jobs.py)
                 "/taken/", "/taken/<int:job_id>", "/taken/<int:job_id>/status", "/taken/<int:job_id>/bestand",
                 # one's own data only (tests/privacy)
                 "/mijn-gegevens", "/mijn-gegevens.json", "/mijn-gegevens.html",
                 # the viewer's own organisation's protocol; the URL names none (tests/localinfo/test_page.py)
                 "/lokale-informatie/protocol.pdf"}
MEMBER_ONLY = {"/mijn-gegevens/verwijderen": "GET", "/mijn-gegevens/verwijderen/intrekken": "POST"}
GRIFFIE = {"/griffie/": "GET", "/griffie/overzicht.csv": "GET", "/griffie/herinneringen": "POST",
           "/griffie/leden": "GET", "/griffie/leden/nieuw": "GET", "/griffie/leden/<int:user_id>": "GET",
           "/griffie/leden/importeren": "GET", "/griffie/leden/importeren/bevestigen": "POST",
           "/griffie/leden/<int:user_id>/uitnodiging": "POST", "/griffie/leden/<int:user_id>/deactiveren": "POST",
           "/griffie/leden/<int:user_id>/activeren": "POST", "/griffie/leden/<int:user_id>/bewerken": "GET",
           "/griffie/leden/uitnodigingen-opnieuw": "POST",
           "/griffie/toewijzingen/<int:assignment_id>/deadline": "GET",
           "/griffie/certificaten/<int:certificate_id>/opnieuw-uitreiken": "POST",
           "/griffie/leden/<int:user_id>/pogingen/<int:lesson_id>": "POST",
           "/griffie/groepen": "GET", "/griffie/groepen/<int:group_id>": "GET",
           "/griffie/groepen/<int:group_id>/verwijderen": "POST",
           "/griffie/toewijzingen": "GET", "/griffie/toewijzingen/nieuw": "GET",
           "/griffie/toewijzingen/<int:assignment_id>/verwijderen": "POST",
           "/griffie/certificaten": "GET",
           "/griffie/certificaten/zip": "POST", "/griffie/certificaten/<int:certificate_id>.pdf": "GET",
           "/griffie/certificaten/<int:certificate_id>/intrekken": "POST", "/griffie/rapporten": "GET",
           "/griffie/rapporten/<int:course_id>.pdf": "GET",
           "/griffie/rapporten/<int:course_id>/organisatiecertificaat.pdf": "GET",
           "/griffie/logboek": "GET", "/griffie/logboek.csv": "GET",
           "/griffie/leden/<int:user_id>/gegevens-verwijderen": "GET",
           "/griffie/lokale-informatie": "GET",
           "/griffie/zittingsperiode": "GET", "/griffie/zittingsperiode/bevestigen": "POST",
           "/griffie/zittingsperiode/<int:turnover_id>": "GET",
           "/griffie/zittingsperiode/<int:turnover_id>/opnieuw": "POST"}
ADMIN = {"/beheer/": "GET", "/beheer/organisaties/nieuw": "GET", "/beheer/organisaties/<int:organisation_id>": "GET",
         "/beheer/organisaties/<int:organisation_id>/uitnodigen": "GET",
         "/beheer/organisaties/<int:organisation_id>/bewerken": "GET",
         "/beheer/organisaties/<int:organisation_id>/deactiveren": "POST",
         "/beheer/organisaties/<int:organisation_id>/activeren": "POST",
         "/beheer/organisaties/<int:organisation_id>/verwijderen": "POST",
         "/beheer/gebruik": "GET", "/beheer/gebruikers": "GET", "/beheer/gebruikers/<int:user_id>": "GET",
         "/beheer/gebruikers/<int:user_id>/deactiveren": "POST", "/beheer/gebruikers/<int:user_id>/activeren": "POST",
         "/beheer/gebruikers/<int:user_id>/uitnodiging": "POST",
         "/beheer/logboek": "GET", "/beheer/logboek.csv": "GET",
         "/beheer/gebruikers/<int:user_id>/gegevens-verwijderen": "GET",
         "/beheer/accounts/<int:user_id>/tweestap-resetten": "POST", "/beheer/accounts/<int:user_id>/uitloggen": "POST",
         # terms: another organisation's term through this organisation's address is 404 (tests/admin/test_terms.py)
         "/beheer/organisaties/<int:organisation_id>/zittingsperioden": "GET",
         "/beheer/organisaties/<int:organisation_id>/zittingsperioden/nieuw": "GET",
         "/beheer/organisaties/<int:organisation_id>/zittingsperioden/landelijk": "POST",
         "/beheer/organisaties/<int:organisation_id>/zittingsperioden/herindeling": "GET",
         "/beheer/organisaties/<int:organisation_id>/zittingsperioden/<int:term_id>": "GET",
         "/beheer/organisaties/<int:organisation_id>/zittingsperioden/<int:term_id>/verwijderen": "POST"}

# Trainers and administrators only: every method of every route (tests/authoring covers what they do).
AUTHORING = {"/auteur/": ["GET"], "/auteur/<slug>": ["GET"], "/auteur/<slug>/bestand/<path:path>": ["GET", "POST"],
             "/auteur/<slug>/controleren": ["POST"], "/auteur/<slug>/nieuw": ["GET", "POST"],
             "/auteur/<slug>/bestand/<path:path>/verwijderen": ["POST"], "/auteur/<slug>/weggooien": ["POST"],
             "/auteur/<slug>/afbeeldingen": ["GET", "POST"], "/auteur/<slug>/media/<path:path>": ["GET"],
             "/auteur/<slug>/voorbeeld": ["GET"], "/auteur/<slug>/voorbeeld/<module_slug>/<lesson_slug>": ["GET"],
             "/auteur/<slug>/voorbeeld/<module_slug>/<lesson_slug>/doorlopen": ["GET"],
             "/auteur/<slug>/voorbeeld/<module_slug>/<lesson_slug>/kaart": ["GET"],
             "/auteur/<slug>/publiceren": ["GET", "POST"], "/auteur/<slug>/versies": ["GET"],
             "/auteur/<slug>/versies/vergelijk": ["GET"], "/auteur/<slug>/versies/<int:number>/terugzetten": ["GET", "POST"],
             "/auteur/<slug>/versies/<int:number>/export.zip": ["GET"], "/auteur/importeren": ["GET", "POST"],
             "/auteur/<slug>/analyse": ["GET"]}
AUTHORING_CALLS = [(rule, method) for rule, methods in sorted(AUTHORING.items()) for method in methods]


def test_every_route_is_in_this_access_matrix(app):
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert rules == PUBLIC | ANY_LOGGED_IN | set(MEMBER_ONLY) | set(GRIFFIE) | set(ADMIN) | set(AUTHORING)
    for rule in app.url_map.iter_rules():
        if rule.rule in AUTHORING:
            assert set(AUTHORING[rule.rule]) == rule.methods - {"HEAD", "OPTIONS"}, rule.rule


def authoring_url(rule: str) -> str:
    return (rule.replace("<slug>", "testcursus").replace("<path:path>", "01-begin/02-twee.md")
            .replace("<module_slug>", "begin").replace("<lesson_slug>", "een").replace("<int:number>", "1")
            + ("?van=1&naar=1" if rule.endswith("vergelijk") else ""))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.GRIFFIER])
@pytest.mark.parametrize(("rule", "method"), AUTHORING_CALLS)
def test_authoring_routes_refuse_members_and_griffiers(client, login_as, course, role, rule, method):
    login_as(role)
    assert call(client, authoring_url(rule), method).status_code == 403


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
@pytest.mark.parametrize(("rule", "method"), AUTHORING_CALLS)
def test_authoring_routes_admit_trainers_and_administrators(client, login_as, course, role, rule, method):
    login_as(role)
    client.get("/auteur/testcursus")  # the draft exists
    status = call(client, authoring_url(rule), method).status_code
    assert status < 500 and status != 403, status


@pytest.mark.parametrize(("rule", "method"), AUTHORING_CALLS)
def test_authoring_routes_send_anonymous_to_login(client, course, rule, method):
    response = client.get(authoring_url(rule)) if method == "GET" else client.post(authoring_url(rule))
    assert response.status_code in (302, 400)  # a POST without a session has no valid CSRF token either
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")


@pytest.fixture
def others(db):
    """An organisation that is not the logged-in user's, with a member."""
    other = OrganisationFactory(name="Gemeente Anderstad")
    member = UserFactory(organisation=other, password=False)
    db.session.commit()
    return other, member


def fill(rule: str, user_id: int = 1, organisation_id: int = 1, certificate_id: int = 1, group_id: int = 1,
         assignment_id: int = 1) -> str:
    return (rule.replace("<int:user_id>", str(user_id)).replace("<int:organisation_id>", str(organisation_id))
            .replace("<int:certificate_id>", str(certificate_id)).replace("<int:course_id>", "1")
            .replace("<int:group_id>", str(group_id)).replace("<int:assignment_id>", str(assignment_id))
            .replace("<int:lesson_id>", "1").replace("<int:term_id>", "1").replace("<int:turnover_id>", "1"))


def call(client, rule, method, **ids):
    url = fill(rule, **ids)
    if method == "POST":
        token = csrf_from(client.get("/leren/").get_data(as_text=True))
        return client.post(url, data={"csrf_token": token})
    return client.get(url)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.TRAINER, Role.ADMIN])
@pytest.mark.parametrize("rule", sorted(GRIFFIE))
def test_griffie_routes_refuse_other_roles(client, login_as, others, role, rule):
    user = login_as(role)
    assert call(client, rule, GRIFFIE[rule], user_id=user.id).status_code == 403


@pytest.mark.parametrize("role", [Role.GRIFFIER, Role.TRAINER, Role.ADMIN])
@pytest.mark.parametrize("rule", sorted(MEMBER_ONLY))
def test_member_only_routes_refuse_staff(client, login_as, role, rule):
    login_as(role)
    assert call(client, rule, MEMBER_ONLY[rule]).status_code == 403


@pytest.mark.parametrize("role", [Role.MEMBER, Role.TRAINER, Role.GRIFFIER])
@pytest.mark.parametrize("rule", sorted(ADMIN))
def test_admin_routes_refuse_other_roles(client, login_as, role, rule):
    user = login_as(role)
    assert call(client, rule, ADMIN[rule], organisation_id=user.organisation_id, user_id=user.id).status_code == 403


@pytest.mark.parametrize("rule", [r for r in sorted(ADMIN) if "<int:" in r])
def test_admin_routes_answer_404_for_what_does_not_exist(client, login_as, rule):
    login_as(Role.ADMIN)
    assert call(client, rule, ADMIN[rule], organisation_id=999999, user_id=999999).status_code == 404


@pytest.mark.parametrize("rule", [r for r in sorted(GRIFFIE) if "user_id" in r])
def test_griffier_gets_404_for_another_organisations_member(client, login_as, others, rule):
    _, foreign = others
    login_as(Role.GRIFFIER)
    assert call(client, rule, GRIFFIE[rule], user_id=foreign.id).status_code == 404


@pytest.fixture
def foreign_certificate(db, others):
    from tests.factories import CertificateFactory

    _, member = others
    certificate = CertificateFactory(user=member)
    db.session.commit()
    return certificate


@pytest.mark.parametrize("rule", [r for r in sorted(GRIFFIE) if "certificate_id" in r])
def test_griffier_gets_404_for_another_organisations_certificate(client, login_as, foreign_certificate, rule):
    login_as(Role.GRIFFIER)
    assert call(client, rule, GRIFFIE[rule], certificate_id=foreign_certificate.id).status_code == 404


@pytest.fixture
def foreign_group(db, others):
    """Another organisation's group with its member in it and a course assigned to it."""
    from app.assignments.models import Assignment, Group
    from tests.factories import _version

    organisation, member = others
    group = Group(organisation_id=organisation.id, name="Raad van Anderstad", members=[member])
    db.session.add(group)
    db.session.flush()
    assignment = Assignment(organisation_id=organisation.id, course_id=_version().course_id, group_id=group.id)
    db.session.add(assignment)
    db.session.commit()
    return group, assignment


@pytest.mark.parametrize("rule", [r for r in sorted(GRIFFIE) if "group_id" in r or "assignment_id" in r])
def test_griffier_gets_404_for_another_organisations_group_or_assignment(client, login_as, foreign_group, rule):
    group, assignment = foreign_group
    login_as(Role.GRIFFIER)
    assert call(client, rule, GRIFFIE[rule], group_id=group.id, assignment_id=assignment.id).status_code == 404


def test_other_organisations_groups_and_assignments_stay_hidden(client, login_as, foreign_group, others):
    from app.assignments.models import Assignment, Group

    group, assignment = foreign_group
    login_as(Role.GRIFFIER)
    for page in ("/griffie/", "/griffie/groepen", "/griffie/toewijzingen", "/griffie/toewijzingen/nieuw",
                 "/griffie/overzicht.csv"):
        body = client.get(page).get_data(as_text=True)
        assert others[1].name not in body and group.name not in body, page
    # The group and assignment are still there: the griffier's 404s refused, they did not delete.
    from app.extensions import db

    for rule in ("/griffie/groepen/<int:group_id>/verwijderen", "/griffie/toewijzingen/<int:assignment_id>/verwijderen"):
        assert call(client, rule, "POST", group_id=group.id, assignment_id=assignment.id).status_code == 404
    db.session.expire_all()
    assert db.session.get(Group, group.id) is not None and db.session.get(Assignment, assignment.id) is not None


def test_other_organisations_certificates_are_not_listed_or_zipped(client, login_as, foreign_certificate):
    login_as(Role.GRIFFIER)
    assert foreign_certificate.name not in client.get("/griffie/certificaten").get_data(as_text=True)
    response = submit(client, "/griffie/certificaten/zip", {}, page="/griffie/certificaten")
    assert response.status_code == 302 and "/taken/" not in response.headers["Location"]  # nothing of its own to zip


# new attempts need an activity the member used up: tests/griffie/test_attempt_reset.py
@pytest.mark.parametrize("rule", [r for r in sorted(GRIFFIE) if "user_id" in r and "lesson_id" not in r])
def test_griffier_reaches_own_member(client, login_as, db, rule):
    griffier = login_as(Role.GRIFFIER)
    own = UserFactory(organisation=griffier.organisation, password=False)
    db.session.commit()
    assert call(client, rule, GRIFFIE[rule], user_id=own.id).status_code in (200, 302)


def test_griffie_member_list_shows_only_own_organisation(client, login_as, others, db):
    griffier = login_as(Role.GRIFFIER)
    UserFactory(organisation=griffier.organisation, name="Eigen Lid")
    db.session.commit()
    html = client.get("/griffie/leden").get_data(as_text=True)
    assert "Eigen Lid" in html and others[1].name not in html


@pytest.mark.parametrize("rule", sorted(set(GRIFFIE) | set(ADMIN) | set(MEMBER_ONLY) | {"/leren/", "/", "/mijn-gegevens"}))
def test_anonymous_is_sent_to_login(client, db, rule):
    response = call(client, rule, "GET")
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")


def test_griffie_member_list_query_count_does_not_grow(client, login_as, db, count_queries):
    griffier = login_as(Role.GRIFFIER)
    UserFactory(organisation=griffier.organisation)
    db.session.commit()
    with count_queries() as few:
        client.get("/griffie/leden")
    for _ in range(20):
        UserFactory(organisation=griffier.organisation)
    db.session.commit()
    with count_queries() as many:
        client.get("/griffie/leden")
    assert len(many) == len(few)


def test_griffier_sees_completion_but_no_answers(client, login_as, db):
    griffier = login_as(Role.GRIFFIER)
    member = UserFactory(organisation=griffier.organisation, name="Lid Een")
    db.session.commit()
    html = client.get(f"/griffie/leden/{member.id}").get_data(as_text=True)
    assert "<h1>Lid Een</h1>" in html
    assert "niet wat iemand heeft geantwoord" in html


def test_admin_creates_an_organisation_and_invites_its_griffier(client, login_as, db, outbox):
    from tests.conftest import submit

    login_as(Role.ADMIN)
    response = submit(client, "/beheer/organisaties/nieuw", {"name": "Waterschap Rivierenland", "kind": "waterschap"})
    assert response.status_code == 302
    org_url = response.headers["Location"]
    response = submit(client, org_url + "/uitnodigen",
                      {"name": "Gerrit Griffier", "email": "griffier@rivierenland.example", "role": "griffier", "function": "raadslid"})
    assert response.status_code == 302
    html = client.get(org_url).get_data(as_text=True)
    assert "Gerrit Griffier" in html and "Griffier" in html and "Uitgenodigd" in html
    assert "griffier@rivierenland.example" in outbox()[0]
    again = submit(client, "/beheer/organisaties/nieuw", {"name": "waterschap rivierenland", "kind": "waterschap"})
    assert "Er is al een organisatie met deze naam." in again.get_data(as_text=True)


@pytest.mark.parametrize("rule", sorted(rule for rule, method in {**GRIFFIE, **ADMIN, **MEMBER_ONLY}.items()
                                        if method == "POST"))
def test_anonymous_post_with_a_valid_csrf_token_is_sent_to_login(client, db, rule):
    """The login page hands anyone a CSRF token; with it, a POST still needs an account (e.g. confirming a
    new council, removing a term)."""
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(fill(rule), data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
