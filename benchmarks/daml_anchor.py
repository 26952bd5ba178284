"""The walk-through's own system, daml==0.56.0, in a venv of its own (never in the project's).

daml pins Python < 3.12 and needs only numpy/scipy/scikit-learn/hdbscan/pillow/xxhash for
its Clusterer (torch and tensorflow are optional extras we do not install). Its Clusterer
builds full N x N distance matrices (pdist + squareform), so it is measured only at small N.

    python -m benchmarks.daml_anchor            # create the venv if needed, print its python
Env: HDBSCOPE_DAML_VENV (default /tmp/hdbscope-daml-venv), HDBSCOPE_DAML_PYTHON (an existing
interpreter that already has daml, skips the venv step).
"""

from __future__ import annotations

import os
import subprocess
import sys

DAML_SPEC = "daml==0.56.0"
DEFAULT_VENV = "/tmp/hdbscope-daml-venv"


class DamlUnavailable(RuntimeError):
    """Raised with the exact reason (e.g. pip's error output) when daml cannot be set up."""


def _base_python() -> str:
    # daml 0.56.0 requires Python >=3.9,<3.12; use this interpreter if it fits, else python3.11.
    if (3, 9) <= sys.version_info[:2] < (3, 12):
        return sys.executable
    for cand in ("python3.11", "python3.10", "python3.9"):
        path = subprocess.run(["which", cand], capture_output=True, text=True).stdout.strip()
        if path:
            return path
    raise DamlUnavailable(f"daml 0.56.0 needs Python >=3.9,<3.12; found only {sys.version}")


def _has_daml(python: str) -> bool:
    probe = "import daml, sys; sys.exit(0 if daml.__version__ == '0.56.0' else 1)"
    return subprocess.run([python, "-c", probe], capture_output=True).returncode == 0


def ensure_daml_python(log=print) -> str:
    """Return a python that imports daml 0.56.0, creating the venv on first use."""
    given = os.environ.get("HDBSCOPE_DAML_PYTHON")
    if given:
        if not _has_daml(given):
            raise DamlUnavailable(f"HDBSCOPE_DAML_PYTHON={given} cannot import daml 0.56.0")
        return given
    venv = os.environ.get("HDBSCOPE_DAML_VENV", DEFAULT_VENV)
    python = os.path.join(venv, "bin", "python")
    if os.path.exists(python) and _has_daml(python):
        return python
    log(f"[daml] creating {venv} and installing {DAML_SPEC} (first run only) ...")
    steps = [
        [_base_python(), "-m", "venv", venv],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", DAML_SPEC],
    ]
    for cmd in steps:
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            # Keep pip's own words: the report must say exactly why there are no numbers.
            err = "\n".join(
                ln
                for ln in (proc.stderr + proc.stdout).splitlines()
                if ln.strip() and "is ignored: it is neither" not in ln
            )
            raise DamlUnavailable(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{err}")
    if not _has_daml(python):
        raise DamlUnavailable(f"{DAML_SPEC} installed in {venv} but `import daml` fails")
    return python


if __name__ == "__main__":
    try:
        print(ensure_daml_python())
    except DamlUnavailable as exc:
        print(f"daml unavailable: {exc}", file=sys.stderr)
        sys.exit(1)
