"""What an image file really is, judged by its bytes (Pillow), never by its name."""
from __future__ import annotations

import io
import warnings

FORMATS = {"PNG": {".png"}, "JPEG": {".jpg", ".jpeg"}, "WEBP": {".webp"}}


def image_format(data: bytes) -> str | None:
    """PNG, JPEG or WEBP when the bytes are a readable image of that kind; None otherwise (SVG included)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds for bytes that are not an image it knows
        return None
    return kind if kind in FORMATS else None


def matches_extension(data: bytes, extension: str) -> bool:
    kind = image_format(data)
    return kind is not None and extension.lower() in FORMATS[kind]
