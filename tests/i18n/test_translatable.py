"""Every string a user can read goes through gettext, so the English catalogue can cover it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import do

APP = Path(__file__).resolve().parents[2] / "app"
TEMPLATES = APP / "templates"

TAG = re.compile(r"<[^>]*>", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->|<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)  # comments and format examples
ATTRIBUTE = re.compile(r"""\b(aria-label|title|alt|placeholder)\s*=\s*"([^"\x00]*)\"""")
WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
# Text that is the same in every language: the product name, symbols and format examples.
ALLOWED_TEXT = {"Weerbaar Leren", "CSV", "PDF", "ZIP", "Excel", "Markdown", "YAML", "SVG", "doctype html",
                "www.weerbaarbestuur.nl"}  # an address reads the same in every language


def _bare_text(source: str) -> list[str]:
    """Literal words in the page: text between HTML tags (or in a few attributes) outside {{ }}, {% %} and {# #}."""
    env = Environment(extensions=[do, "jinja2.ext.i18n"])
    parts = []
    for _lineno, token, value in env.lex(source):
        if token == "data":
            parts.append(value)
        elif token in ("variable_begin", "block_begin"):
            parts.append("\x00")  # a hole where Jinja prints something: not literal text
    page = COMMENT.sub(" ", "".join(parts))
    found = [f'{name}="{literal}"' for name, literal in ATTRIBUTE.findall(page) if WORD.search(literal)]
    for run in re.split(r"\x00|\n|\s{2,}", TAG.sub("\x00", page)):
        run = run.strip(" ·:;,.()|/–-›\t")
        if WORD.search(run) and run not in ALLOWED_TEXT and not run.startswith("&"):
            found.append(run)
    return found


def test_templates_have_no_bare_text():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        problems += [f"{path.relative_to(APP)}: {text!r}" for text in _bare_text(source)]
    assert not problems, "text outside {{ _() }} in templates:\n" + "\n".join(problems)


USER_FACING_CALLS = {"flash", "abort_with", "ValidationError", "Label"}
LABEL_FIELDS = re.compile(r"(Field|Button)$")


def _literal_arguments(tree: ast.AST):
    """String literals passed straight to flash(), a WTForms field's label or a validator's message."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        candidates = []
        if name in USER_FACING_CALLS and node.args:
            candidates.append(node.args[0])
        if LABEL_FIELDS.search(name) and node.args:
            candidates.append(node.args[0])
        candidates += [kw.value for kw in node.keywords if kw.arg in {"message", "label", "description"}]
        for candidate in candidates:
            if isinstance(candidate, (ast.Constant, ast.JoinedStr)) and (
                    not isinstance(candidate, ast.Constant) or isinstance(candidate.value, str) and WORD.search(candidate.value)):
                yield node.lineno, ast.unparse(candidate)


def test_python_messages_and_labels_are_translatable():
    problems = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(APP)}:{line}: {text}" for line, text in _literal_arguments(tree)]
    assert not problems, "literal text shown to users without _() or _l():\n" + "\n".join(problems)


def test_the_checker_finds_bare_text():
    assert _bare_text("<p>Hallo {{ name }}</p><p>{{ _('Goed') }}</p>") == ["Hallo"]
    assert _bare_text('<nav aria-label="Menu"></nav>') == ['aria-label="Menu"']
    assert _bare_text("<p>{{ _('Goed') }} · {{ n }}</p>") == []


GETTEXT = {"_", "_l", "gettext", "lazy_gettext", "ngettext"}


def test_gettext_is_called_with_literal_text():
    """_(variable) translates nothing: extraction never sees the string, so it has no English."""
    problems = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT and node.args
                    and not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))):
                problems.append(f"{path.relative_to(APP)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert not problems, "gettext with a non-literal message:\n" + "\n".join(problems)


def test_the_python_checker_finds_literal_labels():
    tree = ast.parse('flash("Opgeslagen")\nname = StringField("Naam")\nok = StringField(_l("Naam"))')
    assert [text for _line, text in _literal_arguments(tree)] == ["'Opgeslagen'", "'Naam'"]


def test_scripts_hold_no_text_for_people():
    """Scripts read their words from data- attributes filled by gettext; a sentence in a .js file is untranslatable."""
    literal = re.compile(r"""(["'])((?:(?!\1).)*)\1""")
    sentence = re.compile(r"[A-Za-zÀ-ÿ]{2,} [A-Za-zÀ-ÿ]{2,}")
    problems = []
    for path in sorted((APP / "static" / "js").glob("*.js")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//")[0]
            if code.strip().startswith(("/*", "*")):
                continue
            problems += [f"{path.name}:{number}: {text!r}" for _q, text in literal.findall(code)
                         if sentence.search(text) and text != "use strict" and "--" not in text]
    assert not problems, "\n".join(problems)
