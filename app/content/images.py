"""What an image file really is, judged by its bytes (Pillow), never by its name."""
from __future__ import annotations

import io
import warnings

FORMATS = {"PNG": {".png"}, "JPEG": {".jpg", ".jpeg"}, "WEBP": {".webp"}}
# One limit for every way an image arrives (upload, ZIP, courses/ folder): what a learner's browser
# must decode stays bounded.
MAX_PIXELS = 40_000_000
# What can say who made a picture, with which camera and where: never passed on to learners.
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop", "iptc"}


def inspect(data: bytes) -> tuple[str, int, int] | None:
    """(PNG, JPEG or WEBP, width, height) when the bytes are a readable image of that kind; None
    otherwise, SVG and decompression bombs included."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                image.verify()
    except Exception:  # Pillow raises many kinds for bytes that are not an image it knows
        return None
    return (kind, width, height) if kind in FORMATS else None


def too_many_pixels(width: int, height: int) -> bool:
    return width * height > MAX_PIXELS


def has_metadata(data: bytes) -> bool:
    """True when the image carries EXIF (camera, GPS position), XMP, comments, a colour profile or PNG text."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return bool(METADATA_KEYS & set(image.info)) or bool(getattr(image, "text", None)) or bool(image.getexif())


def without_metadata(data: bytes) -> bytes:
    """The image saved again by Pillow: the same picture without EXIF (camera, GPS position) or other metadata."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        kind = image.format
        image.load()
        clean = Image.new(image.mode, image.size)
        clean.paste(image)
        if image.mode == "P" and image.getpalette():
            clean.putpalette(image.getpalette())
        out = io.BytesIO()
        clean.save(out, format=kind, **({"quality": 92} if kind in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def cleaned(data: bytes) -> bytes:
    """Without metadata, re-encoded only when there is some: an image already clean keeps its exact bytes,
    so importing the same course twice gives the same content hash."""
    return without_metadata(data) if has_metadata(data) else data

