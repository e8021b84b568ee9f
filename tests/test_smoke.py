def test_login_page_has_labelled_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<label class="field__label" for="email">E-mailadres</label>' in html
    assert '<label class="field__label" for="password">Wachtwoord</label>' in html
    assert 'value="Inloggen"' in html
