"""Authoring operations. Plain arguments in, flush, never `request`: the route or the CLI commits.

A draft is the course's files in memory. Every check and every import goes through
app.content (the validator of `flask courses validate`) and app.courses.services
(`sync_files`, the same path as `flask courses sync`): there is no second parser.
"""
from __future__ import annotations

import difflib
import hashlib
import io
import posixpath
import re
import secrets
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.auth.models import User
from app.authoring.models import CourseDraft, DraftAsset, Publication
from app.content import Problem, images
from app.content.files import safe_path, validate_files
from app.content.loader import COURSE_FILE, MODULE_FILE, NUMBERED, SLUG
from app.content.structure import ParsedCourse
from app.content.validate import MAX_PATH
from app.courses.models import Course, CourseAsset, CourseVersion
from app.courses.services import ContentInvalid, SyncReport, content_hash, latest_version, sync_files
from app.db_types import utcnow
from app.extensions import db


class AuthoringError(Exception):
    """Refused; the message is for the trainer, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unchanged(AuthoringError):
    pass


# -- drafts -------------------------------------------------------------------------------------

def find_course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def find_draft(course: Course) -> CourseDraft | None:
    return db.session.scalar(select(CourseDraft).where(CourseDraft.course_id == course.id))


def version_files(version: CourseVersion) -> dict[str, bytes]:
    """Everything a version was imported from: its Markdown and its images, course-relative."""
    files = {path: text.encode("utf-8") for path, text in version.files.items()}
    for asset in db.session.scalars(select(CourseAsset).where(CourseAsset.version_id == version.id)):
        files[asset.path] = asset.data
    return files


def open_draft(course: Course, user: User | None = None) -> CourseDraft:
    """The course's draft; on first use a copy of the newest version (safe when two trainers open it at once)."""
    draft = find_draft(course)
    if draft is not None:
        return draft
    try:
        with db.session.begin_nested():
            draft = CourseDraft(course=course, files={}, updated_by=user)
            db.session.add(draft)
            version = latest_version(course)
            if version is not None:
                _reset(draft, version)
    except IntegrityError:
        draft = find_draft(course)
        assert draft is not None
    return draft


def _reset(draft: CourseDraft, version: CourseVersion) -> None:
    draft.files = dict(version.files)
    draft.base_version = version
    draft.assets.clear()
    db.session.flush()
    for asset in db.session.scalars(select(CourseAsset).where(CourseAsset.version_id == version.id)):
        draft.assets.append(DraftAsset(path=asset.path, content_type=asset.content_type, data=asset.data))


def draft_image(course: Course, path: str) -> DraftAsset | CourseAsset | None:
    """One image of the course's draft, or of its newest version while it has no draft; no other image is loaded."""
    draft = find_draft(course)
    if draft is not None:
        return db.session.scalar(select(DraftAsset).where(DraftAsset.draft_id == draft.id, DraftAsset.path == path))
    version = latest_version(course)
    if version is None:
        return None
    return db.session.scalar(select(CourseAsset).where(CourseAsset.version_id == version.id, CourseAsset.path == path))


def discard_draft(draft: CourseDraft, user: User) -> None:
    """Throw away unpublished changes: the draft becomes the newest version again."""
    version = latest_version(draft.course)
    if version is not None:
        _reset(draft, version)
        _touch(draft, user)


def draft_files(draft: CourseDraft) -> dict[str, bytes]:
    """The draft as course-relative {path: bytes}, as it would be written to courses/<slug>/."""
    files = {path: text.encode("utf-8") for path, text in draft.files.items()}
    files.update({asset.path: asset.data for asset in draft.assets})
    return files


def has_changes(draft: CourseDraft) -> bool:
    """True when publishing would make a new version."""
    version = latest_version(draft.course)
    return version is None or content_hash(draft_files(draft)) != version.content_hash


def unpublished(drafts: dict[int, CourseDraft], versions: list[CourseVersion]) -> dict[int, bool]:
    """Per course id: does its draft differ from the given newest version (no queries: both are loaded)."""
    return {v.course_id: content_hash(draft_files(drafts[v.course_id])) != v.content_hash
            for v in versions if v.course_id in drafts}


def is_stale(draft: CourseDraft) -> bool:
    """Someone published another version (`courses sync`, an import) after this draft was made."""
    version = latest_version(draft.course)
    return version is not None and draft.base_version_id != version.id


def validate_draft(draft: CourseDraft, overrides: dict[str, str] | None = None) -> list[Problem]:
    """Every problem of the draft (overrides: unsaved texts, for checking while typing), paths course-relative."""
    return parse_draft(draft, overrides)[1]


