"""No import cycles between modules, in Python (src/hdbscope) or TypeScript (js/).

Python: the imports a module runs when it is imported (not those inside
functions, which run later, nor ``if TYPE_CHECKING`` ones): the packages form
layers (engine <- review <- widget <- dashboard). TypeScript: every value import."""

from __future__ import annotations

import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "hdbscope"


def import_time_nodes(tree: ast.AST):
    """The nodes a module executes on import: not function bodies, not ``if TYPE_CHECKING:``."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                todo.extend(child.orelse)
                continue
            todo.append(child)


def python_graph(every_import: bool = False) -> dict[str, set[str]]:
    modules = {
        ".".join(p.relative_to(PKG.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in PKG.rglob("*.py")
    }
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree) if every_import else import_time_nodes(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                # "from . import x" may import the submodule x
                targets = [f"{base}.{a.name}" for a in node.names] + [base]
            for t in targets:
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != name and not name.startswith(t + "."):  # a package's own __init__ is no cycle
                    graph[name].add(t)
    return graph


def ts_graph() -> dict[str, set[str]]:
    files = {
        p.relative_to(ROOT / "js").with_suffix("").as_posix(): p
        for p in (ROOT / "js").rglob("*.ts")
        if not p.name.endswith((".test.ts", ".d.ts"))
    }
    graph: dict[str, set[str]] = {f: set() for f in files}
    for name, path in files.items():
        for m in re.finditer(
            r"""^\s*(?:import|export)\s+(type\s+)?[^;]*?from\s+["'](\.[^"']+)["']""", path.read_text(), re.M
        ):
            if m[1]:  # `import type` is erased at compile time
                continue
            target = (pathlib.PurePosixPath(name).parent / m[2]).as_posix()
            parts: list[str] = []
            for part in target.split("/"):
                if part == "..":
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            graph[name].add("/".join(parts))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_python_modules_import_no_cycle():
    graph = python_graph()
    assert graph.get("hdbscope.engine._clusterer")
    assert cycles(graph) == []


def test_typescript_modules_import_no_cycle():
    graph = ts_graph()
    assert "explorer" in graph and "palette" in graph["explorer"]
    assert cycles(graph) == []


def test_outside_the_engine_only_its_public_names_are_imported():
    # the widget, review and dashboard read the engine through hdbscope.engine, never its modules
    # (tests and benchmarks may look inside); imports inside functions count too
    graph = python_graph(every_import=True)
    private = {
        m: sorted(t for t in targets if t.startswith("hdbscope.engine._"))
        for m, targets in graph.items()
        if not m.startswith("hdbscope.engine") and m != "hdbscope._warmup"
    }  # compiles the engine's kernels: it must reach inside
    assert {m: t for m, t in private.items() if t} == {}


def engine_private_attributes() -> set[str]:
    """Private names of the engine's public classes: their ``_methods`` and the ``self._x`` they set."""
    names: set[str] = set()
    for path in (PKG / "engine").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("_"):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def test_outside_the_engine_no_private_attribute_of_its_objects_is_read():
    # e.g. `clusterer._fit` from the widget: the engine offers a public function instead
    # (hdbscope.engine.distinct_row_graph); `self._x` is each class's own business
    private = engine_private_attributes()
    assert {"_fit", "_node_slots"} <= private  # the scan finds them
    found = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).as_posix()
        if rel.startswith("engine/") or rel == "_warmup.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in private
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                found.append(f"{rel}:{node.lineno} .{node.attr}")
    assert found == []
