"""Pixels -> a small PNG thumbnail, with Pillow.

Arrays (one (H, W[, C]) image, uint8 or float) are rescaled to uint8 and
block-averaged down; PIL images are shrunk with ``Image.thumbnail``. Decoding
files and bytes safely lives in _image_decode.py.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

MAX_SIDE = 128  # thumbnails are at most this many pixels on a side
_MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}  # channels -> Pillow mode


def to_uint8(img: np.ndarray) -> np.ndarray:
    """One image as uint8: floats in [0, 1] are scaled by 255, other float ranges min-max rescaled."""
    if img.dtype == np.uint8:
        return np.ascontiguousarray(img)
    x = np.asarray(img, dtype=np.float64)
    finite = np.isfinite(x)
    x = np.where(finite, x, 0.0)
    if not finite.any():
        return np.zeros(x.shape, np.uint8)
    lo, hi = float(x[finite].min()), float(x[finite].max())
    if lo >= 0.0 and hi <= 1.0:
        scaled = x * 255.0
    elif hi > lo:
        scaled = (x - lo) * (255.0 / (hi - lo))
    else:
        scaled = np.full(x.shape, 128.0)
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def shrink(img: np.ndarray, max_side: int = MAX_SIDE) -> np.ndarray:
    """Block-average down so neither side exceeds max_side (small images stay as they are)."""
    h, w = img.shape[:2]
    f = max(1, -(-max(h, w) // max_side))  # ceil division
    if f == 1:
        return img
    hh, ww = h // f * f, w // f * f
    blocks = img[:hh, :ww].reshape(hh // f, f, ww // f, f, *img.shape[2:]).astype(np.float64)
    return np.rint(blocks.mean(axis=(1, 3))).astype(np.uint8)


def array_to_uint8(img: np.ndarray) -> np.ndarray:
    """An (H, W[, C]) array as uint8 pixels; colour and alpha of float images are rescaled separately."""
    img = np.asarray(img)
    if img.dtype != np.uint8 and img.ndim == 3 and img.shape[2] in (2, 4):
        return np.concatenate([to_uint8(img[..., :-1]), to_uint8(img[..., -1:])], axis=2)
    return to_uint8(img)


def encode_png(px: np.ndarray) -> bytes:
    """PNG bytes of an (H, W) or (H, W, C) uint8 array (C = 1..4)."""
    if px.dtype != np.uint8:
        raise TypeError(f"encode_png needs uint8 pixels; got {px.dtype}")
    if px.ndim == 3:
        px = px[:, :, 0] if px.shape[2] == 1 else px
    if px.ndim == 3 and px.shape[2] not in _MODES:
        raise ValueError(f"encode_png needs 1 to 4 channels; got shape {px.shape}")
    return pil_png(Image.fromarray(np.ascontiguousarray(px)))  # mode from the shape: L, LA, RGB, RGBA


def pil_png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format="PNG", compress_level=3)  # speed over the last few percent of size
    return buf.getvalue()


def thumbnail_png(images: np.ndarray, index: int, max_side: int = MAX_SIDE) -> bytes:
    """PNG bytes of image ``index`` of an (N, H, W[, C]) array, at most max_side pixels on a side."""
    return encode_png(shrink(array_to_uint8(images[index]), max_side))
