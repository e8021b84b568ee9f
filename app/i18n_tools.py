"""Keeping the English catalogue complete: extract, update, compile and list what is left to translate.

`flask translate update|compile|missing` and `make translations` call these; the tests call
`fresh_template()` and `missing()` to fail when a string has no English yet.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.catalogue import TRANSLATIONS

ROOT = TRANSLATIONS.parent.parent
BABEL_CFG = ROOT / "babel.cfg"
TEMPLATE = TRANSLATIONS / "messages.pot"  # generated for translation tools, not committed
SKIP_DIRS = {"node_modules", "tests", "courses", "migrations", "instance", "test-artifacts"}
TARGET_LANGUAGES = ("en",)
KEYWORDS = ("_l", "lazy_gettext")  # on top of Babel's defaults (_, gettext, ngettext, ...)


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def template_catalogue() -> Catalog:
    """Every translatable string in app/ (Python and templates), with the files it appears in."""
    with BABEL_CFG.open() as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = {**DEFAULT_KEYWORDS, **{keyword: None for keyword in KEYWORDS}}
    catalogue = Catalog(project="Weerbaar Leren", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords, strip_comment_tags=True,
        directory_filter=lambda path: Path(path).name not in SKIP_DIRS and not Path(path).name.startswith((".", "_")),
    ):
        catalogue.add(message, None, [(filename, None)], auto_comments=comments, context=context)
    return catalogue


def extract(output: Path = TEMPLATE) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as file:
        write_po(file, template_catalogue(), width=0, sort_by_file=True, include_lineno=False)
    return output


def fresh_template() -> Catalog:
    return template_catalogue()


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def update() -> None:
    """Extract, then merge into each .po: new strings arrive empty (never guessed), vanished ones are dropped."""
    template = template_catalogue()
    for language in TARGET_LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalogue = read_catalogue(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue = Catalog(locale=language, project="Weerbaar Leren", charset="utf-8")
        catalogue.update(template, no_fuzzy_matching=True)
        with path.open("wb") as file:
            write_po(file, catalogue, width=0, sort_by_file=True, include_lineno=False, ignore_obsolete=True)


def compile_all() -> list[Path]:
    """Write each .mo next to its .po when the .po is newer (fast enough to call before every test run)."""
    written = []
    for language in TARGET_LANGUAGES:
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalogue = read_catalogue(language)
        with mo.open("wb") as file:
            write_mo(file, catalogue, use_fuzzy=False)
        written.append(mo)
    return written


def _untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not all(strings)


def missing(language: str, template: Catalog | None = None) -> list[str]:
    """Lines describing each source string without a usable translation: absent, empty or fuzzy."""
    template = template or fresh_template()
    catalogue = read_catalogue(language)
    problems = []
    for message in template:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        entry = catalogue.get(message.id, message.context)
        where = ", ".join(sorted({file for file, _line in message.locations})) or "?"
        if entry is None:
            problems.append(f"not in {language}/messages.po: {key!r} ({where})")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {key!r} ({where})")
        elif _untranslated(entry):
            problems.append(f"untranslated: {key!r} ({where})")
    return problems
