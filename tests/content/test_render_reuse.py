"""The Markdown renderer is reused between files; nothing of one file shows up in the next."""
from app.content.render import render_markdown


def test_footnotes_headings_and_links_do_not_carry_over_to_the_next_file():
    first = render_markdown("## Melden\n\nTekst[^a].\n\n[^a]: Eerste voetnoot.", link=lambda target: "/les/" + target)
    second = render_markdown("## Melden\n\n[Verder](volgende.md) en tekst[^a].\n\n[^a]: Tweede voetnoot.")
    assert "Eerste voetnoot" in first
    assert "Eerste voetnoot" not in second and "Tweede voetnoot" in second
    assert 'id="melden"' in second  # not melden_1: heading ids start afresh per file
    assert 'href="volgende.md"' in second  # the first file's link resolver is gone
