"""The IPython extension: ``%load_ext hdbscope`` and the ``%hdbscope`` line
magic, run in an in-process IPython shell (as a notebook cell would)."""

from __future__ import annotations

import numpy as np
import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

import hdbscope
from hdbscope import ClusterExplorer
from hdbscope._magic import HdbscopeMagics
from hdbscope.dashboard import Dashboard


@pytest.fixture(scope="module")
def shell():
    sh = InteractiveShell.instance()
    # the extension module itself (hdbscope/__init__.py forwards to it, see below)
    assert sh.run_cell("%load_ext hdbscope._magic").success
    sh.run_cell(
        "from hdbscope.datasets import walkthrough_blobs\n"
        "X, y = walkthrough_blobs()\n"
        "import numpy as np\n"
        "imgs = np.zeros((100, 8, 8), dtype=np.uint8)\n"
        "xy = X[:, ::-1].copy()\n"
        "flat = X.ravel()"
    )
    yield sh
    sh.run_cell("%reset -f")


def run(shell, line):
    """Run one cell; returns (result of the cell, what it printed, the error)."""
    result = shell.run_cell(line)
    return result.result, result.error_in_exec


@pytest.mark.skipif(
    not hasattr(hdbscope, "load_ipython_extension"),
    reason="hdbscope/__init__.py does not forward load_ipython_extension to hdbscope._magic yet",
)
def test_load_ext_hdbscope_registers_the_magic():
    sh = InteractiveShell.instance()
    sh.magics_manager.magics["line"].pop("hdbscope", None)
    assert sh.run_cell("%load_ext hdbscope").success
    assert sh.find_line_magic("hdbscope") is not None


def test_magic_shows_the_explorer_for_a_variable(shell):
    value, error = run(shell, "%hdbscope X")
    assert error is None
    assert isinstance(value, ClusterExplorer)  # the cell's result: shown as the widget
    X = shell.user_ns["X"]
    assert value.n_samples == len(X)
    np.testing.assert_array_equal(value.result.labels, hdbscope.Clusterer(X).evaluate().labels)


def test_magic_passes_every_option(shell):
    value, error = run(shell, "%hdbscope X --labels y --images imgs --layout xy --min-cluster-size 12 --min-samples 3")
    assert error is None
    assert value.min_cluster_size == 12 and value.result.min_samples == 3
    assert value.has_labels and value.has_images
    np.testing.assert_allclose(value.coordinates, shell.user_ns["xy"])


def test_magic_dashboard_and_assignment(shell):
    assert shell.run_cell("d = %hdbscope X --dashboard").success
    d = shell.user_ns["d"]
    assert isinstance(d, Dashboard) and isinstance(d.explorer, ClusterExplorer)
    assert d.sweep.figure.title.startswith("min_cluster_size ")


def test_magic_accepts_an_expression(shell):
    value, error = run(shell, "%hdbscope X[:60]")
    assert error is None and value.n_samples == 60


@pytest.mark.parametrize(
    "line,message",
    [
        ("%hdbscope Z", "%hdbscope: no variable named 'Z' in the notebook (for X); define it first"),
        ("%hdbscope X --labels nope", "%hdbscope: no variable named 'nope' in the notebook (for --labels)"),
        ("%hdbscope X --min-cluster-size abc", "%hdbscope: argument --min-cluster-size: invalid int value: 'abc'"),
        ("%hdbscope X --min-cluster-size 1", "%hdbscope: min_cluster_size must be >= 2; got 1."),
        ("%hdbscope X --min-cluster-size 9223372036854775808", "%hdbscope: min_cluster_size must be at most 2**53 - 1"),
        ("%hdbscope X --bogus", "%hdbscope: unrecognized arguments: --bogus (see %hdbscope? for the options)"),
        ("%hdbscope", "%hdbscope: the following arguments are required: X"),
        ("%hdbscope 'X", "%hdbscope: could not read the arguments (No closing quotation)"),
        ("%hdbscope flat", "%hdbscope: expected a 2-D array of shape (n_samples, n_features)"),
        ("%hdbscope X --labels flat", "%hdbscope: "),
        ("%hdbscope X[:'a']", "%hdbscope: could not evaluate \"X[:'a']\" (for X): TypeError"),
    ],
)
def test_bad_arguments_give_one_clear_line_and_no_traceback(shell, capsys, line, message):
    value, error = run(shell, line)
    assert isinstance(error, UsageError), error
    assert str(error).startswith(message), str(error)
    assert "\n" not in str(error)
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    # IPython prints a UsageError as one line, with no traceback
    assert f"UsageError: {error}" in shown
    assert "Traceback" not in shown and "File " not in shown


def test_help_is_the_docstring_with_every_option(shell, capsys):
    doc = HdbscopeMagics.hdbscope.__doc__
    for text in (
        "%hdbscope",
        "--labels NAME",
        "--images NAME",
        "--min-cluster-size N",
        "--dashboard",
        "Show hdbscope's ClusterExplorer for the data in variable X",
    ):
        assert text in doc, text
    assert shell.run_cell("%hdbscope?").success
    shown = capsys.readouterr().out
    assert "--min-cluster-size N" in shown and "Show hdbscope's ClusterExplorer" in shown


def test_magic_html_saves_a_page(shell, tmp_path):
    page = tmp_path / "report.html"
    w, err = run(shell, f"%hdbscope X --labels y --html {page}")
    assert err is None and isinstance(w, ClusterExplorer)
    assert page.is_file() and 'id="hdbscope-state"' in page.read_text()
    _, err = run(shell, f"%hdbscope X --html {tmp_path / 'report.txt'}")
    assert isinstance(err, UsageError) and "--html" in str(err) and ".html" in str(err)


def test_magic_outlier_threshold_option(shell):
    value, error = run(shell, "%hdbscope X --outlier-threshold 0.4")
    assert error is None
    assert value.outlier_threshold == 0.4 and value.result.outlier_threshold == 0.4
    _, error = run(shell, "%hdbscope X --outlier-threshold 3")
    assert isinstance(error, UsageError) and "outlier_threshold must be in [0, 1]" in str(error)
