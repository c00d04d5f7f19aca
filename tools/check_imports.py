"""Report every import circle between the modules of the detente package, and every import that goes up the
layers of ARCHITECTURE.md ("who imports whom"); exit 1 if there is any.

    python tools/check_imports.py [--top-level] [PACKAGE_DIR]

Static: parses each ``detente/**.py`` with ``ast`` (nothing is imported or run), takes every ``import`` and
``from ... import`` in it (at module level and inside functions alike: an import deferred into a function
still ties the two modules together; ``--top-level`` ignores those), skips imports under
``if TYPE_CHECKING:``, and resolves ``from pkg import name`` to the submodule ``pkg.name`` when such a file
exists, else to ``pkg``. Importing ``a.b.c`` adds an edge to ``a.b.c`` only (not to its parent packages).
A circle is printed as ``a -> b -> a`` with the file and line of each edge.
"""
from __future__ import annotations

import ast
import fnmatch
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_CYCLES = 200  # per strongly connected component
# ARCHITECTURE.md, rule 1: a module imports from its own layer or lower ones, never from a higher one.
LAYERS = [
    ("model", "errors", "config", "values", "cache", "packed", "render", "budget", "wordlists", "hashing", "evaluate",
     "memory"),
    ("nlp", "nlp_ru", "attribute_rules", "lemmatizer", "store"),
    ("actors", "events", "when", "where", "stance", "ru"),
    ("pipeline", "ingest", "relations", "export"),
    ("engine", "api", "intake", "views", "predict"),
    ("cli", "progress", "web"),
    ("__main__",),  # python -m detente
]  # names are the first part after ``detente.``, shell patterns allowed


def modules(package: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module and package under ``package``."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or \
        (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, top_level: bool):
    """(node, inside a function) for every import statement, skipping TYPE_CHECKING blocks."""
    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    yield from walk(ast.Module(body=[sub], type_ignores=[]), in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, in_function
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if not (top_level and inner):
                yield from walk(child, inner)
    yield from walk(tree, False)


def edges(mods: dict[str, Path], top_level: bool = False) -> dict[str, dict[str, int]]:
    """module -> {imported module: line of the first such import}, within ``mods`` only."""
    graph: dict[str, dict[str, int]] = defaultdict(dict)
    for name, path in mods.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node, _ in _imports(tree, top_level):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    here = name.split(".") if is_package else name.split(".")[:-1]
                    here = here[:len(here) - (node.level - 1)] if node.level > 1 else here
                    base = ".".join(here + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}" if base else alias.name
                    targets.append(sub if sub in mods else base)
            for target in targets:
                while target and target not in mods:  # import a.b.c where only a.b is ours: a.b
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].setdefault(target, node.lineno)
    return graph


def components(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    nodes = sorted(set(graph) | {t for ts in graph.values() for t in ts})
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, {}))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, {})))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    x = stack.pop()
                    on_stack.discard(x)
                    comp.append(x)
                    if x == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out)


def cycles(graph: dict[str, dict[str, int]], comp: list[str]) -> list[list[str]]:
    """The elementary circles of one component, each starting at its smallest module (at most MAX_CYCLES)."""
    members = set(comp)
    found = []
    for start in comp:
        path, seen = [start], {start}

        def dfs(node):
            for nxt in sorted(graph.get(node, {})):
                if len(found) >= MAX_CYCLES:
                    return
                if nxt == start:
                    found.append(path + [start])
                elif nxt in members and nxt > start and nxt not in seen:
                    path.append(nxt)
                    seen.add(nxt)
                    dfs(nxt)
                    path.pop()
                    seen.discard(nxt)
        dfs(start)
    return found


def layer_of(module: str) -> int | None:
    """The layer of ``detente.x...`` by its first part ``x``; the package root is above every layer."""
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS)
    return next((i for i, names in enumerate(LAYERS) if any(fnmatch.fnmatchcase(parts[1], n) for n in names)), None)


def upward(graph: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """Imports from a lower layer into a higher one (module, imported module, line); a module in no layer is
    reported as importing upward so that a new package is placed in LAYERS."""
    out = []
    for a, targets in sorted(graph.items()):
        for b, line in sorted(targets.items()):
            la, lb = layer_of(a), layer_of(b)
            if la is None or lb is None or lb > la:
                out.append((a, b, line))
    return out


def main(argv: list[str]) -> int:
    top_level = "--top-level" in argv
    args = [a for a in argv if not a.startswith("--")]
    package = Path(args[0]) if args else ROOT / "detente"
    mods = modules(package)
    graph = edges(mods, top_level)
    comps = components(graph)
    for comp in comps:
        print(f"import circle among {len(comp)} modules: {', '.join(comp)}")
        for cyc in cycles(graph, comp):
            steps = [f"{a} ({mods[a].relative_to(package.parent)}:{graph[a][b]})" for a, b in zip(cyc, cyc[1:])]
            print("    " + " -> ".join(steps) + f" -> {cyc[-1]}")
    ups = upward(graph) if package.name == "detente" else []
    for a, b, line in ups:
        print(f"upward import: {a} ({mods[a].relative_to(package.parent)}:{line}) imports {b}, "
              f"layer {layer_of(b)} > {layer_of(a)} (ARCHITECTURE.md, rule 1; a new package goes in LAYERS)")
    if comps:
        print(f"{len(comps)} import circle(s); break each by moving the shared part into a module both import, "
              "or by passing the value in instead of importing it")
    if comps or ups:
        return 1
    print(f"no import circle among {len(mods)} modules, no upward import")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
