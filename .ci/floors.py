"""Accuracy floors: run `detente predict` on the shared dev sets, score the validation part (never looked at
while choosing rules) with the shared scorer, and fail when a figure falls below its floor (floors.json).
Trained models are held to their cross-validated figure ("script" checks), never to a fit on their own data."""
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


def score(check: dict, tmp: str) -> dict:
    """`detente predict` on the check's input, scored by the shared scorer on the check's part (validation)."""
    inputs = sorted(glob.glob(str(SHARED / check["input"])))
    pred = pathlib.Path(tmp) / (check["name"] + ".jsonl")
    subprocess.run([DETENTE, "predict", check["task"], *inputs, "-o", str(pred)], check=True)
    part = ["--part", check["part"]] if check.get("part") else []
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), check["metric_task"],
                          str(SHARED / check["gold"]), str(pred), "--json", *part],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    floors = json.loads((HERE / "floors.json").read_text())
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for check in floors:
            if "script" in check:  # a trained model's cross-validated figure (never its fit on its training data)
                args = [a.replace("{shared}", str(SHARED)) for a in check["script"]]
                out = subprocess.run([sys.executable, str(HERE.parent / args[0]), *args[1:]],
                                     check=True, capture_output=True, text=True).stdout
                result = json.loads(out.strip().splitlines()[-1])
            else:
                result = score(check, tmp)
            label = f"{check['name']} ({check['part']})" if check.get("part") else check["name"]
            bounds = [(m, b, "floor") for m, b in check.get("min", {}).items()]
            bounds += [(m, b, "ceiling") for m, b in check.get("max", {}).items()]
            for metric, bound, kind in bounds:
                value = get(result, metric)
                ok = value >= bound if kind == "floor" else value <= bound
                failed += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {label}: {metric} = {value} ({kind} {bound})")
    print(f"accuracy floors: {failed} below floor" if failed else "accuracy floors: all met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
