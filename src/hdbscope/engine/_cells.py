"""The faiss index's cells, for searches that know components: per query row, the
nearest row of another component within a radius, under plain or mutual-reachability
weights, exact.

A search screens every cell center by float32 BLAS, then measures only the cells that
can hold a row that close and are not wholly in the query's component. Cell-level
bounds (``row_bounds``) let rows deep inside their component's cells skip the search.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from ._disjoint_set import lighter
from ._wide_knn import row_distance

BLOCK_ROWS = 1024  # queries per BLAS block of distances to every cell center (16 MB at 4,000 cells)
NEAR_CELLS = 64  # nearest cells kept per cell, for cell-level bounds


class Cells:
    """The index's rows cell by cell, with their projections, for component-aware scans."""

    def __init__(self, index):
        self.U = index.U
        self.order = index.order
        self.Z = np.ascontiguousarray(index.Z[self.order])  # rows of a cell side by side
        self.Zq = index.Z
        self.own = index.cell
        n_cells = index.index.nlist
        self.start = np.searchsorted(index.cell[self.order], np.arange(n_cells + 1)).astype(np.int64)
        self.centers = index.index.quantizer.reconstruct_n(0, n_cells)
        self.radius = _cell_radii(self.Z, self.start, self.centers)
        self.center_sq = np.einsum("ij,ij->i", self.centers, self.centers)
        self.near_cells, self.near_bound = _near_cells(self.centers, self.radius)
        self.to_center = _to_own_center(index.Z, index.cell, self.centers)

    def components(self, comp, core):
        """Set the components of this round: each row's, and each cell's if all its rows share one."""
        self.comp = comp
        self.core = core
        self.core_sorted = core[self.order]
        self.comp_sorted = comp[self.order]
        self.cell_comp = _cell_components(self.comp_sorted, self.start)

    def row_bounds(self):
        """Per row, a lower bound on its distance to any row of another component:
        from its cell's, when every row of the cell shares one component, else 0."""
        gap = _cell_gaps(self.cell_comp, self.start, self.near_cells, self.near_bound)
        return np.maximum(0.0, (gap[self.own] - self.to_center - 1e-6) / (1 + 1e-3))

    def nearest_outside(self, q, radius):
        """Per query row, ``(distance, row)`` of the nearest row of another component
        within its radius, or ``(inf, -1)``."""
        d = np.full(len(q), np.inf)
        p = np.full(len(q), -1, dtype=np.int64)
        for s in range(0, len(q), BLOCK_ROWS):
            t = slice(s, s + BLOCK_ROWS)
            Zq = np.ascontiguousarray(self.Zq[q[t]])
            # dot products with every cell center by float32 BLAS: a coarse screen of the squared
            # distances only, finished in the kernel for the cells it looks at (which allows for
            # the rounding and measures the cells it keeps exactly)
            screen = Zq @ self.centers.T
            zz = np.einsum("ij,ij->i", Zq, Zq)
            d[t], p[t] = _scan(
                q[t], Zq, zz, radius[t], screen, self.own, self.comp, self.comp_sorted, self.cell_comp,
                self.start, self.order, self.Z, self.U, self.centers, self.center_sq, self.radius,
                self.core, self.core_sorted,
            )  # fmt: skip
        return d, p


@njit(cache=True)
def _cell_radii(Z, start, centers):
    """Per cell, the largest distance from its center to one of its rows (float64 sums)."""
    n_cells = len(start) - 1
    out = np.zeros(n_cells)
    for c in range(n_cells):
        for s in range(start[c], start[c + 1]):
            out[c] = max(out[c], row_distance(Z, s, centers, c))
    return out


def _near_cells(centers, radius):
    """Per cell X, the ``k`` cells Y with the least ``|c_X - c_Y| - radius_Y`` (float64),
    sorted: ``(ids, values)``. Beyond the list, no cell's value is below its last."""
    n_cells = len(centers)
    k = min(NEAR_CELLS, n_cells)
    C = centers.astype(np.float64)
    sq = np.einsum("ij,ij->i", C, C)
    ids = np.empty((n_cells, k), dtype=np.int64)
    vals = np.empty((n_cells, k))
    for s in range(0, n_cells, 512):
        D = np.sqrt(np.maximum(sq[s : s + 512, None] + sq[None, :] - 2 * (C[s : s + 512] @ C.T), 0.0))
        D -= radius[None, :]
        part = np.argpartition(D, k - 1, axis=1)[:, :k] if k < n_cells else np.tile(np.arange(n_cells), (len(D), 1))
        v = np.take_along_axis(D, part, axis=1)
        o = np.argsort(v, axis=1, kind="stable")
        ids[s : s + 512] = np.take_along_axis(part, o, axis=1)
        vals[s : s + 512] = np.take_along_axis(v, o, axis=1)
    return ids, vals


