"""Every way an image or a file name arrives (ZIP, courses/ folder, upload) meets the same checks."""
from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select

from app.courses.models import CourseAsset, CourseVersion
from app.courses.services import sync_courses
from tests.authoring.test_zip import folder_zip, upload, zip_of
from tests.coursefiles import lesson_md, write_course

GPS = 0x8825


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Camera van de trainer"  # Make
    exif[GPS] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (4.0, 53.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (30, 120, 60)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def course_with(tmp_path, image: bytes, name: str = "foto.jpg"):
    root = write_course(tmp_path / "courses", extra={
        "01-begin/02-twee.md": lesson_md("Twee", f"![Een foto van de raadszaal](../images/{name})")})
    (root / "testcursus/images").mkdir()
    (root / "testcursus/images" / name).write_bytes(image)
    return root


def stored_image(db) -> bytes:
    db.session.expire_all()
    return db.session.scalar(select(CourseAsset.data).order_by(CourseAsset.id.desc()).limit(1))


def versions(db) -> int:
    return db.session.scalar(select(func.count()).select_from(CourseVersion))


def test_the_photo_carries_gps_before_import():
    assert Image.open(io.BytesIO(photo_with_gps())).getexif().get_ifd(GPS)


def test_zip_import_strips_exif_and_gps(client, trainer, db, tmp_path):
    root = course_with(tmp_path, photo_with_gps())
    assert upload(client, folder_zip(root)).status_code == 302
    image = Image.open(io.BytesIO(stored_image(db)))
    assert not image.getexif() and not image.getexif().get_ifd(GPS)
    assert b"Camera van de trainer" not in stored_image(db)
    assert image.size == (8, 6)


def test_the_same_zip_again_is_unchanged_after_stripping(client, trainer, db, tmp_path):
    data = folder_zip(course_with(tmp_path, photo_with_gps()))
    upload(client, data)
    response = upload(client, data)
    assert versions(db) == 1  # the second import found nothing new: stripping gave the same bytes
    assert "ongewijzigd" in client.get(response.headers["Location"]).get_data(as_text=True).lower()


def test_courses_folder_sync_strips_exif_and_gps(db, tmp_path):
    sync_courses(course_with(tmp_path, photo_with_gps()))
    db.session.commit()
    assert not Image.open(io.BytesIO(stored_image(db))).getexif()


def test_zip_and_upload_share_the_pixel_limit(client, trainer, course, db, tmp_path, monkeypatch):
    monkeypatch.setattr("app.content.images.MAX_PIXELS", 40)  # the 8x6 photo has 48 pixels
    response = upload(client, folder_zip(course_with(tmp_path, photo_with_gps())))
    html = client.get(response.headers["Location"]).get_data(as_text=True)  # the import job's result
    assert "te veel pixels" in html and versions(db) == 1  # only the course fixture's version
    from tests.authoring.test_images import upload as upload_image

    assert "te veel pixels" in upload_image(client, photo_with_gps(), "foto.jpg").get_data(as_text=True)


def test_a_5000_character_name_is_a_clear_error(client, trainer, db, tmp_path):
    root = write_course(tmp_path / "courses")
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    files["testcursus/" + "a" * 5000 + ".md"] = b"# lang"
    response = upload(client, zip_of(files))
    assert response.status_code == 200
    assert "bestandsnaam die te lang is" in response.get_data(as_text=True)
    assert versions(db) == 0
