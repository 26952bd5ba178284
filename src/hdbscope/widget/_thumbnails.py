"""Per-sample image thumbnails for the hover tooltip, encoded as PNG on demand.

Only the hovered sample is ever converted, so `images` may be a huge array or
a memmap. The PNG encoder is pure numpy + zlib (no Pillow needed).
"""
from __future__ import annotations

import struct
import zlib

import numpy as np

MAX_SIDE = 128  # thumbnails are at most this many pixels on a side
_COLOR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG colour type (grey, grey+alpha, RGB, RGBA)


def validate_images(images, n_samples: int) -> np.ndarray:
    """Check (N, H, W) or (N, H, W, C) uint8/float images without copying them."""
    arr = images if isinstance(images, np.ndarray) else np.asarray(images)
    if arr.dtype != np.uint8 and arr.dtype.kind != "f":
        raise TypeError(
            f"images must be uint8 (0-255) or float (0-1, or any range: each image is rescaled); got dtype "
            f"{arr.dtype}. Convert first, e.g. images.astype(np.uint8) or images.astype(np.float32)."
        )
    if arr.ndim not in (3, 4):
        raise ValueError(
            f"images must have shape (n_samples, height, width) or (n_samples, height, width, channels); "
            f"got {arr.ndim}-D shape {arr.shape}. Flattened images can be reshaped, e.g. images.reshape(-1, 28, 28)."
        )
    if arr.shape[0] != n_samples:
        raise ValueError(f"images has {arr.shape[0]} images for {n_samples} samples: pass one image per sample.")
    if arr.shape[1] == 0 or arr.shape[2] == 0:
        raise ValueError(f"images must be at least 1x1 pixels; got shape {arr.shape}.")
    if arr.ndim == 4 and arr.shape[3] not in _COLOR_TYPE:
        raise ValueError(
            f"images must have 1, 2, 3 or 4 channels in the last axis (grey, grey+alpha, RGB, RGBA); got shape "
            f"{arr.shape}. Channels-first images need images.transpose(0, 2, 3, 1)."
        )
    return arr


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


def encode_png(img: np.ndarray) -> bytes:
    """Minimal PNG (8-bit, no interlace) of an (H, W) or (H, W, C) uint8 array."""
    if img.dtype != np.uint8:
        raise TypeError(f"encode_png needs uint8 pixels; got {img.dtype}")
    if img.ndim == 2:
        img = img[:, :, None]
    h, w, c = img.shape
    raw = np.zeros((h, 1 + w * c), dtype=np.uint8)  # filter byte 0 (none) per row
    raw[:, 1:] = img.reshape(h, w * c)

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, _COLOR_TYPE[c], 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + chunk(b"IEND", b"")


def thumbnail_png(images: np.ndarray, index: int, max_side: int = MAX_SIDE) -> bytes:
    """PNG bytes of image `index`, shrunk to at most max_side pixels on a side."""
    img = images[index]
    if img.dtype != np.uint8 and img.ndim == 3 and img.shape[2] in (2, 4):
        # rescale colour and alpha separately, so alpha keeps its meaning
        colour, alpha = to_uint8(img[..., :-1]), to_uint8(img[..., -1:])
        px = np.concatenate([colour, alpha], axis=2)
    else:
        px = to_uint8(np.asarray(img))
    return encode_png(shrink(px, max_side))
