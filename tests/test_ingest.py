import gzip
import json
import os

import pytest

from detente import ingest
from detente.ingest.base import Rejected
from detente.ingest.text import split_header
from detente.model import UNSUPPORTED_LANGUAGE, Article

BODY = ("Turkey's foreign minister met his Azerbaijani counterpart in Ankara on Tuesday. "
        "The two governments signed an agreement on energy transit.")


def read_one(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return list(ingest.read([path]))


def test_date_by_header_signature_and_note_are_metadata():
    raw = f" date 2025-07-14 By JANE ROE\n\n{BODY}\n\n“THE WIRE”\n\nNote: Translated with a machine tool"
    meta, body = split_header(raw)
    assert meta["published"] == "2025-07-14"
    assert meta["author"] == "Jane Roe"
    assert meta["outlet"] == "The Wire"
    assert meta["note"] == "Translated with a machine tool"
    assert body == BODY


def test_key_value_header():
    raw = f"Title: Energy deal\nDate: 2024-03-02\nBy: Ali Veli\nOutlet: Caspian Desk\nURL: https://x.example/a\n\n{BODY}"
    meta, body = split_header(raw)
    assert (meta["title"], meta["published"], meta["author"], meta["outlet"], meta["url"]) == (
        "Energy deal", "2024-03-02", "Ali Veli", "Caspian Desk", "https://x.example/a")
    assert body == BODY


def test_no_header_has_no_date():
    meta, body = split_header(BODY)
    assert meta["published"] is None and body == BODY


def test_a_sentence_ending_the_article_is_not_a_signature():
    raw = BODY + "\n\nTHE TALKS WILL CONTINUE NEXT WEEK IN BAKU AND THEN IN ANKARA."
    meta, body = split_header(raw)
    assert "outlet" not in meta and body.endswith("ANKARA.")


def test_text_file_becomes_article_with_content_id(tmp_path):
    [a] = read_one(tmp_path, "a.txt", "Date: 2024-03-02\n\n" + BODY)
    assert isinstance(a, Article)
    assert a.id == Article.create(BODY).id and a.published == "2024-03-02" and a.language == "en"
    assert a.reader == "text" and a.source.endswith("a.txt")


def test_html_boilerplate_removed(tmp_path):
    html = ("<html><head><title>Deal</title><meta name='author' content='Ana Lopez'>"
            "<meta property='article:published_time' content='2023-05-06'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a> Subscribe now</nav>"
            f"<article><h1>Deal</h1><p>{BODY}</p><p>{BODY.replace('Tuesday', 'Friday')}</p></article>"
            "<footer>Copyright 2023 Example Media. All rights reserved.</footer></body></html>")
    [a] = read_one(tmp_path, "p.html", html)
    assert isinstance(a, Article), a
    assert "Subscribe" not in a.text and "Copyright" not in a.text and "energy transit" in a.text
    assert a.published == "2023-05-06"


def test_jsonl_bad_lines_are_rejected_with_line_numbers(tmp_path):
    lines = [json.dumps({"text": BODY, "date": "2024-01-02", "outlet": "X"}), "{broken", json.dumps({"title": "no text"}),
             json.dumps([1, 2]), json.dumps({"body": BODY + " Later, both sides agreed to meet."})]
    items = read_one(tmp_path, "r.jsonl", "\n".join(lines))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Rejected)]
    assert len(good) == 2 and good[0].published == "2024-01-02" and good[0].outlet == "X"
    assert [b.locator.rsplit(":", 1)[1] for b in bad] == ["2", "3", "4"]
    assert "malformed JSON" in bad[0].reason and "no text field" in bad[1].reason and "expected an object" in bad[2].reason


def test_csv_with_mapping_and_ragged_row(tmp_path):
    content = f'headline,story_text,when\nA,"{BODY}",2022-02-22\nB,"{BODY} More.",2022-02-23,extra\n'
    items = list(ingest.read([_write(tmp_path, "c.csv", content)], {"mapping": {"text": "story_text", "published": "when"}}))
    assert isinstance(items[0], Article) and items[0].published == "2022-02-22" and items[0].title == "A"
    assert isinstance(items[1], Rejected) and "row has 4 fields, header has 3" in items[1].reason


