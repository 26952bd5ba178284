"""images= from files, bytes, PIL images and callables: nothing read at construction, thumbnails
decoded by Pillow on demand and cached (bounded), bad or hostile files shown as a placeholder with
a reason, and only an index ever comes from the page."""

from __future__ import annotations

import io
import os
import pathlib
import struct
import time
import zlib

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from hdbscope import ClusterExplorer
from hdbscope.widget import _image_decode, _image_source
from hdbscope.widget._image_source import Thumbnails, image_source, placeholder_png
from hdbscope.widget._review_reply import review_reply
from hdbscope.widget._tooltip import hover_reply


def _png_bytes(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG")
    return buf.getvalue()


def _read(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)))


@pytest.fixture(scope="module")
def X():
    return np.random.default_rng(3).normal(size=(40, 3))


@pytest.fixture()
def folder(tmp_path):
    rng = np.random.default_rng(0)
    paths = []
    for i in range(40):
        p = tmp_path / f"img_{i:02d}.png"
        Image.fromarray(rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)).save(p)
        paths.append(p)
    return paths


def test_construction_reads_no_file(X, monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a file was touched at construction")

    monkeypatch.setattr(_image_source, "small_image", refuse)
    monkeypatch.setattr(_image_decode, "_from_path", refuse)
    monkeypatch.setattr(Image, "open", refuse)
    paths = [f"/does/not/exist/{i}.jpg" for i in range(len(X))]
    for images in (
        paths,
        pd.Series(paths),
        np.array(paths, dtype=object),
        [pathlib.Path(p) for p in paths],
        lambda i: paths[i],
    ):
        w = ClusterExplorer(X, images=images)
        assert w.has_images


def test_a_million_missing_paths_build_a_source_without_io(monkeypatch):
    monkeypatch.setattr(_image_decode, "_from_path", lambda *a: (_ for _ in ()).throw(AssertionError("read")))
    paths = pd.Series([f"/nowhere/{i}.png" for i in range(1_000_000)])
    source = image_source(paths, 1_000_000)
    assert len(source) == 1_000_000 and source.kind == "sequence"


@pytest.mark.parametrize("as_", ["str", "path", "series", "bytes", "pil", "callable", "callable_array"])
def test_thumbnail_of_each_kind_of_image(X, folder, as_):
    pixels = [np.asarray(Image.open(p)) for p in folder]
    images = {
        "str": [str(p) for p in folder],
        "path": folder,
        "series": pd.Series([str(p) for p in folder]),
        "bytes": [p.read_bytes() for p in folder],
        "pil": [Image.open(p) for p in folder],
        "callable": lambda i: folder[i],
        "callable_array": lambda i: pixels[i],
    }[as_]
    w = ClusterExplorer(X, images=images)
    reply, png = hover_reply(w, {"type": "hover", "id": 1, "index": 7})
    assert reply["has_image"] and "image_problem" not in reply
    np.testing.assert_array_equal(_read(png), pixels[7])  # small images keep every pixel


def test_large_images_are_shrunk(tmp_path):
    p = tmp_path / "big.jpg"
    Image.fromarray(np.full((2000, 3000, 3), 200, np.uint8)).save(p, quality=90)
    src = image_source([p, p], 2)
    im = Image.open(io.BytesIO(src.thumbnail_png(0)))
    assert max(im.size) == 128 and im.size == (128, 85)


def _bomb_png(path: pathlib.Path, side: int = 30_000) -> None:
    """A 30,000 x 30,000 grey PNG header (900 M pixels) with the first rows of zeros: the header is
    all a bomb check may read (compressing all 900 MB of zeros here would take 20 s)."""

    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    z = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    idat = b"".join(z.compress(row) for _ in range(100)) + z.flush()
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    good = io.BytesIO()
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (64, 64, 3), dtype=np.uint8)).save(good, "JPEG")
    (d / "truncated.jpg").write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    _bomb_png(d / "bomb.png")
    (d / "folder.png").mkdir()
    (d / "empty.png").write_bytes(b"")
    (d / "text.png").write_text("not an image at all")
    (d / "eps.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    os.mkfifo(d / "fifo.png")  # opening it for reading would block forever
    return d


@pytest.mark.parametrize(
    "name, reason",
    [
        ("missing.png", "file not found"),
        ("truncated.jpg", "truncated or corrupt"),
        ("bomb.png", "too many pixels"),
        ("folder.png", "a directory"),
        ("empty.png", "empty file"),
        ("text.png", "not an image file"),
        ("eps.eps", "not an image file"),  # EPS is never parsed (it would run Ghostscript)
        ("fifo.png", "not a regular file"),
    ],
)
def test_bad_files_give_a_placeholder_and_a_reason(X, bad_files, name, reason):
    paths = [str(bad_files / name)] * len(X)
    w = ClusterExplorer(X, images=paths)
    t0 = time.perf_counter()
    reply, png = hover_reply(w, {"type": "hover", "id": 1, "index": 0})
    assert time.perf_counter() - t0 < 30  # never hangs (a generous bound, not a benchmark)
    assert reply["has_image"] and png == placeholder_png()
    assert reason in reply["image_problem"] and "\n" not in reply["image_problem"]
    review, buffers = review_reply(w, {"type": "review", "id": 2, "members": [0, 1], "k": 2})
    card = review["members"][0]
    assert reason in card["image_problem"] and buffers[card["image"]] == placeholder_png()
    assert "error" not in review


def test_other_bad_values_and_a_failing_callable(X):
    def images(i):
        if i == 1:
            raise KeyError("no such sample in my store")
        return [None, None, 12345, b"", np.zeros((3, 3, 7))][i % 5]

    w = ClusterExplorer(X, images=images)
    reasons = [hover_reply(w, {"type": "hover", "index": i})[0]["image_problem"] for i in range(5)]
    assert reasons[0] == "no image for this sample"
    assert reasons[1].startswith("images(1) raised KeyError")
    assert "cannot show a int" in reasons[2] and reasons[3] == "empty image bytes"
    assert "1 to 4 channels" in reasons[4]


def test_thumbnails_are_cached_and_the_cache_is_bounded(folder):
    calls = []

    def images(i):
        calls.append(i)
        return folder[i]

    thumbs = Thumbnails(image_source(images, len(folder)), max_bytes=3 * len(folder[0].read_bytes()) + 2000)
    first = thumbs.get(3)
    assert thumbs.get(3) is first and calls == [3]  # second time: from the cache
    for i in range(len(folder)):
        thumbs.get(i)
    assert thumbs.nbytes <= thumbs.max_bytes and 1 <= len(thumbs) < len(folder)
    thumbs.get(0)
    assert calls.count(0) == 2  # evicted, so decoded again


def test_the_page_can_only_name_a_sample_index(X, folder, monkeypatch):
    opened = []
    real_open = open

    def spy(path, *a, **k):
        opened.append(os.fspath(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(_image_decode, "open", spy, raising=False)
    given = {str(p) for p in folder}
    w = ClusterExplorer(X, images=[str(p) for p in folder])
    hostile = [
        {"type": "hover", "index": "/etc/passwd"},
        {"type": "hover", "index": 0, "path": "/etc/passwd", "image": "/etc/passwd"},
        {"type": "hover", "index": [1, 2]},
        {"type": "hover", "index": -1},
        {"type": "hover", "index": 10**9},
        {"type": "hover", "index": 2.0},
        {"type": "review", "members": ["/etc/passwd"]},
        {"type": "review", "members": [3], "path": "/etc/passwd"},
        {"type": "one_per_group", "kind": "exact", "by": "/etc/passwd"},
        {"type": "one_per_group", "kind": "exact", "by": {"__class__": "x"}},
    ]
    sent = []
    monkeypatch.setattr(w, "send", lambda content, buffers=None: sent.append(content))
    for msg in hostile:
        w._on_custom_msg(w, msg, [])
    assert len(sent) == len(hostile)  # every message answered
    assert set(opened) <= given  # only the files given for samples (hovered, reviewed and their neighbours)
    assert {str(folder[0]), str(folder[3])} <= set(opened)
    assert "/etc/passwd" not in opened


@pytest.mark.parametrize(
    "images, exc, match",
    [
        ("folder/*.png", TypeError, "one path"),
        (["a.png"] * 3, ValueError, "3 entries for 40 samples"),
        (pd.Series(["a.png"] * 41), ValueError, "41 entries"),
    ],
)
def test_bad_images_arguments(X, images, exc, match):
    with pytest.raises(exc, match=match):
        ClusterExplorer(X, images=images)


def test_a_list_of_arrays_of_different_sizes(X):
    rng = np.random.default_rng(2)
    images = [rng.integers(0, 256, (10 + i % 3, 12, 3), dtype=np.uint8) for i in range(len(X))]
    w = ClusterExplorer(X, images=images)
    reply, png = hover_reply(w, {"type": "hover", "index": 4})
    np.testing.assert_array_equal(_read(png), images[4])
