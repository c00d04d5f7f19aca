"""Accuracy floors: run `detente predict` on the shared dev sets, score with the shared scorer,
and fail when a figure falls below the floor measured when the feature landed (floors.json)."""
from __future__ import annotations

import glob
import json
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).parent
SHARED = HERE.parent.parent / "shared"
DETENTE = str(HERE.parent / ".venv" / "bin" / "detente")


def get(d: dict, dotted: str):
    for part in dotted.split("."):
        d = d[part]
    return d


def main() -> int:
    floors = json.loads((HERE / "floors.json").read_text())
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for check in floors:
            inputs = sorted(glob.glob(str(SHARED / check["input"])))
            pred = pathlib.Path(tmp) / (check["name"] + ".jsonl")
            subprocess.run([DETENTE, "predict", check["task"], *inputs, "-o", str(pred)], check=True)
            out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), check["metric_task"],
                                  str(SHARED / check["gold"]), str(pred), "--json"],
                                 check=True, capture_output=True, text=True).stdout
            result = json.loads(out)
            for metric, bound in check["min"].items():
                value = get(result, metric)
                ok = value >= bound
                failed += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {check['name']}: {metric} = {value} (floor {bound})")
            for metric, bound in check.get("max", {}).items():
                value = get(result, metric)
                ok = value <= bound
                failed += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {check['name']}: {metric} = {value} (ceiling {bound})")
    print(f"accuracy floors: {failed} below floor" if failed else "accuracy floors: all met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
