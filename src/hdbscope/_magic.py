"""``%load_ext hdbscope`` then ``%hdbscope X``: the explorer for a notebook variable.

Bad arguments raise IPython's ``UsageError``, which IPython prints as one
line ("UsageError: ...") with no traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from .dashboard import Dashboard
    from .widget import ClusterExplorer


@magics_class
class HdbscopeMagics(Magics):
    @magic_arguments()
    @argument(
        "data",
        metavar="X",
        help="the (n_samples, n_features) data: a variable of the notebook (or an expression "
        "without spaces, such as df.values or X[:5000])",
    )
    @argument("--labels", metavar="NAME", help="variable with one label per sample, shown on hover")
    @argument(
        "--images", metavar="NAME", help="variable with one image per sample, (n, H, W) or (n, H, W, C), shown on hover"
    )
    @argument("--layout", metavar="NAME", help="variable with (n, 2) coordinates to draw, e.g. from UMAP")
    @argument(
        "--min-cluster-size",
        dest="min_cluster_size",
        metavar="N",
        type=int,
        help="starting min_cluster_size (a whole number >= 2)",
    )
    @argument(
        "--outlier-threshold",
        dest="outlier_threshold",
        metavar="T",
        type=float,
        help="starting outlier_threshold, a GLOSH score cut in [0, 1] (default: the potential-outlier rule)",
    )
    @argument("--min-samples", dest="min_samples", metavar="N", type=int, help="min_samples for the fit (default 5)")
    @argument(
        "--html",
        metavar="PATH",
        help="also save a self-contained HTML page of the explorer there (opens with no kernel)",
    )
    @argument(
        "--dashboard",
        action="store_true",
        help="also show the parameter sweep, nearest-neighbour distance and cluster-size charts",
    )
    @line_magic
    def hdbscope(self, line: str) -> ClusterExplorer | Dashboard:
        """Show hdbscope's ClusterExplorer for the data in variable X.

        Examples::

            %load_ext hdbscope
            %hdbscope X
            %hdbscope X --labels y --min-cluster-size 20 --dashboard
            %hdbscope X --labels y --html report.html   # also a page to share
            explorer = %hdbscope X      # keep the widget (explorer.selected, explorer.result)

        Returns the widget (a ClusterExplorer, or with --dashboard the dashboard,
        whose explorer is .explorer); as a cell's last line it is shown.
        """
        try:
            args = parse_argstring(self.hdbscope, line)
        except UsageError as e:  # argparse: unknown flag, missing X, N not a number
            raise UsageError(f"%hdbscope: {e} (see %hdbscope? for the options)") from None
        except ValueError as e:  # shlex: unbalanced quotes
            raise UsageError(f"%hdbscope: could not read the arguments ({e}); see %hdbscope?") from None
        data = self._value(args.data, "X")
        kwargs = {
            name: self._value(getattr(args, name), f"--{name}")
            for name in ("labels", "images", "layout")
            if getattr(args, name) is not None
        }
        from .widget import ClusterExplorer

        try:
            explorer = ClusterExplorer(
                data,
                min_cluster_size=args.min_cluster_size,
                outlier_threshold=args.outlier_threshold,
                min_samples=args.min_samples,
                **kwargs,
            )
        except (TypeError, ValueError) as e:  # the engine's message names the problem and the fix
            raise UsageError(f"%hdbscope: {_one_line(e)}") from None
        if args.html is not None:
            try:
                explorer.save_html(args.html)
            except (TypeError, ValueError, OSError) as e:
                raise UsageError(f"%hdbscope: --html {args.html!r}: {_one_line(e)}") from None
        if args.dashboard:
            from .dashboard import dashboard

            return dashboard(explorer)
        return explorer

    def _value(self, expr: str, what: str):
        shell = self.shell
        assert shell is not None  # IPython gives a magic its shell when it registers it
        ns = shell.user_ns
        if expr.isidentifier():
            if expr not in ns:
                raise UsageError(
                    f"%hdbscope: no variable named {expr!r} in the notebook (for {what}); "
                    "define it first, or check the spelling."
                )
            return ns[expr]
        try:
            return shell.ev(expr)
        except Exception as e:
            raise UsageError(
                f"%hdbscope: could not evaluate {expr!r} (for {what}): {type(e).__name__}: {_one_line(e)}"
            ) from None


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """``%load_ext hdbscope`` registers the ``%hdbscope`` line magic."""
    ipython.register_magics(HdbscopeMagics)
