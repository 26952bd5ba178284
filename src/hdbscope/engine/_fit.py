"""The expensive part, done once per ``Clusterer``: normalise, collapse copies,
build the neighbour graph, the duplicate forest and the single-linkage tree."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from . import _neighbors
from ._boruvka_wide import forest_within
from ._chance import EXACT_FACTOR, default_factor
from ._copies import take_rows_in_place, unique_rows
from ._links import DuplicateForest, candidate_pairs, sample_groups, within
from ._neighbors import KDTREE_MAX_FEATURES, BlockIndex, kdtree, knn_blocked, knn_kdtree
from ._progress import QUIET, Progress
from ._spanning_tree import tree_lowd, tree_wide
from ._tree import weighted_tree

MAX_FACTOR = 1.0  # the duplicate_threshold slider ends at the median NN distance
LOWD_METHOD = "k-d tree neighbours; Boruvka spanning tree on a k-d tree (exact)"
K_LOWD, K_WIDE = 8, 15  # neighbours kept per row (at least min_samples)
K_TREE_WIDE = 30  # neighbours searched for the kNN-graph spanning tree (15 is too few on overlapping clusters)
GRID_BITS = 44  # low-d coordinates are rounded to 2**-GRID_BITS of the half range
GRID_NN_BITS = 20  # ... unless the median NN distance is under 2**GRID_NN_BITS grid steps
NORMALIZE_BLOCK = 1 << 20  # values normalised per float64 block (8 MB)


@dataclass
class FitState:
    n_samples: int
    scale: float  # data units per normalised unit
    inverse: np.ndarray  # sample -> distinct row
    rep: np.ndarray  # distinct row -> its lowest sample index
    nn_distance: np.ndarray  # per distinct row, normalised units
    median_nn: float  # normalised units
    default_factor: float  # default duplicate_threshold / median_nn (see _chance)
    forest: DuplicateForest | None
    exact_row: np.ndarray  # distinct row -> its exact-duplicate group (a row id)
    exact_group: np.ndarray  # sample -> exact-duplicate group id, -1 if none
    n_exact_groups: int
    sample_to_point: np.ndarray  # sample -> point of the clustering (one per exact group)
    n_points: int
    tree: tuple | None  # single-linkage tree over the points, prepared for extraction
    min_samples: int
    method: str
    # The neighbour graph of the distinct rows, kept for the label check and Clusterer.neighbors():
    # (n_rows, k), each row's k nearest other distinct rows, closest first, normalised units.
    knn_indices: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int64))
    knn_distances: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


def normalize(X: np.ndarray):
    """Translate and scale uniformly into [-1, 1]: distances keep their ratios,
    and data near 1e-300 or 1e300 never under- or overflows a squared distance.

    Wide float32 data (embeddings) is normalised in place, block by block in
    float64 arithmetic rounded back to float32: ``X`` is the engine's own copy,
    and a float64 copy of 1M x 512 would cost 4 GB more.
    """
    if len(X) == 0:
        return X, 0.0
    if X.dtype == np.float32 and X.shape[1] <= KDTREE_MAX_FEATURES:
        X = X.astype(np.float64)  # low-d: cheap, and the grid below needs float64
    lo, hi = X.min(axis=0).astype(np.float64), X.max(axis=0).astype(np.float64)
    mid = lo * 0.5 + hi * 0.5
    half = float((hi * 0.5 - lo * 0.5).max())
    if X.dtype == np.float32:
        return _normalize_in_place(X, mid, half), half
    if half == 0.0:
        return np.zeros_like(X), 0.0
    Xn = (X - mid) / half
    Xn += 0.0  # -0.0 becomes 0.0: the same row, bit for bit
    return Xn, half


def _normalize_in_place(X: np.ndarray, mid: np.ndarray, half: float) -> np.ndarray:
    step = max(1, NORMALIZE_BLOCK // X.shape[1])
    for s in range(0, len(X), step):
        block = X[s : s + step]
        if half == 0.0:
            block[:] = 0.0
        else:  # float64 arithmetic: X and X * c round to the same float32 values (almost always)
            block[:] = (block - mid) / half
        block += np.float32(0.0)  # -0.0 becomes 0.0
    return X


def on_grid(Xn: np.ndarray) -> np.ndarray:
    """Round normalised coordinates to multiples of 2**-GRID_BITS.

    ``X * c`` differs from ``X`` by last-bit rounding, so after normalising, a
    distance that ties exactly at one scale (integer data ties all the time)
    misses by an ulp at another, and the tie is broken the other way. On the
    grid both scales give the same bits (a value moves to another grid point
    only if it sits within an ulp of a half step), so every later step, ties
    included, is the same. Differences of grid values are exact. Returns
    ``Xn`` itself if rounding would merge two distinct rows.
    """
    G = np.rint(Xn * 2.0**GRID_BITS)
    G *= 2.0**-GRID_BITS
    G += 0.0
    if _distinct_hashes(G) < _distinct_hashes(Xn):
        return Xn
    return G


def _distinct_hashes(X) -> int:
    """How many distinct row hashes. Counted after a sort: numpy 2's hash-table np.unique
    takes 2 s on 1M uint64 here, a sort 0.03 s."""
    from ._copies import _row_hashes, row_bits

    h = np.sort(_row_hashes(row_bits(X)))
    return int(len(h) > 0) + int(np.count_nonzero(h[1:] != h[:-1]))


def fit(
    X: np.ndarray, min_samples: int, knn: tuple[np.ndarray, int] | None = None, progress: Progress = QUIET
) -> FitState:
    """``knn``: a checked k-NN graph over the samples and its k (``_given_knn.check_knn``), or None to search."""
    state = _fit(X, min_samples, True, knn, progress)
    if state is None:  # the grid would merge distinct rows: keep the values as they are
        state = _fit(X, min_samples, False, knn, progress)
    assert state is not None
    return state


def _fit(X: np.ndarray, min_samples: int, grid: bool, given, progress: Progress) -> FitState | None:
    """None when the data's structure is too fine for the grid (then call again without it)."""
    progress.stage("copies")
    n, d = X.shape
    Xn, scale = normalize(X)
    lowd = d <= KDTREE_MAX_FEATURES
    gridded = grid and lowd and n > 0
    if gridded:
        G = on_grid(Xn)
        gridded = G is not Xn
        Xn = G
    progress.tick()
    rep, inverse = unique_rows(Xn)
    progress.tick()
    # wide data: Xn is the engine's own copy (normalised in place), so reorder it in place
    U = Xn[rep] if lowd else take_rows_in_place(Xn, rep)
    n_rows = len(rep)
    if n_rows < 2:
        return _trivial(n, scale, inverse, rep, min_samples)

    k = min(max(min_samples, K_LOWD if lowd else K_WIDE), n_rows - 1)
    progress.stage("neighbors")
    if given is not None:  # a graph computed elsewhere: Clusterer(knn=...)
        from ._given_knn import given_method, rows_graph

        given, k_given = given
        k = min(k, k_given)  # never more than given: short rows are searched one by one
        knn_d, knn_i = rows_graph(U, given, rep, inverse, k)
        tree = kdtree(U) if lowd else None  # for the duplicates' radius search
        index = None if lowd else _wide_index(U, progress.tick)
        method = given_method(lowd, index, n_rows, d)
    elif lowd:
        knn_d, knn_i, tree = knn_kdtree(U, k, progress.tick)
        index, method = None, LOWD_METHOD
    else:
        knn_d, knn_i, index = _wide_knn(U, min(max(k, K_TREE_WIDE), n_rows - 1), progress.tick)
        tree = None
        method = _wide_method(index, n_rows, d)
    # kept as they are (k per row): the wide path below may search again over fewer rows
    graph_i, graph_d = knn_i[:, :k], knn_d[:, :k]
    nn = knn_d[:, 0].copy()
    median_nn = float(np.median(nn))
    if gridded and median_nn < 2.0 ** (GRID_NN_BITS - GRID_BITS):
        return None  # structure too fine for the grid: no rounding
    # on the grid, a distance is off by at most 2**-GRID_BITS * sqrt(d) (each end rounded half a step)
    tie_atol = 2.0**-GRID_BITS * np.sqrt(d) if gridded else 0.0
    t_max = within(MAX_FACTOR * median_nn, tie_atol)
    progress.stage("duplicates")
    if index is not None and not index.exact:  # faiss: the forest without listing every close pair
        pa, pb, pw = forest_within(index, knn_d, knn_i, t_max, progress.tick)
    else:
        pa, pb, pw = candidate_pairs(knn_d, knn_i, t_max, tree, U, index)
    forest = DuplicateForest(pa, pb, pw, n_rows, tie_atol)
    exact_row, _ = forest.components(EXACT_FACTOR * median_nn)
    exact_group, n_exact = sample_groups(exact_row, inverse, exact_row, False)

    # cluster one point per exact-duplicate group: copies then always share a label
    points = np.flatnonzero(exact_row == np.arange(n_rows))
    row_to_point = np.full(n_rows, -1, dtype=np.int64)
    row_to_point[points] = np.arange(len(points))
    sample_to_point = row_to_point[exact_row[inverse]]
    n_points = len(points)
    ms = _clamp_min_samples(min_samples, n_points)
    progress.stage("spanning tree")
    same = n_points == n_rows  # no exact-duplicate group joined rows: the graph is the points' graph
    if n_points < 2:
        hierarchy = None
    elif lowd:
        hierarchy = tree_lowd(U[points], ms, (knn_d, knn_i) if same else None, given is None, progress.tick)
    else:
        if not same and given is not None:
            from ._given_knn import points_graph

            knn_d, knn_i = points_graph(U, knn_i, points, row_to_point[exact_row], min(k, n_points - 1))
            index = _wide_index(U[points], progress.tick)
        elif not same:
            knn_d, knn_i, index = _wide_knn(U[points], min(max(k, K_TREE_WIDE), n_points - 1), progress.tick)
        assert index is not None  # _wide_knn set it: this is the wide path
        hierarchy = tree_wide(U if same else U[points], knn_d, knn_i, ms, index, progress.tick)
    progress.stage("tree")
    weight = np.bincount(sample_to_point, minlength=n_points)  # samples per point: copies count
    tree = None if hierarchy is None else weighted_tree(hierarchy, weight)
    return FitState(
        n,
        scale,
        inverse,
        rep,
        nn,
        median_nn,
        default_factor(nn, median_nn),
        forest,
        exact_row,
        exact_group,
        n_exact,
        sample_to_point,
        n_points,
        tree,
        ms,
        method,
        graph_i,
        graph_d,
    )