def test_rss_feed(tmp_path):
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Caspian Desk</title>"
           f"<item><title>One</title><link>https://x.example/1</link><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>"
           f"<description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item></channel></rss>")
    [a] = read_one(tmp_path, "f.rss", rss)
    assert isinstance(a, Article) and a.published == "2024-01-02" and a.outlet == "Caspian Desk" and "<p>" not in a.text


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty"),
    ("blob.txt", b"\x00\x01\x02binary" * 100, "binary"),
    ("latin.txt", "Caf\u00e9 diplomacy".encode("latin-1") * 10, "invalid UTF-8"),
    ("cut.txt.gz", gzip.compress(BODY.encode())[:20], "gzip"),
    ("page.html", b"<html><body><div></div></body></html>", "no extractable"),
    ("feed.rss", b"<rss><channel><title>x</title>", "feed"),
    ("data.bin", b"abc", "no reader"),
])
def test_bad_inputs_are_rejected_with_reason(tmp_path, name, content, reason):
    [r] = read_one(tmp_path, name, content)
    assert isinstance(r, Rejected) and reason in r.reason and name in r.locator


def test_gzip_text(tmp_path):
    [a] = read_one(tmp_path, "a.txt.gz", gzip.compress(BODY.encode()))
    assert isinstance(a, Article) and a.text == BODY


def test_non_english_is_marked_unsupported(tmp_path):
    fr = ("Le ministre turc des affaires étrangères a rencontré son homologue azerbaïdjanais à Ankara mardi. "
          "Les deux gouvernements ont signé un accord sur le transit de l'énergie.")
    [a] = read_one(tmp_path, "fr.txt", fr)
    assert a.language == "fr" and a.status == UNSUPPORTED_LANGUAGE


def test_directory_is_walked_recursively_in_order(tmp_path):
    _write(tmp_path / "b", "2.txt", BODY + " Two.")
    _write(tmp_path / "a", "1.txt", BODY + " One.")
    _write(tmp_path, "README.md", "# not an article")
    items = list(ingest.read([tmp_path]))
    assert [i.text[-4:] for i in items] == ["One.", "Two."]


def _write(directory, name, content):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return path


# -- bounded reading, formats, unreadable paths (issue 16) ---------------------------------------------------

