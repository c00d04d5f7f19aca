"""The tune/validation split kept in eval/split: one line per dev record (a hash of its id, its part),
about 60% tune; tools/split_dev.py writes it with the shared scorer's rule."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPLIT = ROOT / "eval" / "split"


def _tool():
    spec = importlib.util.spec_from_file_location("split_dev", ROOT / "tools" / "split_dev.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_rule_is_the_scorers():
    tool = _tool()
    # sha256("a") starts ca978112: 3398926610 % 10 = 0, so tune
    assert tool.part_of("a") == "tune" and tool.part_of("a#2") == "tune"
    parts = {tool.part_of(f"record-{n}") for n in range(50)}
    assert parts == {"tune", "validation"}


def test_every_split_file_is_about_sixty_forty_and_holds_no_text():
    files = sorted(SPLIT.glob("*.tsv"))
    assert files, "eval/split holds no split files: run tools/split_dev.py"
    for path in files:
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
        assert rows and all(len(r) == 2 and len(r[0]) == 16 and r[1] in ("tune", "validation") for r in rows), path
        share = sum(part == "tune" for _, part in rows) / len(rows)
        assert 0.5 < share < 0.7, (path, share)
