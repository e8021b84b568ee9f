"""Images are judged by their bytes, stored under generated names, and need alt text."""
from __future__ import annotations

import io
import re

from PIL import Image
from sqlalchemy import select

from app.auth.models import Role
from app.authoring.models import DraftAsset
from app.courses.models import CourseAsset
from tests.conftest import submit
from tests.coursefiles import lesson_md

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def picture(kind: str = "PNG", exif: bool = False) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (6, 4), (20, 90, 160))
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera van de trainer"  # Make
        extra["exif"] = data
    image.save(buffer, format=kind, **extra)
    return buffer.getvalue()


def upload(client, data: bytes, name: str):
    return submit(client, "/auteur/testcursus/afbeeldingen", {"image": (io.BytesIO(data), name)},
                  content_type="multipart/form-data")


def stored(db) -> list[DraftAsset]:
    db.session.expire_all()
    return list(db.session.scalars(select(DraftAsset)))


def test_png_is_stored_under_a_generated_name(client, trainer, course, db):
    html = upload(client, picture(), "mijn foto's.png").get_data(as_text=True)
    [asset] = stored(db)
    assert re.fullmatch(r"images/[0-9a-f]{12}\.png", asset.path)
    assert asset.content_type == "image/png" and asset.original_name == "mijn foto's.png"
    assert f"![Beschrijf hier wat er te zien is](../{asset.path})" in html
    served = client.get(f"/auteur/testcursus/media/{asset.path}")
    assert served.mimetype == "image/png" and served.headers["X-Content-Type-Options"] == "nosniff"


def test_the_type_comes_from_the_bytes_not_the_name(client, trainer, course, db):
    upload(client, picture("JPEG"), "lijkt-een.png")
    [asset] = stored(db)
    assert asset.path.endswith(".jpg") and asset.content_type == "image/jpeg"


def test_svg_text_and_fakes_are_refused(client, trainer, course, db):
    for data, name in ((SVG, "tekening.svg"), (SVG, "tekening.png"), (b"gewone tekst", "foto.jpg"),
                       (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "kapot.png")):
        html = upload(client, data, name).get_data(as_text=True)
        assert "Dit bestand is geen PNG-, JPEG- of WebP-afbeelding. SVG kan niet." in html, name
        assert "Er is iets niet goed ingevuld" in html
    assert stored(db) == []


def test_too_large_is_refused(client, trainer, course, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "AUTHORING_IMAGE_MAX_BYTES", 50)
    html = upload(client, picture(), "groot.png").get_data(as_text=True)
    assert "Deze afbeelding is groter dan" in html and stored(db) == []


def test_metadata_is_removed(client, trainer, course, db):
    original = picture("JPEG", exif=True)
    assert b"Camera van de trainer" in original
    upload(client, original, "foto.jpg")
    [asset] = stored(db)
    assert b"Camera van de trainer" not in asset.data
    assert Image.open(io.BytesIO(asset.data)).size == (6, 4)


def test_an_image_needs_alt_text_and_is_published_with_the_version(client, trainer, course, db, login_as):
    upload(client, picture(), "kaart.png")
    [asset] = stored(db)
    lesson = "01-begin/02-twee.md"
    submit(client, f"/auteur/testcursus/bestand/{lesson}", {"text": lesson_md("Twee", f"![](../{asset.path})")})
    html = client.get(f"/auteur/testcursus/bestand/{lesson}").get_data(as_text=True)
    assert "afbeelding zonder alt-tekst" in html
    submit(client, f"/auteur/testcursus/bestand/{lesson}",
           {"text": lesson_md("Twee", f"![Een kaart van de gemeente](../{asset.path})")})
    preview = client.get("/auteur/testcursus/voorbeeld/begin/twee").get_data(as_text=True)
    assert f'src="/auteur/testcursus/media/{asset.path}"' in preview
    submit(client, "/auteur/testcursus/publiceren", {})
    published = db.session.scalar(select(CourseAsset).where(CourseAsset.path == asset.path))
    assert published.data == asset.data
    login_as(Role.MEMBER)
    page = client.get("/leren/testcursus/begin/twee").get_data(as_text=True)
    assert f'src="/leren/media/{published.version_id}/{asset.path}"' in page
    assert client.get(f"/leren/media/{published.version_id}/{asset.path}").data == asset.data


def test_deleting_an_image(client, trainer, course, db):
    upload(client, picture(), "kaart.png")
    [asset] = stored(db)
    submit(client, f"/auteur/testcursus/bestand/{asset.path}/verwijderen", {}, page="/auteur/testcursus/afbeeldingen")
    assert stored(db) == []