def parse_draft(draft: CourseDraft, overrides: dict[str, str] | None = None,
                files: dict[str, bytes] | None = None) -> tuple[list[ParsedCourse], list[Problem]]:
    """The draft through the validator of `flask courses validate`, as if it were courses/<slug>/.
    `files` replaces the draft's own files (the preview leaves broken ones out)."""
    files = dict(files) if files is not None else draft_files(draft)
    for path, text in (overrides or {}).items():
        files[path] = normalise(text).encode("utf-8")
    slug = draft.course.slug
    courses, problems = validate_files({f"{slug}/{path}": data for path, data in files.items()})
    prefix = slug + "/"
    return courses, [Problem(p.path[len(prefix):] if p.path.startswith(prefix) else p.path, p.line, p.message,
                             p.severity) for p in problems]


def folders(draft: CourseDraft) -> list[str]:
    return sorted({posixpath.dirname(path) for path in draft.files} - {""})


def normalise(text: str) -> str:
    """Browsers send a text area with CRLF line ends; the files use LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class EditConflict(AuthoringError):
    pass


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def save_file(draft: CourseDraft, path: str, text: str, user: User, based_on: str | None = None) -> None:
    """Store one file of the draft. based_on: text_hash of the text the editor started from; when
    someone else saved the file meanwhile, EditConflict, and nothing is overwritten."""
    _lock(draft)
    if path not in draft.files:
        raise AuthoringError(_("Dit bestand bestaat niet in het concept."))
    if based_on is not None and based_on != text_hash(draft.files[path]):
        raise EditConflict(_("Iemand anders heeft dit bestand opgeslagen terwijl jij het bewerkte. "
                             "Kopieer je tekst, laad de pagina opnieuw en voeg je wijziging weer toe."))
    draft.files = {**draft.files, path: normalise(text)}
    _touch(draft, user)


def _lock(draft: CourseDraft) -> None:
    """Re-read the draft under a row lock (PostgreSQL), so two trainers saving different files both keep theirs."""
    db.session.refresh(draft, with_for_update=True)


NEW_FILE_TEMPLATES = {
    "lesson": "---\ntitle: {title}\nminutes: 3\n---\n\nSchrijf hier de les.\n",
    "quiz": ("---\ntype: quiz\ntitle: {title}\npass_mark: 70\n---\n\n## vraag eerste: Schrijf hier de vraag\n\n"
             "( ) Een fout antwoord\n    Feedback bij dit antwoord.\n(x) Het goede antwoord\n    Feedback bij dit antwoord.\n"
             "( ) Nog een fout antwoord\n    Feedback bij dit antwoord.\n"),
    "scenario": ("---\ntype: scenario\ntitle: {title}\nscoring: ending\n---\n\n## situatie begin: De eerste situatie\n\n"
                 "Beschrijf wat er gebeurt.\n\n* Een verstandige keuze -> goed\n    Feedback bij deze keuze.\n"
                 "* Een minder goede keuze -> minder\n    Feedback bij deze keuze.\n\n"
                 "## einde goed: Goed afgelopen\nScore: 10\nDe nabespreking.\n\n"
                 "## einde minder: Minder goed afgelopen\nScore: 2\nDe nabespreking.\n"),
    "module": "---\ntitle: {title}\n---\n",
}


def check_new_path(draft: CourseDraft, path: str, kind: str) -> str | None:
    """Why a new file cannot have this path, or None. module: the path is a module folder."""
    clean = safe_path(path.strip().strip("/"))
    if clean is None:
        return _("Gebruik een pad binnen de cursus, zonder '..' en zonder / aan het begin.")
    parts = clean.split("/")
    if kind == "module":
        if len(parts) != 1 or not _numbered(parts[0]):
            return _("Een module is een map met een volgnummer, zoals 02-online.")
        clean = f"{clean}/{MODULE_FILE}"
    elif len(parts) != 2 or not parts[1].endswith(".md") or not _numbered(parts[0]) or not _numbered(parts[1][:-3]):
        return _("Schrijf het pad als <module-map>/<NN-slug>.md, zoals 01-herkennen/07-nieuwe-les.md.")
    if clean in draft.files:
        return _("Dit bestand bestaat al.")
    return None


def _numbered(name: str) -> bool:
    match = NUMBERED.match(name)
    return bool(match and SLUG.match(match.group(2)))


def add_file(draft: CourseDraft, path: str, kind: str, title: str, user: User) -> str:
    """A new lesson, knowledge check, scenario or module from a small template. Returns its path."""
    _lock(draft)
    problem = check_new_path(draft, path, kind)
    if problem:
        raise AuthoringError(problem)
    clean = safe_path(path.strip().strip("/"))
    assert clean is not None
    if kind == "module":
        clean = f"{clean}/{MODULE_FILE}"
    quoted = "'" + " ".join(title.split()).replace("'", "''") + "'"  # YAML single quotes: nothing is special
    draft.files = {**draft.files, clean: NEW_FILE_TEMPLATES[kind].format(title=quoted)}
    _touch(draft, user)
    return clean


def delete_file(draft: CourseDraft, path: str, user: User) -> None:
    _lock(draft)
    if path == COURSE_FILE:
        raise AuthoringError(_("course.md hoort bij elke cursus en kan niet weg."))
    if path in draft.files:
        draft.files = {p: t for p, t in draft.files.items() if p != path}
    else:
        asset = next((a for a in draft.assets if a.path == path), None)
        if asset is None:
            raise AuthoringError(_("Dit bestand bestaat niet in het concept."))
        draft.assets.remove(asset)
    _touch(draft, user)


def _touch(draft: CourseDraft, user: User | None) -> None:
    draft.updated_at = utcnow()
    draft.updated_by = user
    db.session.flush()


# -- images ------------------------------------------------------------------------------------

IMAGE_FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"), "WEBP": ("webp", "image/webp")}


def check_image(data: bytes) -> tuple[str, str]:
    """(extension, content type) judged by the bytes, never by the name. SVG and anything else are refused."""
    found = images.inspect(data)
    if found is None:
        raise AuthoringError(_("Dit bestand is geen PNG-, JPEG- of WebP-afbeelding. SVG kan niet."))
    kind, width, height = found
    if images.too_many_pixels(width, height):
        raise AuthoringError(_("Deze afbeelding heeft te veel pixels. Maak hem kleiner."))
    return IMAGE_FORMATS[kind]


def add_image(draft: CourseDraft, data: bytes, original_name: str, user: User) -> str:
    """Store a checked image, without metadata, under a generated name in images/; returns its course-relative path."""
    extension, content_type = check_image(data)
    data = images.without_metadata(data)
    path = f"images/{secrets.token_hex(6)}.{extension}"
    draft.assets.append(DraftAsset(path=path, content_type=content_type, data=data,
                                   original_name=posixpath.basename(original_name.replace("\\", "/"))[:200]))
    _touch(draft, user)
    return path


# -- publishing --------------------------------------------------------------------------------

def publish_draft(draft: CourseDraft, user: User, note: str = "") -> CourseVersion:
    """Import the draft as the course's next version; learners who started earlier stay where they are.

    Raises ContentInvalid (nothing written) when any file has an error, Unchanged when the draft
    equals the newest version.
    """
    version = _publish(draft.course.slug, draft_files(draft), user, note, "editor")
    draft.base_version = version
    db.session.flush()
    return version


def rollback(course: Course, old: CourseVersion, user: User, note: str = "") -> CourseVersion:
    """Publish an old version's files again as a new version; the draft becomes that version."""
    version = _publish(course.slug, version_files(old), user, note, "rollback", restored_from=old.number)
    _reset(open_draft(course, user), version)
    return version