@njit(cache=True)
def _cell_gaps(cell_comp, start, near_cells, near_bound):
    """Per cell X whose rows share one component, the least ``|c_X - c_Y| - r_Y`` over
    cells Y holding a row of another component: a row q of X is at least that minus
    ``|q - c_X|`` from any such row (projections never lengthen a distance); -inf for
    the other cells."""
    n_cells, k = near_cells.shape
    out = np.full(n_cells, -np.inf)
    for x in range(n_cells):
        c = cell_comp[x]
        if c < 0:
            continue
        low = near_bound[x, k - 1]
        for j in range(k):
            y = near_cells[x, j]
            if start[y + 1] > start[y] and cell_comp[y] != c:
                low = near_bound[x, j]
                break
        out[x] = low
    return out


@njit(cache=True, parallel=True)
def _to_own_center(Z, cell, centers):
    out = np.empty(len(Z))
    for i in prange(len(Z)):
        out[i] = row_distance(Z, i, centers, cell[i])
    return out


@njit(cache=True)
def _cell_components(comp_sorted, start):
    """Per cell, the component all its rows share, or -1."""
    n_cells = len(start) - 1
    out = np.full(n_cells, -1, dtype=np.int64)
    for c in range(n_cells):
        if start[c + 1] > start[c]:
            first = comp_sorted[start[c]]
            same = True
            for i in range(start[c] + 1, start[c + 1]):
                if comp_sorted[i] != first:
                    same = False
                    break
            if same:
                out[c] = first
    return out


@njit(cache=True, parallel=True)
def _scan(
    q,
    Zq,
    zz,
    radius,
    screen,
    own,
    comp,
    comp_sorted,
    cell_comp,
    start,
    order,
    Z,
    U,
    centers,
    center_sq,
    rad,
    core,
    core_sorted,
):
    """Per query, the nearest row of another component within its radius (exact distance),
    or -1. Cells are skipped when all their rows are in the query's component, or when no
    row of theirs can be that close: a row within r of q lies in a cell whose center is at
    most |q - c_q| + 2r from q (c_q: q's own center; ``WideIndex.probes``) and at most
    r + the cell's radius from q. Projections never lengthen a distance, so they screen."""
    nq, n_cells = len(q), len(start) - 1
    out_d = np.full(nq, np.inf)
    out_p = np.full(nq, -1, dtype=np.int64)
    for t in prange(nq):
        i, c = q[t], comp[q[t]]
        best_d, best_p = np.inf, -1
        r = radius[t]
        cd0 = row_distance(Zq, t, centers, own[i])
        slack = 1e-5 * (zz[t] + 1.0)  # float32 rounding of the screen, generously
        for cell in range(n_cells):
            if cell_comp[cell] == c:
                continue  # every row there is in q's component already
            rz = r * (1 + 1e-3) + 1e-6
            reach = min(_bound(cd0, r), rz + rad[cell])
            if center_sq[cell] - 2.0 * screen[t, cell] + zz[t] - slack * (1.0 + center_sq[cell]) > reach * reach:
                continue
            cd = row_distance(Zq, t, centers, cell)
            if cd > _bound(cd0, r) or cd - rad[cell] > rz:
                continue
            r, best_d, best_p = _scan_cell(
                i, c, Zq[t], r, best_d, best_p, cell, comp_sorted, start, order, Z, U, core[i], core_sorted
            )
        out_d[t], out_p[t] = best_d, best_p
    return out_d, out_p


@njit(cache=True)
def _bound(cd0, r):
    """Furthest cell centre that can hold a row within r (float32 projection: margins)."""
    return cd0 * (1 + 1e-3) + 2 * (r * (1 + 1e-3) + 1e-6)


@njit(cache=True)
def _scan_cell(i, c, zq, r, best_d, best_p, cell, comp_sorted, start, order, Z, U, core_i, core_sorted):
    m = Z.shape[1]
    for s in range(start[cell], start[cell + 1]):
        if comp_sorted[s] == c or core_sorted[s] > r:
            continue
        rz = r * (1 + 1e-3) + 1e-6
        rz2 = rz * rz
        dz = 0.0
        for f0 in range(0, m, 8):  # the leading axes hold most of the variance: most rows are out after 8
            for f in range(f0, min(f0 + 8, m)):
                v = np.float64(Z[s, f]) - np.float64(zq[f])
                dz += v * v
            if dz > rz2:
                break
        if dz > rz2:
            continue
        p = order[s]
        e = max(row_distance(U, i, U, p), core_i, core_sorted[s])  # exact, as rerank sums it
        if e <= r and (best_p < 0 or lighter(e, i, p, best_d, i, best_p)):
            best_d, best_p, r = e, p, e
    return r, best_d, best_p
