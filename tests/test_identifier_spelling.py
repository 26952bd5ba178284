"""One spelling for identifiers: US (`color`, `neighbors`, `normalize`), the same word in Python and
TypeScript. Prose (comments, docstrings, UI text, the README) keeps its British spelling; only names
are checked: Python NAME tokens, and TypeScript words outside comments and string literals, in the
shipped code (src/, js/) and scripts/. Test names are sentences and are not checked, nor is the
benchmark tooling (its command-line flags are documented as they are)."""

from __future__ import annotations

import io
import pathlib
import re
import tokenize

ROOT = pathlib.Path(__file__).resolve().parent.parent
DIRS = ("src", "js", "scripts")
GENERATED = ("src/hdbscope/static/",)
BRITISH = re.compile(
    r"colour|neighbour|normalis|behaviour|centre|favour|initialis|visualis|serialis|recognis|organis|optimis"
    r"|summaris|analys(?:e|ing)|grey",
    re.IGNORECASE,
)
# Names allowed their British spelling while a rename is under way (empty: every name is US).
PENDING: set[str] = set()


def python_names(text: str) -> list[tuple[int, str]]:
    return [
        (t.start[0], t.string) for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.NAME
    ]


def typescript_names(text: str) -> list[tuple[int, str]]:
    """Words outside comments and string literals (template literals count as strings: no names
    of this code base are built inside them)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m[0].count("\n"), text, flags=re.S)
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        line = re.sub(r"""(["'`])(?:\\.|(?!\1).)*\1""", "''", line)
        line = re.sub(r"//.*", "", line)
        found += [(number, w) for w in re.findall(r"[A-Za-z_$][\w$]*", line)]
    return found


def british_names() -> list[str]:
    out = []
    for top in DIRS:
        for path in sorted((ROOT / top).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(GENERATED) or "node_modules" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                names = python_names(path.read_text(encoding="utf-8"))
            elif path.suffix in (".ts", ".mjs"):
                names = typescript_names(path.read_text(encoding="utf-8"))
            else:
                continue
            out += [f"{rel}:{n}: {w}" for n, w in names if BRITISH.search(w) and w not in PENDING]
    return out


def test_the_name_scanners_see_names_not_prose():
    ts = "const colour = 1; // a neighbour\nlet s = 'grey centre'; /* favour\n colours */ x.normalise();"
    assert [w for _, w in typescript_names(ts) if BRITISH.search(w)] == ["colour", "normalise"]
    py = 'def centre(colour):  # neighbour\n    """grey"""\n    return "favour"\n'
    assert [w for _, w in python_names(py) if BRITISH.search(w)] == ["centre", "colour"]


def test_identifiers_are_spelled_the_us_way():
    found = british_names()
    assert not found, "rename to the US spelling (color, neighbor, center, normalize, ...):\n" + "\n".join(found)
