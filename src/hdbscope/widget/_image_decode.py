"""One image value (a file path, encoded bytes, a PIL image or an array) -> a
small PIL image, or ``ImageProblem`` with a one-line reason.

Files come from users' folders, so they may be missing, truncated or hostile.
Everything here is bounded: only regular files are opened (a FIFO or a device
would block or never end), only common raster formats are parsed (no EPS,
which runs Ghostscript), JPEGs are decoded at a reduced scale (draft mode), and
anything with more pixels than MAX_PIXELS is refused before its pixels are
decoded (a 30,000 x 30,000 "decompression bomb" costs one header read).
"""

from __future__ import annotations

import io
import os
import stat
import warnings

import numpy as np
from PIL import Image, UnidentifiedImageError

from ._thumbnails import MAX_SIDE, array_to_uint8, shrink

SAFE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "PPM", "TGA", "ICO")
MAX_PIXELS = 40_000_000  # decoded pixels allowed for one preview (e.g. 8000 x 5000)
MAX_FILE_BYTES = 256 * 2**20
_PLAIN_MODES = ("L", "LA", "RGB", "RGBA")


class ImageProblem(Exception):
    """Why a sample's image cannot be shown (one line, shown in the tooltip and review card)."""


def is_image_value(value) -> bool:
    """Whether ``value`` is one image given by reference or encoded (not an array of pixels)."""
    return isinstance(value, (str, os.PathLike, bytes, bytearray, memoryview, Image.Image))


def small_image(value, max_side: int = MAX_SIDE) -> Image.Image:
    """A PIL image of ``value``, at most max_side pixels on a side."""
    if value is None or (isinstance(value, float) and value != value):  # None / NaN: a frame's missing value
        raise ImageProblem("no image for this sample")
    if isinstance(value, (str, os.PathLike)):
        return _from_path(value, max_side)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if not data:
            raise ImageProblem("empty image bytes")
        return _decode(io.BytesIO(data), max_side)
    if isinstance(value, Image.Image):
        _check_pixels(value.size)
        return _shrunk(value.copy(), max_side)
    if isinstance(value, np.ndarray) and value.ndim in (2, 3) and value.dtype.kind in "uifb" and value.size:
        if value.ndim == 3 and value.shape[2] not in (1, 2, 3, 4):
            raise ImageProblem(f"an array image needs 1 to 4 channels; got shape {value.shape}")
        _check_pixels(value.shape[1::-1])
        px = shrink(array_to_uint8(value), max_side)
        return Image.fromarray(px[:, :, 0] if px.ndim == 3 and px.shape[2] == 1 else px)
    raise ImageProblem(
        f"cannot show a {type(value).__name__} as an image (give a path, bytes, a PIL image or an array)"
    )


def _from_path(path, max_side: int) -> Image.Image:
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ImageProblem(f"file not found: {_short(p)}") from None
    except PermissionError:
        raise ImageProblem(f"permission denied: {_short(p)}") from None
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        raise ImageProblem(f"cannot read {_short(p)}: {getattr(e, 'strerror', None) or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImageProblem(f"a directory, not an image file: {_short(p)}")
    if not stat.S_ISREG(st.st_mode):
        raise ImageProblem(f"not a regular file: {_short(p)}")
    if st.st_size == 0:
        raise ImageProblem(f"empty file: {_short(p)}")
    if st.st_size > MAX_FILE_BYTES:
        raise ImageProblem(f"file too large to preview ({st.st_size / 2**20:.0f} MB): {_short(p)}")
    try:
        with open(p, "rb") as f:
            return _decode(f, max_side)
    except OSError as e:
        raise ImageProblem(f"cannot read {_short(p)}: {e.strerror or e}") from None


def _decode(fp, max_side: int) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(fp, formats=SAFE_FORMATS)
        except UnidentifiedImageError:
            raise ImageProblem(f"not an image file ({', '.join(SAFE_FORMATS)} are read)") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageProblem("too many pixels to preview (a possible decompression bomb)") from None
        except (OSError, ValueError, SyntaxError) as e:
            raise ImageProblem(f"corrupt image header: {_one_line(e)}") from None
        w, h = im.size
        if im.format == "JPEG":  # decode at 1/2 .. 1/8 scale: the thumbnail needs no more
            im.draft(im.mode if im.mode in ("L", "RGB") else None, (max_side, max_side))
        _check_pixels(im.size, (w, h))
        try:
            im.load()
        except (OSError, ValueError, SyntaxError, EOFError) as e:
            raise ImageProblem(f"truncated or corrupt image: {_one_line(e)}") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
            raise ImageProblem("too many pixels to preview (a possible decompression bomb)") from None
    return _shrunk(im, max_side)


def _shrunk(im: Image.Image, max_side: int) -> Image.Image:
    if im.mode not in _PLAIN_MODES:
        if im.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # wide greys: rescale like a float array
            im = Image.fromarray(array_to_uint8(np.asarray(im, dtype=np.float64)))
        else:
            alpha = "A" in im.getbands() or "transparency" in im.info
            im = im.convert("RGBA" if alpha else "RGB")
    im.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    return im


def _check_pixels(size, original=None) -> None:
    w, h = size
    if w * h > MAX_PIXELS:
        ow, oh = original or size
        raise ImageProblem(f"too many pixels to preview ({ow} x {oh})")
    if w <= 0 or h <= 0:
        raise ImageProblem(f"an empty image ({w} x {h})")


def _short(p) -> str:
    s = os.fsdecode(p) if isinstance(p, bytes) else str(p)
    return s if len(s) <= 80 else "…" + s[-79:]


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text[:160]
