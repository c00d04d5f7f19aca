"""tools/judge_sample.py merge: the judges' files become one judgement file with no sentence text."""
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import judge_sample  # noqa: E402

ROW = {"record": "r-1", "sentence_start": 0, "sentence_end": 40, "event": "AID", "mode": None, "cameo": "070",
       "source_codes": ["NOR"], "target_codes": ["EST"], "trigger": "sent", "coder": "detente.events.learned@9.9.9",
       "type_ok": True, "source_ok": True, "target_ok": False, "happened": True, "gold_event": "AID",
       "gold_source": ["NOR"], "gold_target": ["LVA"], "gold_modality": "asserted", "note": "target: the other state",
       "sentence": "Norway sent tents to Latvia."}


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_merge_drops_the_sentence_and_keeps_every_judged_field(tmp_path):
    a = _write(tmp_path / "a.jsonl", [ROW, {**ROW, "record": "r-2"}])
    b = _write(tmp_path / "b.jsonl", [{**ROW, "record": "r-3", "gold_event": None}])
    out = judge_sample.merge([a, b])
    assert [r["record"] for r in out] == ["r-1", "r-2", "r-3"]
    assert all("sentence" not in r for r in out)
    assert out[2]["gold_event"] is None and out[0]["gold_target"] == ["LVA"] and out[0]["note"]


def test_merge_names_the_file_and_line_of_a_missing_field_or_a_short_file(tmp_path):
    bad = {k: v for k, v in ROW.items() if k != "happened"}
    p = _write(tmp_path / "a.jsonl", [ROW, bad])
    with pytest.raises(ValueError, match=r"a\.jsonl:2: missing happened"):
        judge_sample.merge([p])
    with pytest.raises(ValueError, match="2 judged lines, expected 3"):
        judge_sample.merge([_write(tmp_path / "b.jsonl", [ROW, ROW])], expect=3)
