"""Every page: the error summary the GOV.UK way, the statement in the footer, the print stylesheet."""
from __future__ import annotations

import re

from tests.conftest import csrf_from


def test_a_rejected_form_says_so_in_the_title_and_puts_the_summary_first(client):
    html = client.post("/login", data={"csrf_token": csrf_from(client.get("/login").get_data(as_text=True))}
                       ).get_data(as_text=True)
    assert "<title>Fout: Inloggen · Weerbaar Leren</title>" in html
    main = html.split('<main id="inhoud" class="container" tabindex="-1">')[1]
    assert main.lstrip().startswith('<div class="error-summary" role="alert"'), "the summary is not first in <main>"
    assert main.count('id="foutmeldingen"') == 1
    assert '<a href="#email">Vul je e-mailadres in.</a>' in main and 'id="email"' in main
    assert '<script src="/static/js/errors.js" defer></script>' in html


def test_a_page_without_errors_has_a_plain_title_and_no_script(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<title>Inloggen · Weerbaar Leren</title>" in html and "errors.js" not in html


def test_english_error_title(client):
    html = client.post("/login", headers={"Accept-Language": "en"},
                       data={"csrf_token": csrf_from(client.get("/login").get_data(as_text=True))}).get_data(as_text=True)
    assert "<title>Error: Log in · Weerbaar Leren</title>" in html and "Enter your e-mail address." in html


def test_the_focus_script_is_served(client):
    with client.get("/static/js/errors.js") as response:
        assert response.status_code == 200 and b"foutmeldingen" in response.data


def test_the_accessibility_statement_is_linked_from_every_page_and_in_both_languages(client, login_as):
    assert '<a href="/toegankelijkheid">Toegankelijkheid</a>' in client.get("/login").get_data(as_text=True)
    dutch = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "<h1>Toegankelijkheidsverklaring</h1>" in dutch
    for part in ("Wat we hebben getest", "axe-core", "Bekende beperkingen", "Een probleem melden", "2 december 2026"):
        assert part in dutch
    english = client.get("/toegankelijkheid", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in english and "Known limitations" in english
    assert "2 December 2026" in english
    login_as("griffier")
    assert '<a href="/toegankelijkheid">Toegankelijkheid</a>' in client.get("/griffie/").get_data(as_text=True)


def test_the_print_stylesheet_is_linked_and_served(client):
    html = client.get("/verify").get_data(as_text=True)
    link = re.search(r'<link rel="stylesheet" href="([^"]+)" media="print">', html)
    assert link, "no print stylesheet linked"
    with client.get(link.group(1)) as response:
        css = response.get_data(as_text=True)
    assert ".site-header" in css and "display: none" in css


def test_the_main_menu_wraps_instead_of_running_off_a_phone(client):
    with client.get("/static/css/weerbaar.css") as response:
        css = response.get_data(as_text=True)
    assert re.search(r"\.site-nav ul \{[^}]*flex-wrap: wrap", css)
    assert re.search(r"\.table-wrap \{[^}]*position: relative", css)