def _publish(slug: str, files: dict[str, bytes], user: User, note: str, source: str,
             restored_from: int | None = None) -> CourseVersion:
    report = sync_files({f"{slug}/{path}": data for path, data in files.items()})
    if not report.created:
        raise Unchanged(_("Er is niets veranderd ten opzichte van de nieuwste versie."))
    version = report.created[0]
    db.session.add(Publication(version=version, published_by=user, note=note.strip(), source=source,
                               restored_from=restored_from))
    db.session.flush()
    return version


# -- comparing versions ------------------------------------------------------------------------

@dataclass
class FileDiff:
    path: str
    status: str  # added, removed, changed
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): kind is add, del, ctx or hunk


def diff_versions(old: CourseVersion, new: CourseVersion) -> list[FileDiff]:
    """The Markdown files that differ, with a unified diff per file (images compared by bytes)."""
    before, after = version_files(old), version_files(new)
    out = []
    for path in sorted(set(before) | set(after)):
        a, b = before.get(path), after.get(path)
        if a == b:
            continue
        status = "added" if a is None else "removed" if b is None else "changed"
        diff = FileDiff(path, status)
        if path.endswith(".md"):
            old_lines = (a or b"").decode("utf-8").splitlines()
            new_lines = (b or b"").decode("utf-8").splitlines()
            for line in list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=2))[2:]:
                kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "ctx")
                diff.lines.append((kind, line))
        out.append(diff)
    return out


