"""``layout="umap"``: a UMAP embedding built on the neighbour graph the
Clusterer already found (no second neighbour search), with a progress bar.

UMAP runs over the distinct rows (copies share one point) and every sample
takes its row's coordinates. Fixed seed: the same data gives the same map.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..engine import Clusterer, distinct_row_graph

MIN_ROWS = 16  # below this UMAP's spectral start is ill-posed; PCA shows as much
EXTRA_HINT = "pip install 'hdbscope[umap]'  (or: pip install umap-learn)"


def umap_available() -> bool:
    try:
        import umap  # noqa: F401
    except ImportError:
        return False
    return True


def umap_layout(
    rows: np.ndarray, clusterer: Clusterer, *, progress: bool = True, random_state: int = 0, **umap_kwargs
) -> np.ndarray:
    """(n_samples, 2) float64 UMAP coordinates of ``rows`` (the data the clusterer was fitted on)."""
    try:
        from umap import UMAP
    except ImportError:
        raise ImportError(
            f'layout="umap" needs umap-learn, which is not installed: {EXTRA_HINT}. '
            'layout="pca" (the default) needs nothing extra.'
        ) from None
    graph = distinct_row_graph(clusterer)
    n = clusterer.n_samples
    if graph.indices.size == 0 or len(graph.rows) < MIN_ROWS:
        warnings.warn(
            f'layout="umap" needs at least {MIN_ROWS} distinct samples (there are {len(graph.rows)}); '
            "drawing the principal components instead.",
            UserWarning,
            stacklevel=3,
        )
        from ._layout import compute_layout

        return compute_layout(rows, n, clusterer.n_features)
    n_rows, k = graph.indices.shape
    # UMAP's neighbour lists start with the point itself, at distance 0
    indices = np.hstack([np.arange(n_rows, dtype=np.int32)[:, None], graph.indices])
    distances = np.hstack([np.zeros((n_rows, 1), np.float32), graph.distances])
    X = np.asarray(rows[graph.rows] if isinstance(rows, np.ndarray) else np.asarray(rows)[graph.rows], dtype=np.float32)
    reducer = UMAP(
        n_neighbors=k + 1,
        precomputed_knn=(indices, distances, None),
        random_state=random_state,
        n_jobs=1,
        tqdm_kwds={"disable": not progress, "desc": "UMAP layout", "leave": False},
        **umap_kwargs,
    )
    with warnings.catch_warnings():
        # no search index given (transform() of new data is not needed here); seed => one thread
        warnings.filterwarnings("ignore", message=".*knn_search_index.*")
        warnings.filterwarnings("ignore", message=".*n_jobs.*overridden.*")
        embedding = reducer.fit_transform(X)
    return np.asarray(embedding, dtype=np.float64)[graph.row_of]
