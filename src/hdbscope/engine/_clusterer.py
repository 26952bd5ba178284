"""``Clusterer``: fit once, then re-extract clusters and duplicates cheaply."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from . import _validate as v
from ._chance import EXACT_FACTOR
from ._color_slots import cluster_slots, node_slots
from ._cosine import l2_normalize
from ._duplicate_parts import duplicate_part, exact_links
from ._fingerprint import data_fingerprint
from ._fit import MAX_FACTOR, fit
from ._given_knn import check_knn
from ._label_check import as_labels
from ._links import within
from ._outliers import default_threshold, potential_outliers
from ._pages import small_pages
from ._progress import Progress
from ._result import ClusterResult
from ._tree import extract

if TYPE_CHECKING:
    import pandas as pd

MEMO_SIZE = 32  # recent parameter values kept per slider


class Clusterer:
    """HDBSCAN clusters, outliers, potential outliers and duplicates of a
    (n_samples, n_features) array.

    The constructor does the expensive work once (validation, collapsing
    copies, the neighbour graph and the single-linkage tree);
    :meth:`evaluate` then answers any ``min_cluster_size`` and
    ``duplicate_threshold`` in milliseconds. ``min_samples`` is part of the
    fit: a new value needs a new ``Clusterer``.

    ``metric="cosine"`` L2-normalises every row, then uses euclidean distance
    (thresholds are then in that normalised space).

    With ``labels`` (one per sample, any hashable values) every result also
    carries a label check: samples whose label differs from their cluster's
    majority label, and each cluster's purity.

    ``knn=(indices, distances)``: a k-nearest-neighbour graph over the samples
    computed elsewhere (FAISS on a GPU, a vector database,
    ``hdbscope.engine.dask_knn_graph`` on a Dask cluster), each
    ``(n_samples, k)`` with ``k >= min_samples``, nearest first; used instead
    of the engine's own search (README "Scale").

    A fit running longer than about 2 s shows a progress bar by stage
    (``progress=False`` silences it). Ctrl-C / the notebook's interrupt stops
    it within about a second and leaves no half-built object.
    """

    def __init__(
        self,
        data: ArrayLike,
        *,
        min_samples: int | None = None,
        metric: str = "euclidean",
        labels: ArrayLike | None = None,
        knn: tuple[ArrayLike, ArrayLike] | None = None,
        progress: bool = True,
    ) -> None:
        # Ctrl-C anywhere below leaves no Clusterer behind: the constructor raises KeyboardInterrupt
        with Progress(v.check_flag("progress", progress)) as bar, small_pages():
            bar.stage("validate")
            self.metric = v.check_metric(metric)
            requested = v.check_min_samples(min_samples)
            X = v.as_data_matrix(data, keep_float32=True, tick=bar.tick)
            # so fitted_on() and an edits journal can tell this data from other data (no copy is kept)
            self.data_fingerprint: str = data_fingerprint(X, bar.tick)
            if self.metric == "cosine":
                X = l2_normalize(X)
            self.n_samples, self.n_features = X.shape
            self.labels = None if labels is None else as_labels(labels, self.n_samples)
            self._raw_labels = labels if isinstance(labels, np.ndarray) else None  # coded fast if numeric
            graph = None if knn is None else check_knn(knn, self.n_samples, requested)
            self._fit = fit(X, requested, graph, bar)
            bar.finish()
        self.min_samples = self._fit.min_samples
        self.method = self._fit.method
        self._clusters: OrderedDict = OrderedDict()
        self._duplicates: OrderedDict = OrderedDict()
        self._potential: OrderedDict = OrderedDict()

    def fitted_on(self, data: ArrayLike) -> bool:
        """Whether ``data`` is the data this Clusterer was fitted on: same shape and
        the same values, row for row (compared by ``data_fingerprint``, a SHA-256 of the values)."""
        X = v.as_data_matrix(data, keep_float32=True)
        return X.shape == (self.n_samples, self.n_features) and data_fingerprint(X) == self.data_fingerprint

    # ---- data-derived defaults and ranges (data units)
    @property
    def default_min_cluster_size(self) -> int:
        """5% of the samples, clamped to [5, 100]."""
        return int(min(100, max(5, round(0.05 * self.n_samples))))

    @property
    def exact_threshold(self) -> float:
        return EXACT_FACTOR * self._fit.median_nn * self._fit.scale

    @property
    def default_duplicate_threshold(self) -> float:
        return self._fit.default_factor * self._fit.median_nn * self._fit.scale

    @property
    def duplicate_threshold_range(self) -> tuple[float, float]:
        """``(exact_threshold, median nearest-neighbour distance)``."""
        return self.exact_threshold, MAX_FACTOR * self._fit.median_nn * self._fit.scale

    @property
    def nearest_neighbor_distances(self) -> np.ndarray:
        """Per sample, the distance to the nearest *different* sample."""
        f = self._fit
        return f.nn_distance[f.inverse] * f.scale

    def default_outlier_threshold(self, min_cluster_size: int | None = None) -> float:
        """The default ``outlier_threshold`` at ``min_cluster_size`` (default: the default
        size): the README's potential-outlier rule applied to that extraction's scores."""
        m = self._check_size(min_cluster_size)
        return _memo(self._clusters, m, self._cluster_part)[5]

    # ---- the cheap part
    def evaluate(
        self,
        min_cluster_size: int | None = None,
        duplicate_threshold: float | None = None,
        outlier_threshold: float | None = None,
    ) -> ClusterResult:
        """Findings at these parameters (None: each one's default). ``outlier_threshold`` is a
        GLOSH score cut in [0, 1]: clustered samples scoring at least that are potential
        outliers; moving it only compares cached scores."""
        m = self._check_size(min_cluster_size)
        t = (
            self.default_duplicate_threshold
            if duplicate_threshold is None
            else self.check_duplicate_threshold(duplicate_threshold)
        )
        with small_pages():  # a slider move at 1M: 165 ms against 260 ms with huge pages (_pages)
            labels, probs, scores, k, noise, default_cut, slots = _memo(self._clusters, m, self._cluster_part)
            cut = default_cut if outlier_threshold is None else v.check_outlier_threshold(outlier_threshold)
            potential = _memo(self._potential, (m, cut), lambda _: potential_outliers(scores, noise, cut))
            near, n_near, near_links = _memo(self._duplicates, t, self._duplicate_part)
        f = self._fit
        return ClusterResult(
            labels=labels,
            probabilities=probs,
            outlier_scores=scores,
            is_potential_outlier=potential,
            duplicate_group=f.exact_group,
            n_duplicate_groups=f.n_exact_groups,
            duplicate_links=self._exact_links,
            near_duplicate_group=near,
            n_near_duplicate_groups=n_near,
            near_duplicate_links=near_links,
            n_clusters=k,
            color_slots=slots,
            min_cluster_size=m,
            min_samples=self.min_samples,
            duplicate_threshold=t,
            exact_threshold=self.exact_threshold,
            given_labels=self.labels,
            voter_graph=self._voter_graph,
            given_label_check=self._given_votes,
            outlier_threshold=cut,
            is_outlier=noise,
        )

    def _check_size(self, min_cluster_size: int | None) -> int:
        if min_cluster_size is None:
            return self.default_min_cluster_size
        return v.check_min_cluster_size(min_cluster_size)

    def sweep(self, min_cluster_sizes: ArrayLike | None = None) -> pd.DataFrame:
        """Clusters and outliers for many ``min_cluster_size`` values, from the cached tree.

        Default: about 60 values, log-spaced over 2 .. n_samples / 2. Returns a
        DataFrame with ``min_cluster_size``, ``n_clusters``, ``n_outliers`` and
        ``outlier_fraction``.
        """
        from ._sweep import sweep_frame

        return sweep_frame(self._fit, min_cluster_sizes)

    # ---- the neighbour graph kept at fit time: the label check and neighbors()
    def neighbors(self, i: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Up to ``k`` nearest other samples of sample ``i``, closest first: ``(indices, distances)``
        (data units; for ``metric="cosine"``, in the L2-normalised space).

        From the neighbour graph built at fit time, no new search: ``i``'s copies first
        (distance 0), then the samples of its distinct row's ``neighbor_graph_k`` nearest
        distinct rows. ``k`` is clamped to what that holds, so fewer than ``k`` may come back.
        """
        from ._neighbor_lists import sample_neighbors

        i = v.check_sample_index(i, self.n_samples)
        k = v.check_count("k", k)
        return sample_neighbors(self._fit, self._voter_graph(), i, k)

    @property
    def neighbor_graph_k(self) -> int:
        """Neighbours kept per distinct row at fit time (8 up to 16 features, 15 wider; at least min_samples)."""
        return int(self._fit.knn_indices.shape[1])

    def _voter_graph(self):
        if not hasattr(self, "_voter_graph_cache"):
            from ._label_votes import VoterGraph

            f = self._fit
            self._voter_graph_cache = VoterGraph.build(f.knn_indices, f.inverse, len(f.rep))
        return self._voter_graph_cache

    def _given_votes(self):
        """(codes, uniques, neighbours' vote) of the labels given at construction, computed once."""
        if not hasattr(self, "_given_votes_cache"):
            from ._label_check import _codes, _plain_array
            from ._label_votes import neighbor_votes

            codes, uniques = _codes(self._raw_labels if _plain_array(self._raw_labels) else self.labels)
            self._given_votes_cache = (codes, uniques, neighbor_votes(self._voter_graph(), codes, len(uniques)))
        return self._given_votes_cache

    def check_duplicate_threshold(self, value: object) -> float:
        """``value`` as a float if it is a valid ``duplicate_threshold`` for this data
        (inside ``duplicate_threshold_range``); TypeError / ValueError naming the fix otherwise."""
        t = v.check_threshold("duplicate_threshold", value)
        high = self.duplicate_threshold_range[1]
        # pairs are only gathered up to the range's top (and its ties): refuse rather than under-report
        f = self._fit
        if t > within(high, 0.0 if f.forest is None else f.forest.tie_atol * f.scale):
            raise ValueError(
                f"duplicate_threshold={t:.6g} is above this data's range "
                f"{self.exact_threshold:.6g} .. {high:.6g} (the median nearest-neighbour distance; "
                "see Clusterer.duplicate_threshold_range). Past it, most samples would be linked "
                "to their nearest neighbour; pick a value inside the range."
            )
        return t

    def _cluster_part(self, m: int):
        f = self._fit
        n = f.n_samples
        if f.tree is None:  # fewer than two distinct rows: one cluster (or none)
            k = 1 if n else 0
            noise, scores = np.zeros(n, bool), np.zeros(n)
            return (
                np.zeros(n, np.int64),
                np.ones(n),
                scores,
                k,
                noise,
                default_threshold(scores, noise),
                np.zeros(k, np.int32),
            )
        lab, prob, score, k, nodes = extract(f.tree, f.n_points, m)
        idx = f.sample_to_point
        labels, probs, scores = lab[idx], prob[idx], score[idx]
        noise = labels < 0
        return (
            labels,
            probs,
            scores,
            int(k),
            noise,
            default_threshold(scores, noise),
            cluster_slots(self._node_slots, nodes),
        )

    @property
    def _node_slots(self) -> np.ndarray:
        # colour slot of every tree node (engine/_color_slots.py), once per fit, on first use
        if not hasattr(self, "_node_slots_cache"):
            self._node_slots_cache = node_slots(self._fit.tree, self._fit.n_points)
        return self._node_slots_cache

    def _duplicate_part(self, t: float):
        return duplicate_part(self._fit, t)

    def near_duplicate_pairs(self, low: float, high: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The links that join near-duplicate groups (edges of the duplicate forest) with
        ``low < distance <= high``, sorted by distance: ``(a, b, distance)``, sample indices
        (each row's lowest sample) and data units. Only links above ``exact_threshold`` exist
        here, and none above the range's top."""
        f = self._fit
        if f.forest is None or not f.scale:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
        i = f.forest.count(max(float(low) / f.scale, EXACT_FACTOR * f.median_nn))
        j = f.forest.count(float(high) / f.scale)
        return f.rep[f.forest.a[i:j]], f.rep[f.forest.b[i:j]], f.forest.w[i:j] * f.scale

    @property
    def _exact_links(self) -> np.ndarray:
        if not hasattr(self, "_exact_links_cache"):
            self._exact_links_cache = exact_links(self._fit)
        return self._exact_links_cache

    def __repr__(self) -> str:
        return (
            f"Clusterer(n_samples={self.n_samples}, n_features={self.n_features}, "
            f"min_samples={self.min_samples}, metric={self.metric!r})"
        )


def _memo(cache: OrderedDict, key, compute):
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = compute(key)
    if len(cache) > MEMO_SIZE:
        cache.popitem(last=False)
    return value
