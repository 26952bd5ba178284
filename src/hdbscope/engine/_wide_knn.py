"""Neighbours of wide, large data through faiss (the field's standard library).

Chosen by ``benchmarks/bench_neighbors.py`` (results/neighbors.json): see the README's
"Scale" section. The search runs on the rows projected onto their leading principal
axes (enough to hold ``PCA_VARIANCE`` of the variance, at least ``PCA_MIN`` of them):
embeddings have far fewer directions that matter than features, and a projection onto
orthonormal axes never lengthens a distance, so

* the k nearest are shortlisted (``k + EXTRA`` of them) in the projection by faiss's
  IVF index (approximate: ``N_PROBE`` cells; half-precision codes, since the
  exact re-ranking decides anyway: same lists, a quarter faster), then re-ranked with exact
  distances between the full rows;
* the duplicate forest and the spanning tree (``_boruvka_wide``, ``_cells``) scan,
  for the rows that need it, every cell that can hold a row within ``r`` (``probes``'
  bound: no pair is lost to the projection), then exact distances decide.

The index is deterministic: trained on evenly spaced rows of the engine's canonical
row order (distinct rows sorted by content) with a fixed seed, so the same rows give
the same graph whatever order they came in.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit, prange

PCA_VARIANCE = 0.97  # variance the projection keeps
PCA_MIN = 32  # fewest dimensions searched
TRAIN_ROWS = 20_000  # rows the projection is trained on
CELL_ROWS = 256  # about this many rows per cell
TRAIN_PER_CELL = 40  # k-means training rows per cell (faiss warns below 39)
N_PROBE = 4  # cells searched per query first ...
N_PROBE_MAX = 16  # ... then up to this many, for queries whose neighbours may lie further
EXTRA = 6  # spare shortlisted candidates re-ranked exactly
PROBE_SAMPLE = 2048  # queries sampled to choose how many cells to search first
SEARCH_COST = 8  # a search's cost besides its cells, in cells (100k x 256: 4 cells 8.6 us, 16 cells 16.3 us)
SEARCH_ROWS = 8192  # queries per faiss call: Python regains control between calls
KMEANS_ITERATIONS = 5  # 1M x 256: recall@30 0.879, 10 iterations 0.883 with the fit 10 s longer
ADD_ROWS = 65536  # rows added to the index per call
RERANK_ROWS = 65536  # rows re-ranked per call (about 0.5 s at 1M x 256), for the same reason
PROJECT_BYTES = 32 << 20  # rows projected per block: this many bytes of them
SEED = 1234


def _faiss():
    try:
        import faiss
    except ImportError as exc:  # a dependency, but say what to do if an install lost it
        raise ImportError(
            "hdbscope needs faiss-cpu for data with more than 16 features and many rows: pip install faiss-cpu"
        ) from exc
    return faiss


class WideIndex:
    """An IVF index (float16 codes) over the projected rows of ``U`` (float32 or float64 rows;
    ``U`` itself gives every exact distance)."""

    exact = False

    def __init__(self, U: np.ndarray, tick: Callable[[], None] | None = None):
        faiss = _faiss()
        n = len(U)
        self.U = U
        train = U[np.linspace(0, n - 1, min(n, TRAIN_ROWS)).astype(np.int64)]
        self.mean, self.axes = _principal_axes(train)
        self.Z = self.project(U, tick)
        m = self.Z.shape[1]
        n_cells = int(max(1, min(n // TRAIN_PER_CELL, round(n / CELL_ROWS))))
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatL2(m), m, n_cells, faiss.ScalarQuantizer.QT_fp16)
        sample = self.Z[np.linspace(0, n - 1, min(n, TRAIN_PER_CELL * n_cells)).astype(np.int64)]
        index.quantizer.add(_cell_centers(sample, n_cells, tick))
        index.train(sample)  # the quantizer has its cells: this sets up the float16 codes only
        for s in range(0, n, ADD_ROWS):  # ids run on from chunk to chunk: the same index as one add
            index.add(self.Z[s : s + ADD_ROWS])
            if tick is not None:
                tick()
        index.nprobe = min(N_PROBE, n_cells)
        self.index = index
        # rows cell by cell: queries in this order probe the same cells and read the
        # same rows one after another (cache-friendly search and re-ranking)
        self.cell = _list_of_each_row(index, n)
        if tick is not None:
            tick()
        self.order = np.argsort(self.cell, kind="stable")
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[self.order] = np.arange(n)
        self.tick = tick
        self.shortlisted = np.zeros((n, 0), dtype=np.int64)

    def project(self, X: np.ndarray, tick=None) -> np.ndarray:
        out = np.empty((len(X), self.axes.shape[1]), dtype=np.float32)
        step = max(1, PROJECT_BYTES // (4 * X.shape[1]))
        for s in range(0, len(X), step):
            out[s : s + step] = (X[s : s + step] - self.mean) @ self.axes
            if tick is not None:
                tick()
        return out

    def probes(self, Zq: np.ndarray, r: np.ndarray, cap: int) -> np.ndarray:
        """Cells each query must search to see every row within ``r`` of it (a power of 2,
        at most ``cap``): a row ``p`` within ``r`` of ``q`` lies in a cell whose centre is at
        most ``|q - c_q| + 2r`` from ``q`` (``c_q``: q's nearest centre; p is nearer its
        own centre than c_q). Float32 rounding: small margins."""
        cd = np.sqrt(np.maximum(self.index.quantizer.search(Zq, min(cap, self.index.nlist))[0], 0.0))
        need = (cd <= cd[:, :1] * (1 + 1e-3) + 2 * r[:, None]).sum(axis=1)
        return np.minimum(cap, 1 << np.ceil(np.log2(np.maximum(need, 1))).astype(np.int64))

    def shortlist(self, rows: np.ndarray, out: np.ndarray) -> None:
        """Into ``out[rows]`` (``kk`` wide): ids of the ``kk`` nearest rows to each of ``rows``
        in the projection (self included, -1 where a search found fewer): ``N_PROBE`` cells
        first, then, for queries whose ``kk``-th distance reaches cells not searched, up to
        ``N_PROBE_MAX`` cells (the bound of ``probes``)."""
        kk = out.shape[1]
        cap = min(N_PROBE_MAX, self.index.nlist)
        first = self._first_probes(rows, kk, cap)
        if self.tick is not None:
            self.tick()
        for s in range(0, len(rows), SEARCH_ROWS):
            Zq = self.Z[rows[s : s + SEARCH_ROWS]]
            self.index.nprobe = first
            dz, ids = self.index.search(Zq, kk)
            if first < cap:  # else searched as widely as allowed already
                r = np.sqrt(np.maximum(dz[:, -1], 0.0)) * (1 + 1e-3) + 1e-6
                more = self.probes(Zq, np.where(ids[:, -1] < 0, np.inf, r), cap)
                for p in np.unique(more[more > self.index.nprobe]):
                    sel = np.flatnonzero(more == p)
                    self.index.nprobe = int(p)
                    ids[sel] = self.index.search(np.ascontiguousarray(Zq[sel]), kk)[1]
            out[rows[s : s + len(Zq)]] = ids
            if self.tick is not None:
                self.tick()
        self.index.nprobe = min(N_PROBE, self.index.nlist)

    def _first_probes(self, rows: np.ndarray, kk: int, cap: int) -> int:
        """Cells searched first: the power of 2 from ``N_PROBE`` to ``cap`` that costs least
        over an evenly spaced sample of the queries, counting a widened query's second
        search in full (data whose neighbours spread over many cells: one wide search
        instead of two)."""
        low = min(N_PROBE, self.index.nlist)
        sample = rows[np.linspace(0, len(rows) - 1, min(len(rows), PROBE_SAMPLE)).astype(np.int64)]
        Zq = np.ascontiguousarray(self.Z[sample])
        self.index.nprobe = low
        dz, ids = self.index.search(Zq, kk)
        r = np.sqrt(np.maximum(dz[:, -1], 0.0)) * (1 + 1e-3) + 1e-6
        need = self.probes(Zq, np.where(ids[:, -1] < 0, np.inf, r), cap)
        options = sorted({p for p in (low, 2 * low, 4 * low, cap) if p <= cap})
        cost = [SEARCH_COST + p + float(np.mean(np.where(need > p, SEARCH_COST + need, 0))) for p in options]
        return options[int(np.argmin(cost))]  # the first of equal costs: the narrower search

    def knn(self, k: int):
        """``(distances, ids)``: each row's k nearest other rows, exact distances, closest first."""
        n = len(self.U)
        cand = np.empty((n, min(n, k + 1 + EXTRA)), dtype=np.int64)
        self.shortlist(self.order, cand)
        self.shortlisted = cand  # kept: joining the spanning tree's components looks here first
        # first touched slice by slice: a VM's fresh memory can take seconds per GB to map,
        # and re-ranking in cell order touches every page of the output at once
        out_d, out_i = np.empty((n, k)), np.empty((n, k), dtype=np.int64)
        for s in range(0, n, RERANK_ROWS):
            out_d[s : s + RERANK_ROWS], out_i[s : s + RERANK_ROWS] = np.inf, -1
            if self.tick is not None:
                self.tick()
        for s in range(0, n, RERANK_ROWS):
            rerank(self.U, cand, self.order[s : s + RERANK_ROWS], out_d, out_i)
            if self.tick is not None:
                self.tick()
        return out_d, out_i

    def component_links(self, comp: np.ndarray, core: np.ndarray):
        """Mutual-reachability edges from rows outside the largest component to the
        nearest of their shortlisted rows (``knn``'s) in another component (exact weights)."""
        sizes = np.bincount(comp)
        rows = np.flatnonzero(comp != np.argmax(sizes))
        cand = self.shortlisted[rows]
        b = _first_outside(cand, rows, comp)
        found = b >= 0
        a, b = rows[found], b[found]
        w = np.maximum(pair_distances(self.U, a, b), np.maximum(core[a], core[b]))
        return a, b, w


