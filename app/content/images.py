"""What an image file really is, judged by its bytes (Pillow), never by its name."""
from __future__ import annotations

import io
import warnings

FORMATS = {"PNG": {".png"}, "JPEG": {".jpg", ".jpeg"}, "WEBP": {".webp"}}


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


def image_format(data: bytes) -> str | None:
    found = inspect(data)
    return found[0] if found else None


def matches_extension(data: bytes, extension: str) -> bool:
    kind = image_format(data)
    return kind is not None and extension.lower() in FORMATS[kind]
