"""Markdown to safe HTML. Runs once, when content is imported, never per request."""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from html import escape
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from app.catalogue import translations
from app.content.links import is_external

Resolver = Callable[[str], str | None]

EXTENSIONS = ["tables", "fenced_code", "footnotes", "admonition", "attr_list", "toc", "sane_lists"]
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p", "pre", "s", "small", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
}


class _RewriteLinks(Treeprocessor):
    """Resolves relative links with whatever the current render_markdown call was given."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.link: Resolver = _none
        self.image: Resolver = _none

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                self._rewrite(element, "href", self.link)
            elif element.tag == "img":
                self._rewrite(element, "src", self.image)
            elif element.tag == "th" and element.get("scope") is None:
                element.set("scope", "col")  # header cells tell screen readers what they head

    @staticmethod
    def _rewrite(element: Element, attribute: str, resolver: Resolver) -> None:
        value = element.get(attribute, "")
        if value and not is_external(value):
            url = resolver(value)
            if url is not None:
                element.set(attribute, url)


class _Rewriter(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_RewriteLinks(md), "weerbaar_links", 1)


def _none(_target: str) -> str | None:
    return None


_local = threading.local()
TABLE = re.compile(r"(<table\b[^>]*>.*?</table>)", re.DOTALL)


def _renderer(language: str) -> tuple[markdown.Markdown, _RewriteLinks]:
    """One Markdown instance per thread and language, reset between texts: building one loads seven
    extensions, which took three quarters of a course sync when it happened for every file."""
    renderers = _local.__dict__.setdefault("by_language", {})
    if language not in renderers:
        md = markdown.Markdown(
            extensions=[*EXTENSIONS, _Rewriter()],
            extension_configs={"footnotes": {"BACKLINK_TITLE": translations(language).gettext("Terug naar de tekst")}},
            output_format="html",
        )
        renderers[language] = md, md.treeprocessors["weerbaar_links"]
    return renderers[language]


def render_markdown(text: str, link: Resolver = _none, image: Resolver = _none, language: str = "nl") -> str:
    """Render a Markdown body and sanitise it: only http, https and mailto links survive.

    Our own words in the result (a table's label, the footnote's back link) are in the course's language.
    """
    md, rewriter = _renderer(language)
    md.reset()  # footnotes, heading ids and references belong to one text only
    rewriter.link, rewriter.image = link, image
    try:
        html = md.convert(text)
    finally:
        rewriter.link = rewriter.image = _none
    clean = _sanitise(html)
    # After sanitising, which would drop these attributes: a wide table scrolls in its own focusable box.
    label = escape(translations(language).gettext("Tabel, scrolt opzij op een smal scherm"))
    region = f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">'
    return TABLE.sub(lambda match: region + match.group(1) + "</div>", clean)


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


def render_inline(text: str, link: Resolver = _none, image: Resolver = _none, language: str = "nl") -> str:
    """For short texts inside our own markup (an answer option, a choice): no wrapping paragraph."""
    html = render_markdown(text, link, image, language).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
