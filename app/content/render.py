"""Markdown to safe HTML. Runs once, when content is imported, never per request."""
from __future__ import annotations

import threading
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_RewriteLinks(md), "weerbaar_links", 1)


def _none(_target: str) -> str | None:
    return None


_local = threading.local()


def _renderer() -> tuple[markdown.Markdown, _RewriteLinks]:
    """One Markdown instance per thread, reset between texts: building one loads seven extensions,
    which took three quarters of a course sync when it happened for every file."""
    if not hasattr(_local, "md"):
        md = markdown.Markdown(
            extensions=[*EXTENSIONS, _Rewriter()],
            extension_configs={"footnotes": {"BACKLINK_TITLE": "Terug naar de tekst"}},
            output_format="html",
        )
        _local.md = md, md.treeprocessors["weerbaar_links"]
    return _local.md


def render_markdown(text: str, link: Resolver = _none, image: Resolver = _none) -> str:
    """Render a Markdown body and sanitise it: only http, https and mailto links survive."""
    md, rewriter = _renderer()
    md.reset()  # footnotes, heading ids and references belong to one text only
    rewriter.link, rewriter.image = link, image
    try:
        html = md.convert(text)
    finally:
        rewriter.link = rewriter.image = _none
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


def render_inline(text: str, link: Resolver = _none, image: Resolver = _none) -> str:
    """For short texts inside our own markup (an answer option, a choice): no wrapping paragraph."""
    html = render_markdown(text, link, image).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
