"""The widget's building blocks: 2-D layout (PCA), selection wire format,
positions normalisation, and PNG thumbnails (read back with Pillow)."""

from __future__ import annotations

import numpy as np
import pytest

from hdbscope import ClusterExplorer
from hdbscope.widget import _layout
from hdbscope.widget._serialization import (
    SELECTION_BITMASK,
    SELECTION_INDICES,
    decode_selection,
    encode_selection,
    normalized_positions,
)
from hdbscope.widget._thumbnails import MAX_SIDE, encode_png, shrink, thumbnail_png, to_uint8
from hdbscope.widget._tooltip import hover_reply


# ---------------------------------------------------------------- layout
def _pca_reference(X):
    Xc = X - X.mean(0)
    _, _, vt = np.linalg.svd(Xc, full_matrices=False)
    return Xc @ vt[:2].T


def _same_up_to_sign(a, b, tol):
    for k in range(2):
        s = np.sign(a[:, k] @ b[:, k])
        np.testing.assert_allclose(a[:, k], s * b[:, k], atol=tol)


def test_pca_matches_svd_and_has_fixed_signs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 6)) @ rng.normal(size=(6, 6)) + 100.0
    got = _layout.pca_2d(X)
    _same_up_to_sign(got, _pca_reference(X), 1e-8)
    assert got[:, 0].var() >= got[:, 1].var()
    comps = np.linalg.lstsq(X - X.mean(0), got, rcond=None)[0]
    assert all(comps[np.argmax(np.abs(comps[:, k])), k] > 0 for k in range(2))


def test_pca_is_chunked_and_order_independent(monkeypatch):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(1000, 5)) * [5, 3, 1, 0.5, 0.1]
    full = _layout.pca_2d(X)
    monkeypatch.setattr(_layout, "CHUNK_ROWS", 97)
    perm = rng.permutation(1000)
    chunked = _layout.pca_2d(X[perm])
    np.testing.assert_allclose(chunked, full[perm], atol=1e-9)


def test_pca_many_features_uses_subspace_iteration():
    rng = np.random.default_rng(2)
    n, d = 800, 700  # above EXACT_PCA_MAX_FEATURES
    basis = np.linalg.qr(rng.normal(size=(d, 2)))[0]
    X = rng.normal(size=(n, 2)) * [10, 4] @ basis.T + rng.normal(scale=0.1, size=(n, d))
    got = _layout.pca_2d(X.astype(np.float32))
    _same_up_to_sign(got, _pca_reference(X), 0.05)


def test_layout_choice():
    rng = np.random.default_rng(3)
    X2 = rng.normal(size=(50, 2))
    np.testing.assert_array_equal(_layout.compute_layout(X2, 50, 2), X2)
    X1 = rng.normal(size=(50, 1))
    np.testing.assert_array_equal(_layout.compute_layout(X1, 50, 1), np.column_stack([X1[:, 0], np.zeros(50)]))
    given = rng.normal(size=(50, 2))
    np.testing.assert_array_equal(_layout.compute_layout(rng.normal(size=(50, 9)), 50, 9, given), given)


def test_explorer_uses_given_layout_and_pca_by_default():
    rng = np.random.default_rng(4)
    X = np.vstack([rng.normal(0, 1, (60, 5)), rng.normal(8, 1, (60, 5))])
    w = ClusterExplorer(X)
    _same_up_to_sign(w.coordinates, _pca_reference(X), 1e-8)
    umap_like = rng.normal(size=(120, 2))
    w = ClusterExplorer(X, layout=umap_like.tolist())
    np.testing.assert_array_equal(w.coordinates, umap_like)
    pos = np.frombuffer(w.positions, "<f4").reshape(-1, 2)
    np.testing.assert_allclose(pos, normalized_positions(umap_like))


def test_positions_keep_precision_with_a_large_offset():
    xy = np.array([[1e6, 5.0], [1e6 + 1e-3, 5.0], [1e6, 5.0 + 2e-3]])
    pos = normalized_positions(xy)
    assert pos.dtype == np.dtype("<f4")
    np.testing.assert_allclose(pos, [[-0.5, -1.0], [0.5, -1.0], [-0.5, 1.0]], atol=1e-6)
    assert normalized_positions(np.ones((3, 2))).tolist() == [[0, 0]] * 3  # no division by zero
    assert normalized_positions(np.zeros((0, 2))).shape == (0, 2)