# -- ZIP export and import ---------------------------------------------------------------------

def export_zip(version: CourseVersion) -> bytes:
    """The version as a ZIP in the courses/ layout: <slug>/course.md, <slug>/01-.../...."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(version_files(version).items()):
            info = zipfile.ZipInfo(f"{version.course.slug}/{path}", date_time=version.created_at.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class ZipLimits:
    max_files: int = 500
    max_unpacked: int = 20 * 1024 * 1024  # bytes, all files together


class ImportRefused(AuthoringError):
    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


_SYMLINK = 0o120000
IGNORED = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$)")


def read_zip(data: bytes, limits: ZipLimits) -> dict[str, bytes]:
    """The files of an uploaded ZIP, or ImportRefused before anything is written anywhere.

    Checks the declared sizes and count first, then counts the real bytes while reading, in
    case the headers lie (a ZIP bomb). Refuses '..', absolute paths and links.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(_("Dit bestand is geen ZIP-bestand."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir() and not IGNORED.search(info.filename)]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRefused(_("Dit ZIP-bestand is beschadigd en kan niet worden gelezen.")) from exc
    if len(infos) > limits.max_files:
        raise ImportRefused(_("De ZIP bevat %(n)s bestanden; het maximum is %(max)s.", n=len(infos), max=limits.max_files))
    if sum(info.file_size for info in infos) > limits.max_unpacked:
        raise ImportRefused(_("Uitgepakt is de ZIP groter dan %(n)s MB.", n=limits.max_unpacked // (1024 * 1024)))
    for info in infos:
        if len(info.filename) > MAX_PATH or any(len(part.encode()) > 255 for part in info.filename.split("/")):
            # A name no folder and no database column can hold: refused before anything is written.
            raise ImportRefused(_("De ZIP bevat een bestandsnaam die te lang is (meer dan %(max)s tekens): %(name)s…",
                                  max=MAX_PATH, name=info.filename[:60]))
        if safe_path(info.filename) is None:
            raise ImportRefused(_("De ZIP bevat een pad dat buiten de map wijst: %(name)s", name=info.filename))
        if (info.external_attr >> 16) & 0o170000 == _SYMLINK:
            raise ImportRefused(_("De ZIP bevat een link; alleen gewone bestanden kunnen: %(name)s", name=info.filename))
    files: dict[str, bytes] = {}
    budget = limits.max_unpacked
    try:
        for info in infos:
            with archive.open(info) as stream:
                data_read = read_limited(stream, budget)
            budget -= len(data_read)
            clean = safe_path(info.filename)
            assert clean is not None
            if clean in files:
                raise ImportRefused(_("De ZIP bevat een bestand twee keer: %(name)s", name=clean))
            files[clean] = data_read
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise ImportRefused(_("Dit ZIP-bestand is beschadigd en kan niet worden gelezen.")) from exc
    if not files:
        raise ImportRefused(_("De ZIP is leeg."))
    if COURSE_FILE in files:
        raise ImportRefused(_("Zet de cursus in een map met de slug als naam, zoals weerbaar-besturen/course.md."))
    return files


def read_limited(stream, budget: int) -> bytes:
    """Read a stream in chunks, refusing as soon as it gives more than budget bytes (headers can lie)."""
    chunks, total = [], 0
    while chunk := stream.read(64 * 1024):
        total += len(chunk)
        if total > budget:
            raise ImportRefused(_("Uitgepakt is de ZIP groter dan toegestaan."))
        chunks.append(chunk)
    return b"".join(chunks)


def import_zip(data: bytes, user: User, limits: ZipLimits) -> SyncReport:
    """Validate and import a ZIP through the same code path as `flask courses sync`.

    Raises ImportRefused (nothing changed) for an unsafe or invalid ZIP; a problem list comes
    with content that does not validate.
    """
    files = read_zip(data, limits)
    try:
        with db.session.begin_nested():
            report = sync_files(files)
            for version in report.created:
                db.session.add(Publication(version=version, published_by=user, source="zip",
                                           note=_("Geïmporteerd uit een ZIP-bestand.")))
                record("course.imported", actor=user, target=version,
                       details={"course": version.course.slug, "version": version.number})
                draft = find_draft(version.course)
                if draft is not None:
                    _reset(draft, version)
    except ContentInvalid as exc:
        raise ImportRefused(_("De ZIP is niet geïmporteerd: los eerst deze fouten op."), exc.problems) from exc
    db.session.flush()
    return report

