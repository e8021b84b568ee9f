"""The English catalogue covers every string; the tooling the lead uses to finish new strings works."""
from __future__ import annotations

from app.i18n_tools import fresh_template, missing, read_catalogue


def test_every_source_string_has_an_english_translation():
    problems = missing("en")
    assert not problems, ("the English catalogue is incomplete; run `make translations`, translate the "
                          "entries in app/translations/en/LC_MESSAGES/messages.po:\n" + "\n".join(problems))


def test_the_check_reports_missing_and_fuzzy_entries(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog

    import app.i18n_tools as tools

    template = Catalog()
    template.add("Nieuwe tekst", locations=[("app/x.py", None)])
    template.add("Vage tekst", locations=[("app/x.py", None)])
    template.add("Klaar", locations=[("app/x.py", None)])
    catalogue = Catalog(locale="en")
    catalogue.add("Vage tekst", "Vague text", flags=["fuzzy"])
    catalogue.add("Klaar", "Done")
    monkeypatch.setattr(tools, "read_catalogue", lambda language: catalogue)
    assert tools.missing("en", template) == [
        "not in en/messages.po: 'Nieuwe tekst' (app/x.py)", "fuzzy: 'Vage tekst' (app/x.py)"]


def test_placeholders_survive_translation():
    """A translation that drops or renames %(name)s would crash or show the wrong thing."""
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]")
    catalogue = read_catalogue("en")
    wrong = []
    for message in fresh_template():
        if not message.id:
            continue
        entry = catalogue.get(message.id)
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        expected = set().union(*(placeholder.findall(i) for i in ids))
        for string in strings:
            if set(placeholder.findall(string)) - expected:
                wrong.append(f"{ids[0]!r} -> {string!r}")
        if isinstance(message.id, str) and set(placeholder.findall(strings[0])) != expected:
            wrong.append(f"{ids[0]!r} -> {strings[0]!r}")
    assert not wrong, "\n".join(wrong)