# ---------------------------------------------------------------- selection wire format
@pytest.mark.parametrize(
    "n, sel, fmt",
    [
        (100, [], SELECTION_INDICES),
        (100, [0, 99, 42], SELECTION_INDICES),
        (100, list(range(0, 100, 3)), SELECTION_BITMASK),
        (1_000_003, list(range(1_000_003)), SELECTION_BITMASK),
    ],
)
def test_selection_round_trip(n, sel, fmt):
    sel = np.sort(np.array(sel, dtype=np.int64))
    buf = encode_selection(sel, n)
    assert int(np.frombuffer(buf[:4], "<u4")[0]) == fmt
    assert len(buf) <= 4 + max(4 * len(sel), 0) and len(buf) <= 4 + (n + 7) // 8 + 4
    np.testing.assert_array_equal(decode_selection(memoryview(buf), n), sel)


def test_selection_decode_is_defensive():
    assert decode_selection(b"", 10).tolist() == []
    buf = np.array([SELECTION_INDICES, 3, 3, 11, 1], "<u4").tobytes()
    assert decode_selection(buf, 10).tolist() == [1, 3]  # sorted, unique, in range
    with pytest.raises(ValueError, match="unknown selection format 7"):
        decode_selection(np.array([7], "<u4").tobytes(), 10)


# ---------------------------------------------------------------- thumbnails
def decode_png(data: bytes) -> np.ndarray:
    """Pillow reads the PNG back (a grey image as (H, W))."""
    import io

    from PIL import Image

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    im = Image.open(io.BytesIO(data))
    assert im.format == "PNG"
    return np.asarray(im)


@pytest.mark.parametrize("shape", [(5, 7), (5, 7, 1), (5, 7, 2), (5, 7, 3), (5, 7, 4)])
def test_png_round_trip(shape):
    img = np.random.default_rng(0).integers(0, 256, size=shape, dtype=np.uint8)
    got = decode_png(encode_png(img))
    np.testing.assert_array_equal(got, img[:, :, 0] if shape[-1:] == (1,) else img)


def test_float_images_scale_to_uint8():
    np.testing.assert_array_equal(to_uint8(np.array([[0.0, 0.5, 1.0]])), [[0, 128, 255]])
    np.testing.assert_array_equal(to_uint8(np.array([[-1.0, 0.0, 3.0]])), [[0, 64, 255]])  # min-max
    np.testing.assert_array_equal(to_uint8(np.array([[np.nan, 1.0]])), [[0, 255]])
    assert to_uint8(np.full((2, 2), 7.0)).tolist() == [[128, 128], [128, 128]]


def test_thumbnails_are_small_and_one_at_a_time():
    imgs = np.zeros((3, 300, 200, 3), dtype=np.uint8)
    imgs[1, :150] = 255
    png = thumbnail_png(imgs, 1)
    px = decode_png(png)
    assert max(px.shape[:2]) <= MAX_SIDE
    assert px.shape == (100, 66, 3)  # 3x3 blocks; the 2 leftover columns are cropped
    assert px[0, 0].tolist() == [255, 255, 255] and px[-1, -1].tolist() == [0, 0, 0]
    small = np.arange(64, dtype=np.uint8).reshape(8, 8)
    np.testing.assert_array_equal(shrink(small), small)  # tiny images keep their pixels


def test_hover_sends_the_thumbnail_of_that_sample_only():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 4))
    imgs = rng.random((30, 16, 16)).astype(np.float32)  # floats in [0, 1]
    w = ClusterExplorer(X, images=imgs)
    assert w.has_images and "images" not in w.keys  # images never go to the browser as a trait
    reply, png = hover_reply(w, {"type": "hover", "id": 3, "index": 11})
    assert reply["has_image"] and reply["image_mime"] == "image/png"
    np.testing.assert_array_equal(decode_png(png), np.clip(np.rint(imgs[11] * 255), 0, 255).astype(np.uint8))
    state_bytes = sum(len(v) for v in w.get_state().values() if isinstance(v, (bytes, memoryview)))
    assert state_bytes < imgs.nbytes  # nothing image-sized was put in the widget state