def _cell_centers(sample: np.ndarray, n_cells: int, tick) -> np.ndarray:
    """faiss k-means of the sample, one iteration per call: at 1M rows one call of ten
    iterations takes about 8 s, too long to wait for Ctrl-C. Seeded: deterministic."""
    faiss = _faiss()
    centers: np.ndarray | None = None
    for _ in range(KMEANS_ITERATIONS):
        kmeans = faiss.Kmeans(
            sample.shape[1], n_cells, niter=1, seed=SEED, max_points_per_centroid=len(sample) // n_cells + 1
        )  # that many points per centroid: faiss uses the whole sample, no resampling
        kmeans.train(sample, init_centroids=centers)
        centers = kmeans.centroids
        if tick is not None:
            tick()
    assert centers is not None
    return centers


def _list_of_each_row(index, n: int) -> np.ndarray:
    """Each row's cell, read from the index's inverted lists (``add`` assigned every row
    already; asking the quantizer again costs a second pass over all rows)."""
    faiss = _faiss()
    cell = np.full(n, -1, dtype=np.int64)
    lists = index.invlists
    for c in range(index.nlist):
        size = lists.list_size(c)
        if size:
            cell[faiss.rev_swig_ptr(lists.get_ids(c), size)] = c
    return cell


def _principal_axes(S: np.ndarray):
    """Mean and leading principal axes (d, m) of the sample ``S`` (a copy: centred in place,
    with no float64 temporary, which on a VM slow to map fresh memory costs more than the BLAS)."""
    mean = S.mean(axis=0, dtype=np.float64)
    S = S.astype(np.float32, copy=False)  # float32 BLAS: axes need no more, and it is twice as fast
    S -= mean.astype(np.float32)
    cov = (S.T @ S).astype(np.float64)
    vals, vecs = np.linalg.eigh(cov)
    vals, vecs = vals[::-1], vecs[:, ::-1]
    share = np.cumsum(np.maximum(vals, 0.0)) / max(float(np.maximum(vals, 0.0).sum()), 1e-300)
    m = int(np.searchsorted(share, PCA_VARIANCE) + 1)
    m = min(S.shape[1], max(PCA_MIN, -(-m // 8) * 8))  # a multiple of 8: faiss's SIMD
    return mean.astype(np.float32), np.ascontiguousarray(vecs[:, :m], dtype=np.float32)


@njit(cache=True)
def _first_outside(cand, rows, comp):
    out = np.full(len(rows), -1, dtype=np.int64)
    for i in range(len(rows)):
        ca = comp[rows[i]]
        for j in range(cand.shape[1]):
            b = cand[i, j]
            if b >= 0 and comp[b] != ca:
                out[i] = b
                break
    return out


@njit(cache=True, parallel=True)
def pair_distances(U, a, b):
    out = np.empty(len(a))
    for p in prange(len(a)):
        out[p] = row_distance(U, a[p], U, b[p])
    return out


@njit(cache=True, inline="always")
def row_distance(A, i, B, j):
    """|A[i] - B[j]|, summed in float64 feature by feature: every exact distance of the
    wide path (re-ranking, pairs, the duplicate forest) is this one, bit for bit."""
    s = 0.0
    for f in range(A.shape[1]):
        t = np.float64(A[i, f]) - np.float64(B[j, f])
        s += t * t
    return np.sqrt(s)


@njit(cache=True, parallel=True)
def rerank(U, cand, rows, out_d, out_i):
    """Into rows ``rows`` of ``out_d``/``out_i`` (k wide, inf and -1 past the last found): exact distances to each row's
    shortlisted candidates (self and -1 dropped), sorted, ties broken by index, so the
    result never depends on the search's order. Pass rows cell by cell: neighbouring
    rows stay in cache."""
    kk = cand.shape[1]
    k = out_d.shape[1]
    for t in prange(len(rows)):
        q = rows[t]
        tmp_d = np.empty(kk)
        tmp_i = np.empty(kk, dtype=np.int64)
        m = 0
        for c in range(kk):
            j = cand[q, c]
            if j < 0 or j == q:
                continue
            tmp_d[m] = row_distance(U, q, U, j)
            tmp_i[m] = j
            m += 1
        # sort by (distance, index): insertion sort, kk is small
        for a in range(1, m):
            vd, vi = tmp_d[a], tmp_i[a]
            b = a
            while b > 0 and (tmp_d[b - 1] > vd or (tmp_d[b - 1] == vd and tmp_i[b - 1] > vi)):
                tmp_d[b], tmp_i[b] = tmp_d[b - 1], tmp_i[b - 1]
                b -= 1
            tmp_d[b], tmp_i[b] = vd, vi
        for a in range(k):
            out_d[q, a] = tmp_d[a] if a < m else np.inf
            out_i[q, a] = tmp_i[a] if a < m else -1


def knn_wide(U: np.ndarray, k: int, tick: Callable[[], None] | None = None):
    """``(distances, ids, index)``: exact-distance k nearest other rows of ``U`` via faiss."""
    index = WideIndex(U, tick)
    dist, idx = index.knn(k)
    return dist, idx, index
