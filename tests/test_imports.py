"""tools/check_imports.py: the static import-circle check, on a made-up package and on detente."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("check_imports", ROOT / "tools" / "check_imports.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "pkg"
    for name, text in files.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return pkg


def test_finds_a_circle_through_a_deferred_import(tmp_path):
    tool = _tool()
    pkg = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from pkg.b import thing\n",
        "b.py": "def thing():\n    from pkg import a\n    return a\n",
        "c.py": "from pkg import a\n",
    })
    graph = tool.edges(tool.modules(pkg))
    assert tool.components(graph) == [["pkg.a", "pkg.b"]]
    assert tool.cycles(graph, ["pkg.a", "pkg.b"]) == [["pkg.a", "pkg.b", "pkg.a"]]
    # a deferred import is a tie too, unless only module-level imports are asked for
    assert tool.components(tool.edges(tool.modules(pkg), top_level=True)) == []
    assert tool.main([str(pkg)]) == 1


def test_relative_imports_and_type_checking(tmp_path):
    tool = _tool()
    pkg = _package(tmp_path, {
        "__init__.py": "from .sub import x\n",
        "sub/__init__.py": "from .x import f\n",
        "sub/x.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import sub\n"
                    "from ..other import g\n",
        "other.py": "",
    })
    graph = tool.edges(tool.modules(pkg))
    assert graph["pkg"] == {"pkg.sub.x": 1}
    assert graph["pkg.sub.x"] == {"pkg.other": 4}
    assert tool.components(graph) == []
    assert tool.main([str(pkg)]) == 0


def test_no_circle_through_relations_stance_or_store():
    tool = _tool()
    graph = tool.edges(tool.modules(ROOT / "detente"))
    ours = ("detente.relations", "detente.stance", "detente.store")
    tied = [c for c in tool.components(graph) if any(m.startswith(ours) for m in c)]
    assert tied == []


def test_detente_imports_only_down_its_layers():
    tool = _tool()
    graph = tool.edges(tool.modules(ROOT / "detente"))
    assert tool.upward(graph) == []
    assert tool.layer_of("detente.store.relations") < tool.layer_of("detente.relations.index")
    assert tool.upward({"detente.store.x": {"detente.relations.y": 3}}) == [("detente.store.x", "detente.relations.y", 3)]
    assert tool.upward({"detente.newpkg.x": {"detente.model": 1}})  # a package outside LAYERS must be placed


def test_relations_and_stance_speak_no_sql():
    """ARCHITECTURE.md rule 2: the SQL of relations and stance lives in store/ (relations, stance)."""
    import re

    tool = _tool()
    graph = tool.edges(tool.modules(ROOT / "detente"))
    sql = re.compile(r"\.execute\(|\.sql\(|\bcon\.|\.con\b|\bSELECT\b|\bINSERT\b|\bDELETE FROM\b")
    for package in ("relations", "stance"):
        for path in sorted((ROOT / "detente" / package).rglob("*.py")):
            found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if sql.search(line)]
            assert not found, f"{path.relative_to(ROOT)} lines {found} speak SQL; move it to detente/store/"
        for module, targets in graph.items():
            if module.startswith(f"detente.{package}"):
                assert not {"detente.store.write", "detente.store.migrations"} & set(targets), module
