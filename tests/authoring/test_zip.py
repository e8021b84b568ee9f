"""Export a version as a ZIP in the courses/ layout; import refuses anything unsafe or invalid."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.authoring.models import CourseDraft, Publication
from app.courses.models import Course, CourseVersion
from app.courses.services import sync_courses
from tests.conftest import submit
from tests.coursefiles import lesson_md, write_course

def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def zip_of(files: dict[str, bytes | str], infos: list[zipfile.ZipInfo] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for info in infos or []:
            archive.writestr(info, b"x")
    return buffer.getvalue()


def folder_zip(root: Path) -> bytes:
    return zip_of({p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()})


def upload(client, data: bytes, name: str = "cursus.zip"):
    return submit(client, "/auteur/importeren", {"archive": (io.BytesIO(data), name)},
                  content_type="multipart/form-data")


def versions(db) -> int:
    return db.session.scalar(select(func.count()).select_from(CourseVersion))


def test_export_is_the_courses_layout_and_importing_it_gives_back_the_same_course(client, trainer, db, tmp_path):
    root = write_course(tmp_path / "courses", extra={"01-begin/02-twee.md": lesson_md("Twee", "![Een kaart](../images/kaart.png)")})
    (root / "testcursus/images").mkdir()
    (root / "testcursus/images/kaart.png").write_bytes(png())
    first = sync_courses(root).created[0]
    db.session.commit()
    response = client.get("/auteur/testcursus/versies/1/export.zip")
    assert response.mimetype == "application/zip"
    assert 'filename="testcursus-versie-1.zip"' in response.headers["Content-Disposition"]
    exported = response.data
    names = sorted(zipfile.ZipFile(io.BytesIO(exported)).namelist())
    on_disk = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert names == on_disk  # exactly what courses/ holds

    submit(client, "/auteur/testcursus/bestand/01-begin/01-een.md", {"text": lesson_md("Anders")})
    submit(client, "/auteur/testcursus/publiceren", {})
    assert versions(db) == 2
    response = upload(client, exported)
    assert response.status_code == 302
    db.session.expire_all()
    third = db.session.scalar(select(CourseVersion).where(CourseVersion.number == 3))
    assert third.content_hash == first.content_hash and third.files == first.files
    assert db.session.scalar(select(Publication).where(Publication.version_id == third.id)).source == "zip"
    assert db.session.scalar(select(CourseDraft)).files == first.files  # the draft follows the import
    again = upload(client, exported)
    assert again.status_code == 302 and versions(db) == 3  # unchanged: no new version


def test_web_import_and_courses_sync_share_one_code_path(client, trainer, db, tmp_path, app):
    root = write_course(tmp_path / "courses")
    response = upload(client, folder_zip(root))
    assert response.status_code == 302
    web = db.session.scalar(select(CourseVersion))
    result = app.test_cli_runner().invoke(args=["courses", "sync", str(root)])
    assert "testcursus: ongewijzigd." in result.output  # the same content hash as the CLI computes
    assert web.number == 1 and versions(db) == 1


def test_a_new_course_can_be_imported(client, trainer, db, tmp_path):
    root = write_course(tmp_path / "courses", slug="nieuwe-cursus")
    response = upload(client, folder_zip(root))
    assert "nieuwe-cursus: versie 1 geïmporteerd." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(Course.slug)) == "nieuwe-cursus"
    assert "Testcursus" in client.get("/auteur/").get_data(as_text=True)


def refused(client, db, data: bytes, message: str) -> str:
    before = versions(db)
    response = upload(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, response.status_code
    assert message in html, html
    assert "Er is iets niet goed ingevuld" in html  # the error summary
    assert versions(db) == before
    return html


def test_import_refuses_a_file_that_is_not_a_zip(client, trainer, db):
    refused(client, db, b"%PDF-1.4 geen zip", "Dit bestand is geen ZIP-bestand.")


def test_import_refuses_too_many_files(client, trainer, db, app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "AUTHORING_ZIP_MAX_FILES", 5)
    refused(client, db, folder_zip(write_course(tmp_path / "courses")), "het maximum is 5")


def test_import_refuses_a_zip_bomb_by_its_declared_size(client, trainer, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "AUTHORING_ZIP_MAX_UNPACKED", 1024 * 1024)
    bomb = zip_of({"testcursus/course.md": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024  # small to upload, huge when unpacked
    refused(client, db, bomb, "Uitgepakt is de ZIP groter dan 1 MB.")


def lying(data: bytes, name: bytes, real_size: int, claimed: int) -> bytes:
    """The same ZIP, but its headers claim the file is `claimed` bytes long."""
    real, fake = real_size.to_bytes(4, "little"), claimed.to_bytes(4, "little")
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data = bytearray(data)
    assert data[local + 22:local + 26] == real and data[central + 24:central + 28] == real
    data[local + 22:local + 26] = fake
    data[central + 24:central + 28] = fake
    return bytes(data)


def test_import_refuses_a_zip_whose_header_lies_about_its_size(client, trainer, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "AUTHORING_ZIP_MAX_UNPACKED", 1024 * 1024)
    size = 5 * 1024 * 1024
    bomb = lying(zip_of({"testcursus/course.md": b"\0" * size}), b"testcursus/course.md", size, 100)
    from app.authoring.services import ImportRefused, ZipLimits, read_zip

    with pytest.raises(ImportRefused):
        read_zip(bomb, ZipLimits(max_unpacked=1024 * 1024))
    refused(client, db, bomb, "Dit ZIP-bestand is beschadigd")


def test_extracting_counts_the_real_bytes_not_the_header():
    """Whatever a header claims, reading stops with a refusal once the real bytes pass the limit."""
    from app.authoring.services import ImportRefused, read_limited

    assert read_limited(io.BytesIO(b"a" * 1000), 1000) == b"a" * 1000
    with pytest.raises(ImportRefused, match="groter dan toegestaan"):
        read_limited(io.BytesIO(b"a" * 200_000), 100_000)


@pytest.mark.parametrize("name", ["../buiten.md", "testcursus/../../buiten.md", "/etc/buiten.md"])
def test_import_refuses_paths_outside_the_folder(client, trainer, db, tmp_path, name):
    files = {p.relative_to(tmp_path / "c").as_posix(): p.read_bytes()
             for p in write_course(tmp_path / "c").rglob("*") if p.is_file()}
    info = zipfile.ZipInfo(name)
    html = refused(client, db, zip_of(files, [info]), "De ZIP bevat een pad dat buiten de map wijst")
    assert not (tmp_path.parent / "buiten.md").exists()


def test_import_refuses_links(client, trainer, db, tmp_path):
    link = zipfile.ZipInfo("testcursus/01-begin/04-link.md")
    link.external_attr = (0o120777 << 16)
    files = {p.relative_to(tmp_path / "c").as_posix(): p.read_bytes()
             for p in write_course(tmp_path / "c").rglob("*") if p.is_file()}
    refused(client, db, zip_of(files, [link]), "De ZIP bevat een link")


def test_import_refuses_content_that_does_not_validate_and_lists_every_error(client, trainer, db, tmp_path):
    root = write_course(tmp_path / "courses", extra={
        "01-begin/02-twee.md": "---\ntitel: Twee\n---\n",
        "02-verder/01-vier.md": lesson_md("Vier", "Naar [nergens](03-weg.md)."),
    })
    before = versions(db)
    response = upload(client, folder_zip(root))
    assert response.status_code == 302 and response.headers["Location"].startswith("/taken/")  # a job checks it
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De ZIP is niet geïmporteerd" in html and versions(db) == before
    assert "testcursus/01-begin/02-twee.md:2: fout: onbekende sleutel" in html
    assert "testcursus/01-begin/02-twee.md:1: fout: verplichte sleutel" in html
    assert "testcursus/02-verder/01-vier.md:5: fout: link naar een les die niet bestaat" in html


def test_import_refuses_a_course_without_its_folder(client, trainer, db):
    refused(client, db, zip_of({"course.md": "---\ntitle: x\n---\n"}), "Zet de cursus in een map")


def test_import_without_a_file_says_so(client, trainer, db):
    response = submit(client, "/auteur/importeren", {}, content_type="multipart/form-data")
    assert "Kies een ZIP-bestand." in response.get_data(as_text=True)
