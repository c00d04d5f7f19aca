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