def _wide_index(U, tick):
    """Brute-force BLAS blocks for small data (exact), faiss for large."""
    from ._wide_knn import WideIndex

    n, d = U.shape
    return BlockIndex(U) if float(n) * n * d <= _neighbors.EXACT_BUDGET else WideIndex(U, tick)


def _wide_knn(U, k, tick):
    """``(distances, ids, index)`` of the k nearest other rows, wide data."""
    index = _wide_index(U, tick)
    if isinstance(index, BlockIndex):
        return (*knn_blocked(U, k, index), index)
    return (*index.knn(k), index)


_TREE = "Boruvka spanning tree (exact up to the largest k-th neighbour distance, k-NN graph above)"


def _wide_method(index, n_rows, d) -> str:
    from ._spanning_tree import PRIM_BUDGET

    if float(n_rows) * n_rows * d <= PRIM_BUDGET:
        return "brute-force BLAS neighbours; Prim's spanning tree (exact)"
    if index.exact:
        return f"brute-force BLAS neighbours (exact); {_TREE}"
    return f"faiss IVF neighbours (projected, re-ranked exactly); {_TREE}"


def _clamp_min_samples(min_samples: int, n_points: int) -> int:
    if n_points < 2 or min_samples <= n_points - 1:
        return min_samples
    clamped = n_points - 1
    warnings.warn(
        f"min_samples={min_samples} needs at least {min_samples + 1} distinct samples but there are "
        f"only {n_points}; using min_samples={clamped}.",
        UserWarning,
        stacklevel=5,
    )
    return clamped


def _trivial(n, scale, inverse, rep, min_samples) -> FitState:
    """No two distinct rows (no data, one sample, or all rows identical)."""
    n_rows = len(rep)
    exact_row = np.zeros(n_rows, dtype=np.int64)
    exact_group, n_exact = sample_groups(exact_row, inverse, exact_row, False)
    return FitState(
        n,
        scale,
        inverse,
        rep,
        np.zeros(n_rows),
        0.0,
        0.0,
        None,
        exact_row,
        exact_group,
        n_exact,
        np.zeros(n, dtype=np.int64),
        n_rows,
        None,
        min_samples,
        "no clustering: fewer than two distinct samples",
    )
