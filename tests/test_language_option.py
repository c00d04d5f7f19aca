"""``--language`` / ``Settings.language``: read every text as one language instead of detecting it."""
import json

import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.config import Settings
from detente.errors import UsageError
from detente.ingest.language import check, forced, settle
from detente.model import Article

runner = CliRunner()
RU = "Министр обороны Азербайджана прибыл в Ереван на переговоры с коллегой."


def test_check_and_forced():
    assert check("RU") == "ru" and check(None) == "auto" and forced("auto") is None and forced("en") == "en"
    with pytest.raises(UsageError, match="auto, en, ru"):
        check("de")


def test_settle_takes_a_forced_language_without_detection():
    art = Article.create(RU)
    assert settle(art).language == "ru"
    assert settle(art, "en").language == "en" and settle(art, "en").status == art.status


def test_analyze_rejects_an_unknown_language_before_reading(tmp_path):
    with pytest.raises(UsageError, match="valid: auto, en, ru"):
        detente.analyze([str(tmp_path)], db=str(tmp_path / "x.duckdb"), settings=Settings(language="xx"))


def test_cli_unknown_language_is_a_usage_error(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": RU}, ensure_ascii=False) + "\n", encoding="utf-8")
    for cmd in (["analyze", str(src), "--db", str(tmp_path / "s.duckdb"), "-q", "--language", "de"],
                ["predict", "events", str(src), "-o", str(tmp_path / "o.jsonl"), "--language", "de"]):
        out = runner.invoke(app, cmd)
        assert out.exit_code == 2, out.output
        assert "'de'" in out.stderr and "auto, en, ru" in out.stderr and "Traceback" not in out.output
    assert not (tmp_path / "o.jsonl").exists()


def test_predict_language_forces_the_pipeline(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": RU}, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = {}
    for lang in ("auto", "ru", "en"):
        out = tmp_path / f"{lang}.jsonl"
        res = runner.invoke(app, ["predict", "places", str(src), "-o", str(out), "--language", lang])
        assert res.exit_code == 0, res.output
        rows[lang] = json.loads(out.read_text(encoding="utf-8"))["toponyms"]
    assert rows["auto"] == rows["ru"] and {t["name"] for t in rows["ru"]} == {"Azerbaijan", "Yerevan"}
    assert rows["en"] != rows["ru"]  # read as English: the English gazetteer finds no Cyrillic names


def test_predict_russian_on_an_english_only_task_is_a_usage_error(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": RU}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = runner.invoke(app, ["predict", "dates", str(src), "-o", str(tmp_path / "o.jsonl"), "--language", "ru"])
    assert out.exit_code == 2 and "events, places, sentiment" in out.stderr


def test_analyze_language_is_stored(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Date: 2024-05-20\n\n" + RU, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    report = detente.analyze([str(src)], db=db, settings=Settings(db=db, language="ru"))
    assert report.analysed == 1
    with detente.open(db, read_only=True) as store:
        assert len(store.articles(language="ru")) == 1


def test_cli_analyze_language_ru(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Date: 2024-05-20\n\n" + RU, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    out = runner.invoke(app, ["analyze", str(src), "--db", db, "-q", "--language", "RU"])
    assert out.exit_code == 0, out.output
    with detente.open(db, read_only=True) as store:
        assert [a["language"] for a in store.articles(language="ru")] == ["ru"]
