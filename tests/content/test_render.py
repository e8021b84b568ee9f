"""Rendering is safe whatever an author (or an attacker with a course file) writes."""
from app.content.render import render_markdown


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown('Hallo <script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n<a href="#" onclick="x()">a</a>')
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "onclick" not in html


def test_only_http_https_and_mailto_links_survive():
    html = render_markdown("[a](javascript:alert(1)) [b](https://example.org) [c](mailto:griffie@example.org) [d](data:text/html,x)")
    assert 'href="https://example.org"' in html
    assert 'href="mailto:griffie@example.org"' in html
    assert "javascript:" not in html and "data:" not in html


def test_attr_list_cannot_add_handlers():
    html = render_markdown("Tekst\n{: onmouseover=\"alert(1)\" }")
    assert "onmouseover" not in html


def test_trainer_extensions_render():
    text = (
        "## Kop\n\n| Jaar | Aandeel |\n|---|---:|\n| 2024 | 45% |\n\n"
        '!!! tip "Goed om te weten"\n    Praat erover.\n\n'
        "Een bewering[^1].\n\n[^1]: De bron.\n\n```\ncode\n```\n"
    )
    html = render_markdown(text)
    assert '<h2 id="kop">Kop</h2>' in html
    assert '<th scope="col">Jaar</th>' in html
    assert '<div class="admonition tip">' in html and '<p class="admonition-title">Goed om te weten</p>' in html
    assert 'class="footnote"' in html
    assert "<pre><code>code" in html


def test_relative_links_are_rewritten_by_the_resolver():
    html = render_markdown("[volgende](02-twee.md#kop)", link=lambda target: "/leren/c/m/twee#kop")
    assert 'href="/leren/c/m/twee#kop"' in html
