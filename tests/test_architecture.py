"""The shape of etl/: an import graph without cycles that follows the data's path.

The graph is read from the source with ``ast``: every ``import`` and ``from ... import``,
also those inside functions (a function-local import must not hide a cycle). An import
of ``etl.a.b`` counts as an edge to that module, not to the packages above it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from tests.conftest import ROOT

ETL = ROOT / "etl"

#: module prefix -> prefixes it must not import (the data's path: sources -> formats ->
#: fetch -> load; curate works beside them from the reference facts).
LAYERS = {
    "etl.rows": ("etl.formats", "etl.fetch", "etl.load", "etl.curate", "etl.build", "etl.cli"),
    "etl.formats": ("etl.fetch", "etl.load", "etl.curate", "etl.build", "etl.cli"),
    "etl.fetch": ("etl.curate", "etl.build", "etl.cli"),
    "etl.load": ("etl.fetch", "etl.curate", "etl.build", "etl.cli"),
    "etl.curate": ("etl.fetch", "etl.load", "etl.formats", "etl.build", "etl.cli"),
    "etl.mappings": ("etl.curate",),
}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package: Path = ETL, root: Path = ROOT) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(package.rglob("*.py"))}


def imports(path: Path, name: str, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = local or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                out.extend((a.name, child.lineno, local) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for a in child.names:
                    full = f"{base}.{a.name}"
                    out.append((full if full in known else base, child.lineno, local))
            visit(child, inner)

    visit(tree, False)
    return out


@functools.cache
def graph(package: Path = ETL, root: Path = ROOT) -> dict[str, dict[str, tuple[int, bool]]]:
    """module -> {imported etl module -> (line, inside a function)}"""
    mods = modules(package, root)
    known = set(mods)
    edges: dict[str, dict[str, tuple[int, bool]]] = {m: {} for m in mods}
    for name, path in mods.items():
        for target, line, local in imports(path, name, known):
            while target and target not in known and "." in target:
                target = target.rpartition(".")[0]       # `import etl.x.y` where y is a name
            if target in known and target != name:
                edges[name].setdefault(target, (line, local))
    return edges


def cycles(edges: dict[str, dict[str, tuple[int, bool]]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return found


def describe(group: list[str], edges) -> str:
    return "; ".join(f"{a} -> {b} (line {edges[a][b][0]}{', in a function' if edges[a][b][1] else ''})"
                     for a in group for b in edges[a] if b in group)


def test_the_graph_sees_the_packages_and_their_imports():
    edges = graph()
    assert {"etl.rows", "etl.formats", "etl.formats.scb", "etl.load.batches", "etl.curate"} <= set(edges)
    assert "etl.rows" in edges["etl.formats.scb"] and "etl.formats.scb" in edges["etl.fetch.scb"]


def test_etl_has_no_import_cycle():
    edges = graph()
    assert [describe(g, edges) for g in cycles(edges)] == []


def test_a_cycle_is_found_even_through_a_function_local_import(tmp_path):
    pkg = tmp_path / "etl"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from etl.sub import b\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from .. import a\n")
    edges = graph(pkg, tmp_path)
    assert cycles(edges) == [["etl.a", "etl.sub.b"]]
    assert describe(cycles(edges)[0], edges) == ("etl.a -> etl.sub.b (line 1); "
                                                 "etl.sub.b -> etl.a (line 2, in a function)")


def test_etl_never_imports_the_app_or_the_pages():
    mods = modules()
    found = [f"{name} imports {target} (line {line})" for name, path in mods.items()
             for target, line, _ in imports(path, name, set(mods))
             if target.split(".")[0] in ("app", "app_pages", "dashboard")]
    assert found == []


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_only_what_comes_before_it_on_the_data_path(layer):
    edges = graph()
    bad = [f"{m} imports {t}" for m, targets in edges.items() if m == layer or m.startswith(layer + ".")
           for t in targets if any(t == f or t.startswith(f + ".") for f in LAYERS[layer])]
    assert bad == []


def test_no_module_uses_another_modules_private_names():
    mods = modules()
    found = []
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("etl"):
                for a in node.names:
                    if a.name.startswith("_"):
                        found.append(f"{name} line {node.lineno}: from {node.module} import {a.name}")
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("etl"):
                        aliases[a.asname or a.name.split(".")[0]] = a.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{name} line {node.lineno}: {node.value.id}.{node.attr}")
    assert found == []


def test_region_codes_and_the_language_list_come_from_the_vocabulary():
    """A literal copy of a county code or the language list in etl/ outside etl/vocabulary.py drifts
    (the app's own check is tests/test_layout.py)."""
    from etl import vocabulary

    facts = {*vocabulary.NMS_COUNTIES, vocabulary.NMS, vocabulary.SWEDEN}
    found = []
    for name, path in modules().items():
        if name == "etl.vocabulary":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in facts:
                found.append(f"{name}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.Tuple | ast.List) and \
                    [getattr(e, "value", None) for e in node.elts] == list(vocabulary.LANGS):
                found.append(f"{name}:{node.lineno} the language list")
    assert found == []


def test_no_pages_folder_beside_the_main_script():
    """Streamlit treats a pages/ folder beside dashboard.py as its old page folder: the first
    link to a page after each server start (/indikatorer) then opens 'Page not found'."""
    from app import registry

    assert not (ROOT / "pages").exists()
    assert all((ROOT / spec.file).exists() for spec in registry.PAGES + [registry.LOGIN, registry.UPLOAD])
