"""Every benchmark still runs: each at a small N (``--smoke``), checked to finish and to print its ratio line.
No timing is asserted here (speed targets live in benchmarks/, measured with `make bench`)."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from run import BENCHMARKS, RATIO  # noqa: E402


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BENCHMARKS))
def test_benchmark_smoke_run(name, tmp_path):
    script = ROOT / "benchmarks" / BENCHMARKS[name][0]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "TMPDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(script), "--smoke"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    ratios = [m for m in (RATIO.match(line.strip()) for line in proc.stdout.splitlines()) if m]
    assert ratios, "no ratio line in:\n" + proc.stdout[-2000:]
    assert all(re.fullmatch(r"[-+0-9.e]+", m["value"]) for m in ratios), [m.group(0) for m in ratios]


def test_every_benchmark_script_is_listed():
    scripts = {p.name for p in (ROOT / "benchmarks").glob("*.py") if not p.name.startswith(("_", "run"))}
    assert scripts == {s for s, _ in BENCHMARKS.values()}
