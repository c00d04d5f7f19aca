"""Every command has help, and the commands work end to end over a small store."""
import json

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.store import Store
from records import sample_analysis

runner = CliRunner()


def all_commands(typer_app, prefix=()):
    import typer.main

    group = typer.main.get_command(typer_app)
    stack = [(prefix, group)]
    while stack:
        path, cmd = stack.pop()
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            stack.append((path + (name,), sub))


@pytest.mark.parametrize("path", sorted(all_commands(app)))
def test_every_command_has_help(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and len(result.output.strip().splitlines()) > 3


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "t.duckdb")
    with Store(path) as store:
        store.write(sample_analysis(), "test")
    return path


def test_events_json_and_csv(db):
    out = runner.invoke(app, ["events", "--db", db, "--dyad", "AZE,RUS", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert {r["event"] for r in rows} == {"COERCE", "ACCUSE"}
    assert "2 of 2 events" in out.stderr  # machine formats say N of TOTAL on stderr
    csv_out = runner.invoke(app, ["events", "--db", db, "--type", "COERCE", "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].startswith("key,") and "raided" in csv_out.stdout


def test_show_highlights_and_unknown_article_is_a_clear_error(db):
    aid = sample_analysis().article.id
    out = runner.invoke(app, ["show", aid[:8], "--db", db])
    assert out.exit_code == 0 and "raided" in out.output and "Test Wire" in out.output
    bad = runner.invoke(app, ["show", "zzzz", "--db", db])
    assert bad.exit_code == 2 and "no article" in bad.output


def test_bad_dyad_argument(db):
    out = runner.invoke(app, ["events", "--db", db, "--dyad", "AZE"])
    assert out.exit_code != 0 and "two codes" in out.output


def test_summary_counts(db):
    out = runner.invoke(app, ["summary", "--db", db, "--format", "json"])
    data = json.loads(out.stdout)[0]
    assert data["counts"]["events"] == 2 and data["happened"] == 2


def test_version():
    out = runner.invoke(app, ["--version"])
    assert out.exit_code == 0 and out.stdout.startswith("detente ")


@pytest.mark.parametrize("args, valid", [(["--type", "FOO"], "SANCTION"), (["--modality", "maybe"], "hypothetical")])
def test_unknown_filter_values_are_rejected_with_the_valid_ones(db, args, valid):
    out = runner.invoke(app, ["events", "--db", db, *args])
    assert out.exit_code == 2 and valid in out.stderr and "Traceback" not in out.output
    assert out.stdout == ""


def test_lists_say_n_of_total_and_limit_0_means_all(db):
    one = runner.invoke(app, ["events", "--db", db, "--limit", "1", "--format", "json"])
    assert len(json.loads(one.stdout)) == 1 and "1 of 2 events" in one.stderr and "--limit 0" in one.stderr
    every = runner.invoke(app, ["events", "--db", db, "--limit", "0", "--format", "json"])
    assert len(json.loads(every.stdout)) == 2 and "2 of 2 events" in every.stderr
    page = runner.invoke(app, ["events", "--db", db, "--limit", "1", "--offset", "1", "--format", "json"])
    assert json.loads(page.stdout)[0]["key"] != json.loads(one.stdout)[0]["key"]


def test_piped_table_is_tab_separated_and_uncut(db):
    out = runner.invoke(app, ["events", "--db", db])  # CliRunner's stdout is not a terminal
    lines = out.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["date", "event", "mode"]
    sentences = {line.split("\t")[-1] for line in lines[1:]}
    assert "Moscow condemned the raid." in sentences and all("…" not in s for s in sentences)


def test_summary_csv_is_flat(db):
    out = runner.invoke(app, ["summary", "--db", db, "--format", "csv"])
    lines = out.stdout.splitlines()
    assert lines[0] == "section,item,measure,value"
    assert not any("{" in line or "[" in line for line in lines)
    assert "counts,events,rows,2" in lines


def test_flat_csv_never_holds_python_dicts():
    from detente.render import to_csv

    text = to_csv([{"a": 1, "nested": {"x": 2, "y": [1, 2]}, "recs": [{"k": 1}]}])
    header, row = text.splitlines()
    assert header == "a,nested.x,nested.y,recs" and "{'" not in row and '""k""' in row


def test_missing_input_is_one_line_exit_2_and_no_output(tmp_path):
    target = tmp_path / "pred.jsonl"
    out = runner.invoke(app, ["predict", "events", str(tmp_path / "absent.jsonl"), "-o", str(target)])
    assert out.exit_code == 2 and "no such file" in out.stderr and "Traceback" not in out.output
    assert len(out.stderr.strip().splitlines()) == 1 and not target.exists()
    out = runner.invoke(app, ["analyze", str(tmp_path / "absent"), "--db", str(tmp_path / "x.duckdb")])
    assert out.exit_code == 2 and "no such file" in out.stderr


def test_dyad_with_an_unknown_code_says_so(db):
    out = runner.invoke(app, ["dyad", "AZE", "XXX", "--db", db])
    assert out.exit_code == 2 and "XXX is not an actor" in out.stderr and "None" not in out.output
