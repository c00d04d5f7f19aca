"""Every example in the README runs as written, on the demo store (the README's own `analyze` builds it).

The shell blocks' `.venv/bin/detente ...` lines run in order in a scratch folder that sees the repository's
examples/; the Python block runs after them. Long-running server lines (`serve`) are covered by
tests/test_shared_store.py, and `make` lines by the Makefile itself."""
import os
import pathlib
import re
import shlex
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", README, re.S)


def commands() -> list[str]:
    out = []
    for lang, body in BLOCKS:
        if lang != "sh":
            continue
        for line in body.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line.startswith(".venv/bin/detente ") and " serve" not in line:
                out.append(line)
    return out


def test_the_readme_has_examples_to_run():
    assert len(commands()) >= 15
    assert sum(1 for lang, _ in BLOCKS if lang == "python") >= 1


@pytest.mark.slow
def test_every_readme_example_runs(tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("DETENTE_DB", None)
    for line in commands():
        args = shlex.split(line)[1:]
        done = subprocess.run([sys.executable, "-m", "detente.cli", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, line
    for lang, body in BLOCKS:
        if lang == "python":
            done = subprocess.run([sys.executable, "-c", body], cwd=tmp_path, env=env, capture_output=True,
                                  text=True, timeout=900)
            assert done.returncode == 0, f"{body}\n{done.stderr[-2000:]}"
    assert (tmp_path / "pred.jsonl").stat().st_size > 0 and (tmp_path / "report.html").exists()