def _bomb(expanded: int) -> bytes:
    return gzip.compress(b"\0" * 10_000_000, 9) * (expanded // 10_000_000)


def test_a_gzip_bomb_is_refused_while_decompressing_with_little_memory():
    import tracemalloc

    data = _bomb(300_000_000)  # 300 kB that would expand to 300 MB
    tracemalloc.start()
    [r] = list(ingest.read_bytes(data, "bomb.txt.gz"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(r, Rejected) and "decompressed input too large" in r.reason
    assert peak < 30_000_000  # the 5 MB limit and a few chunks, not 300 MB


def test_gzip_is_recognised_by_its_magic_bytes_and_the_compressed_input_is_bounded_too():
    [a] = list(ingest.read_bytes(gzip.compress(BODY.encode()), "misnamed.txt"))
    assert isinstance(a, Article) and a.text == BODY
    empty_members = gzip.compress(b"") * 300_000  # ~6 MB of members that expand to nothing
    [r] = list(ingest.read_bytes(empty_members, "many.txt.gz"))
    assert isinstance(r, Rejected) and "too large" in r.reason


def test_a_plain_file_is_refused_by_its_size_before_it_is_read(tmp_path, monkeypatch):
    from detente.ingest import source

    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(8_000_000_000)  # sparse: no disk, and no memory unless it is read
    monkeypatch.setattr(source, "read_capped", lambda *a, **k: pytest.fail("a too-large file was read"))
    [r] = list(ingest.read([path]))
    assert isinstance(r, Rejected) and "input too large (8,000,000,000 bytes" in r.reason


def test_a_stream_without_a_size_is_cut_at_the_limit(tmp_path):
    import threading

    from detente.ingest.base import MAX_BYTES

    pipe = tmp_path / "stream.txt"
    os.mkfifo(pipe)  # named on the command line (as <(zcat x) would be): read, but only up to the limit

    def writer():
        try:
            with open(pipe, "wb") as fh:
                for _ in range(MAX_BYTES // 65536 + 50):
                    fh.write(b"word " * 13107)
        except BrokenPipeError:
            pass

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    [r] = list(ingest.read([pipe]))
    assert isinstance(r, Rejected) and "too large" in r.reason


def test_input_format_overrides_a_misleading_extension(tmp_path):
    lines = "\n".join(json.dumps({"text": BODY, "outlet": f"Desk {i}"}) for i in range(2))
    path = _write(tmp_path, "records.txt", lines)
    [as_text] = ingest.read([path])
    assert isinstance(as_text, Article) and as_text.text.startswith("{")  # the suffix says text
    items = list(ingest.read([path], {"format": "jsonl"}))
    assert [i.outlet for i in items] == ["Desk 0", "Desk 1"] and items[0].text == BODY
    with pytest.raises(Exception, match="unknown input format"):
        list(ingest.read([path], {"format": "docx"}))


def test_unreadable_entries_of_a_folder_are_rejected_by_name(tmp_path, monkeypatch):
    _write(tmp_path / "ok", "a.txt", BODY)
    _write(tmp_path / "closed", "b.txt", BODY)
    (tmp_path / "ok" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(tmp_path / "closed"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(ingest.read([tmp_path]))
    rejected = {r.locator: r.reason for r in items if isinstance(r, Rejected)}
    assert [i.text for i in items if isinstance(i, Article)] == [BODY]
    assert rejected == {str(tmp_path / "closed"): "cannot read directory (Permission denied)",
                        str(tmp_path / "ok" / "gone.txt"): f"broken symbolic link (to {str(tmp_path / 'nowhere.txt')!r})"}
    assert all(r.reader == "path" for r in items if isinstance(r, Rejected))


def test_text_without_letters_is_too_little_text(tmp_path):
    [r] = read_one(tmp_path, "dots.txt", "... --- !!! ??? 12 34 56 78 *** ###\n" * 50)
    assert isinstance(r, Rejected) and "too little text" in r.reason and "0 words with letters" in r.reason


def test_cli_reads_stdin_in_the_named_format_and_exits_by_what_happened(tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app
    from detente.store import Store

    runner = CliRunner()
    db = str(tmp_path / "t.duckdb")
    records = json.dumps({"text": BODY, "outlet": "Desk"}) + "\n" + json.dumps({"text": "?! ... ;;"}) + "\n"
    result = runner.invoke(app, ["analyze", "-", "--input-format", "jsonl", "--db", db, "-q"], input=records)
    out = " ".join(result.output.split())  # rich wraps long lines
    assert result.exit_code == 0, result.output
    assert "1 analysed" in out and "1 quarantined" in out
    assert "<stdin>.jsonl:2: too little text" in out
    with Store(db) as store:
        assert [a["outlet"] for a in store.articles()] == ["Desk"]
    missing = runner.invoke(app, ["analyze", str(tmp_path / "absent.txt"), "--db", db, "-q"])
    assert missing.exit_code == 2 and "absent.txt" in missing.output.replace("\n", "")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dangling.txt").symlink_to(tmp_path / "nowhere")
    unreadable = runner.invoke(app, ["analyze", str(tmp_path / "in"), "--db", db, "-q"])
    assert unreadable.exit_code == 1 and "1 quarantined (1 unreadable)" in " ".join(unreadable.output.split())
    bad_format = runner.invoke(app, ["analyze", "-", "--input-format", "docx", "--db", db, "-q"], input="x")
    assert bad_format.exit_code == 2 and "unknown input format" in " ".join(bad_format.output.split())


def test_csv_rows_after_one_that_cannot_be_parsed_are_read(tmp_path):
    huge = "x" * 1_200_000  # longer than any article: the csv module refuses the field
    content = f'title,text\nA,"{BODY}"\nB,"{huge}"\nC,"{BODY} Again."\n'
    items = list(ingest.read([_write(tmp_path, "c.csv", content)]))
    assert [i.title for i in items if isinstance(i, Article)] == ["A", "C"]
    [bad] = [i for i in items if isinstance(i, Rejected)]
    assert bad.locator.endswith("c.csv:3") and "malformed CSV row" in bad.reason
    long_field = 'title,text\nL,"' + BODY + " " + "word " * 40_000 + '"\n'  # 200,000 characters
    [ok] = list(ingest.read([_write(tmp_path, "long.csv", long_field)]))
    assert isinstance(ok, Article) and len(ok.text) > 131_072  # an article longer than csv's default limit
