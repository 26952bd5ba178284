"""Where each sample's image comes from, and its thumbnails (PNG bytes) in a
bounded cache.

``images=`` may be an (N, H, W[, C]) array, a sequence or pandas Series of
file paths, PIL images or encoded bytes (one per sample), or a callable
``i -> image``. Nothing is read at construction: a sample's image is looked up
(by its index, in Python: the browser only ever sends an index) and decoded
the first time its thumbnail is asked for. An image that cannot be shown gives
a placeholder thumbnail and a one-line reason instead of an error.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from ._image_decode import ImageProblem, is_image_value, small_image
from ._thumbnails import MAX_SIDE, pil_png, thumbnail_png

CACHE_BYTES = 64 * 2**20  # encoded thumbnails kept (about 4,000 of 128 x 128 RGB)
_CHANNELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Thumbnail:
    png: bytes
    problem: str | None = None  # why the placeholder is shown instead of the image


class ImageSource:
    """One image per sample; ``value(i)`` is what was given for sample i."""

    kind = "array"

    def __init__(self, n: int):
        self.n = n

    def __len__(self) -> int:
        return self.n

    def thumbnail_png(self, i: int) -> bytes:
        return pil_png(small_image(self.value(i)))

    def value(self, i: int):
        raise NotImplementedError

    def path(self, i: int) -> str | None:
        """Sample i's file path, if its image was given as one."""
        v = self.value(i) if self.kind == "sequence" else None
        return os.fspath(v) if isinstance(v, (str, os.PathLike)) else None


class ArrayImages(ImageSource):
    def __init__(self, arr: np.ndarray):
        super().__init__(len(arr))
        self.arr = arr

    def thumbnail_png(self, i: int) -> bytes:
        return thumbnail_png(self.arr, i)

    def value(self, i: int):
        return self.arr[i]


class SequenceImages(ImageSource):
    kind = "sequence"

    def __init__(self, items: Sequence | np.ndarray):
        super().__init__(len(items))
        self.items = items

    def value(self, i: int):
        return self.items[i]


class CallableImages(ImageSource):
    kind = "callable"

    def __init__(self, fn: Callable, n: int):
        super().__init__(n)
        self.fn = fn

    def value(self, i: int):
        try:
            return self.fn(i)
        except Exception as e:  # the user's function: its failure is this sample's reason
            raise ImageProblem(f"images({i}) raised {type(e).__name__}: {' '.join(str(e).split())[:120]}") from None


class Thumbnails:
    """Encoded thumbnails by sample index, least recently used dropped past ``max_bytes``."""

    def __init__(self, source: ImageSource, max_bytes: int = CACHE_BYTES):
        self.source = source
        self.max_bytes = max_bytes
        self._cache: OrderedDict[int, Thumbnail] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._cache)

    @property
    def nbytes(self) -> int:
        return self._bytes

    def get(self, i: int) -> Thumbnail:
        hit = self._cache.get(i)
        if hit is not None:
            self._cache.move_to_end(i)
            return hit
        try:
            thumb = Thumbnail(self.source.thumbnail_png(i))
        except ImageProblem as e:
            thumb = Thumbnail(placeholder_png(), str(e))
        except Exception as e:  # anything else a decoder or the user's objects raise: a reason, never an error
            thumb = Thumbnail(placeholder_png(), f"cannot show this image: {type(e).__name__}: {str(e)[:120]}")
        self._cache[i] = thumb
        self._bytes += len(thumb.png)
        while self._bytes > self.max_bytes and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._bytes -= len(old.png)
        return thumb


_PLACEHOLDER: list[bytes] = []


def placeholder_png() -> bytes:
    """A grey square with a cross: 'no image here' (the reason goes next to it as text)."""
    if not _PLACEHOLDER:
        side = 48
        im = Image.new("RGB", (side, side), (224, 224, 224))
        d = ImageDraw.Draw(im)
        d.rectangle((0, 0, side - 1, side - 1), outline=(150, 150, 150))
        d.line((12, 12, side - 13, side - 13), fill=(150, 150, 150), width=3)
        d.line((12, side - 13, side - 13, 12), fill=(150, 150, 150), width=3)
        _PLACEHOLDER.append(pil_png(im))
    return _PLACEHOLDER[0]


def image_source(images, n_samples: int) -> ImageSource:
    """The source for ``images=``; checks lengths and array shapes, reads no file."""
    if isinstance(images, np.ndarray) and images.dtype.kind in "uif":
        return ArrayImages(validate_array(images, n_samples))
    if callable(images) and not hasattr(images, "__len__"):
        return CallableImages(images, n_samples)
    if hasattr(images, "to_numpy") and hasattr(images, "index") and not hasattr(images, "columns"):  # Series
        return _sized(SequenceImages(images.array), n_samples)  # as stored: no per-row Python objects made
    if isinstance(images, np.ndarray) and images.ndim == 1 and images.dtype.kind in "OUS":
        return _sized(SequenceImages(images), n_samples)
    if isinstance(images, (list, tuple)) and images and (images[0] is None or is_image_value(images[0])):
        return _sized(SequenceImages(images), n_samples)
    if (
        isinstance(images, (list, tuple))
        and images
        and isinstance(images[0], np.ndarray)
        and len({np.shape(a) for a in images[:2]} | {np.shape(images[-1])}) > 1
    ):
        return _sized(SequenceImages(images), n_samples)  # arrays of different sizes: one by one
    if isinstance(images, (str, os.PathLike)):
        raise TypeError(
            f"images is one path ({str(images)!r}); pass one image per sample, e.g. a list of paths: "
            "images=sorted(glob.glob('folder/*.png')), or a DataFrame column with from_frame(..., images='path')."
        )
    return ArrayImages(validate_array(images, n_samples))


def _sized(source: ImageSource, n: int) -> ImageSource:
    if len(source) != n:
        raise ValueError(f"images has {len(source)} entries for {n} samples: pass one image (path, ...) per sample.")
    return source


def validate_array(images, n_samples: int) -> np.ndarray:
    """Check (N, H, W) or (N, H, W, C) uint8/float images without copying them."""
    arr = images if isinstance(images, np.ndarray) else np.asarray(images)
    if arr.dtype != np.uint8 and arr.dtype.kind != "f":
        raise TypeError(
            f"images must be uint8 (0-255) or float (0-1, or any range: each image is rescaled) pixels, or one "
            f"path / PIL image / bytes per sample, or a callable i -> image; got dtype {arr.dtype}. Convert "
            "first, e.g. images.astype(np.uint8) or images.astype(np.float32)."
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
    if arr.ndim == 4 and arr.shape[3] not in _CHANNELS:
        raise ValueError(
            f"images must have 1, 2, 3 or 4 channels in the last axis (grey, grey+alpha, RGB, RGBA); got shape "
            f"{arr.shape}. Channels-first images need images.transpose(0, 2, 3, 1)."
        )
    return arr


__all__ = ["MAX_SIDE", "ImageSource", "Thumbnail", "Thumbnails", "image_source", "placeholder_png"]
