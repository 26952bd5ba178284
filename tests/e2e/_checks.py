"""What the page must show, checked against the engine run in the test process."""

from __future__ import annotations

from _explorer_page import Explorer
from _geometry import isolated_points


def expected_summary(
    clusterer, min_cluster_size: int, duplicate_threshold: float, outlier_threshold: float | None = None
) -> dict:
    """What the widget must show, straight from the engine's public result."""
    r = clusterer.evaluate(
        min_cluster_size=min_cluster_size, duplicate_threshold=duplicate_threshold, outlier_threshold=outlier_threshold
    )
    return {
        "n_clusters": r.n_clusters,
        "n_outliers": len(r["outliers"]),
        "n_potential_outliers": len(r["potential_outliers"]),
        "n_duplicate_groups": len(r["duplicates"]),
        "n_near_duplicate_groups": len(r["near_duplicates"]),
    }


def expected_links(clusterer, min_cluster_size: int, duplicate_threshold: float) -> int:
    r = clusterer.evaluate(min_cluster_size=min_cluster_size, duplicate_threshold=duplicate_threshold)
    return len(r.duplicate_links) + len(r.near_duplicate_links)


def check_matches_engine(ex: Explorer, clusterer) -> tuple[int, float, dict]:
    """The drawn result's parameters are the ones the sliders show, and its counts
    (data-* attributes and the visible text) are what the engine gives for them."""
    d = ex.data()
    assert d["busy"] == "false", d
    mcs, dt = int(d["minClusterSize"]), float(d["duplicateThreshold"])
    cut = float(d["outlierThreshold"]) if "outlierThreshold" in d else None
    want = expected_summary(clusterer, mcs, dt, cut)
    assert ex.counts() == want, (mcs, dt, cut)
    assert ex.shown_counts() == want, (mcs, dt)
    assert int(d["nLinks"]) == expected_links(clusterer, mcs, dt)
    assert int(d["nPoints"]) == clusterer.n_samples
    assert ex.slider_value("min_cluster_size") == d["minClusterSize"]
    assert ex.slider_text("min_cluster_size") == str(mcs)
    assert ex.slider_value("duplicate_threshold") == d["duplicateThreshold"]
    shown_dt = float(ex.slider_text("duplicate_threshold"))  # 3 significant digits
    assert abs(shown_dt - dt) <= 5e-3 * dt, (shown_dt, dt)
    return mcs, dt, want


def check_python_follows(ex: Explorer, mcs: int, dt: float, want: dict) -> None:
    """The kernel's explorer holds the same parameters and result the page shows."""
    got = ex.python(
        "[explorer.min_cluster_size, explorer.duplicate_threshold, explorer.result.min_cluster_size,"
        " explorer.result.duplicate_threshold, explorer.result.n_clusters, len(explorer.result['outliers']),"
        " len(explorer.result['near_duplicates'])]"
    )
    assert got == [mcs, dt, mcs, dt, want["n_clusters"], want["n_outliers"], want["n_near_duplicate_groups"]]


# Uncaught errors of the host page itself, not of the widget (message, where it is thrown).
KNOWN_HOST_ERRORS = [
    # Notebook 7.6.5 on every notebook page, no widget needed: its shortcuts settings
    # plugin reads `.schema` of a plugin the settings registry does not hold yet.
    ("pageerror: Cannot read properties of undefined (reading 'schema')", "/static/notebook/notebook_core."),
]


def assert_no_page_errors(page) -> None:
    errors = [
        m
        for m in page.console_logs
        if m.startswith("pageerror") and not any(m.startswith(msg) and where in m for msg, where in KNOWN_HOST_ERRORS)
    ]
    assert not errors, errors


def check_points_drawn_in_their_colours(ex: Explorer, clusterer, k: int = 12) -> int:
    """Read the screen back: at the centre of isolated clustered points the pixel has
    the colour the widget assigned to that point's cluster (root.hdbscope.colorOf),
    allowing for the point's opacity over the plot background. Returns how many
    points were checked."""
    import io

    from PIL import Image

    ex.scroll_plot_into_view()
    ex.page.mouse.move(0, 0)  # no hover highlight
    d = ex.data()
    r = clusterer.evaluate(
        min_cluster_size=int(d["minClusterSize"]), duplicate_threshold=float(d["duplicateThreshold"])
    )
    points, box = ex.screen_points()
    plain = [
        i
        for i in isolated_points(points, box)
        if r.labels[i] >= 0
        and not r.is_potential_outlier[i]
        and r.duplicate_group[i] < 0
        and r.near_duplicate_group[i] < 0
    ]
    assert len(plain) >= 3, "too few plain clustered points to check"
    picked = plain[:: max(1, len(plain) // k)][:k]
    colours = ex.page.evaluate(
        "([sel, ids]) => ids.map((i) => document.querySelector(sel).hdbscope.colorOf(i))", [ex.root, picked]
    )
    shot = Image.open(io.BytesIO(ex.page.screenshot())).convert("RGB")
    paper = shot.getpixel((int(box["x"]) + 3, int(box["y"]) + 3))  # plot background, in a corner
    bad = []
    for i, css in zip(picked, colours):
        want = [int(v) for v in css[css.index("(") + 1 : -1].split(",")]
        x, y = points[i]
        got = shot.getpixel((int(round(x)), int(round(y))))
        # got = want blended towards paper by t (0 = opaque); fit t, then require a close fit
        den = sum((p - w) ** 2 for p, w in zip(paper, want)) or 1
        t = min(0.5, max(0.0, sum((g - w) * (p - w) for g, w, p in zip(got, want, paper)) / den))
        fit = [w + t * (p - w) for w, p in zip(want, paper)]
        if max(abs(g - f) for g, f in zip(got, fit)) > 10:
            bad.append((i, int(r.labels[i]), tuple(want), got, round(t, 2)))
    assert not bad, f"points not drawn in their cluster colour (index, cluster, want, got, t): {bad}; paper {paper}"
    return len(picked)
