"""Readers: files, directories, stdin and records become Articles; what cannot is Rejected.

``read(paths)`` yields ``Article`` or ``Rejected`` items and never raises for a bad input: one
bad file or record never stops a batch. Readers are registered by file suffix in ``READERS``
(the built-ins use the same registry a plugin would).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from detente.errors import InputError, UsageError
from detente.ingest import feeds, html, records, source, text
from detente.ingest.base import Rejected, check_body, decode
from detente.ingest.language import SUPPORTED, detect
from detente.model import UNSUPPORTED_LANGUAGE, Article

Item = Article | Rejected
Reader = Callable[[bytes, str, dict], Iterator[Item]]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str):
    def register(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s] = fn
        return fn

    return register


def make_article(body: str, meta: dict, reader_name: str, locator: str) -> Article:
    body = check_body(body, locator)
    fields = {k: meta.get(k) for k in ("title", "url", "author", "outlet", "published", "note")}
    language = detect(body)
    status = "ok" if language in (None, *SUPPORTED) else UNSUPPORTED_LANGUAGE
    return Article.create(body, reader=reader_name, source=locator, language=language or meta.get("language"),
                          status=status, **{k: (str(v) if v is not None else None) for k, v in fields.items()})


def _guard(fn: Callable[[], Article], locator: str, reader_name: str) -> Item:
    try:
        return fn()
    except InputError as exc:
        return Rejected(exc.locator, exc.reason, reader_name)


@reader(".txt", ".md", ".text", "")
def read_text(data: bytes, locator: str, opts: dict) -> Iterator[Item]:
    def build():
        meta, body = text.split_header(decode(data, locator))
        return make_article(body, meta, "text", locator)

    yield _guard(build, locator, "text")


@reader(".html", ".htm", ".xhtml")
def read_html(data: bytes, locator: str, opts: dict) -> Iterator[Item]:
    def build():
        meta, body = html.extract(decode(data, locator), locator)
        return make_article(body, meta, "html", locator)

    yield _guard(build, locator, "html")


def _from_records(pairs, reader_name: str, opts: dict) -> Iterator[Item]:
    for where, rec in pairs:
        if isinstance(rec, InputError):
            yield Rejected(rec.locator, rec.reason, reader_name)
            continue
        fields = records.pick(rec, opts.get("mapping"))
        if fields.get("published") is not None:
            from detente.values import iso_date

            fields["published"] = iso_date(fields["published"])
        if "text" not in fields:
            yield Rejected(where, "record has no text field (looked for: "
                           + ", ".join(records.FIELD_NAMES["text"]) + "; map one with --field text=NAME)", reader_name)
            continue
        yield _guard(lambda: make_article(fields["text"], fields, reader_name, where), where, reader_name)


def _record_file(kind: str, split) -> Reader:
    """A reader for a file of records: decode it, split it into records, map their fields."""

    def read_records(data: bytes, locator: str, opts: dict) -> Iterator[Item]:
        try:
            content = decode(data, locator)
        except InputError as exc:
            yield Rejected(exc.locator, exc.reason, kind)
            return
        yield from _from_records(split(content, locator), kind, opts)

    return read_records


read_jsonl = reader(".jsonl", ".ndjson")(_record_file("jsonl", records.jsonl_records))
read_csv = reader(".csv")(_record_file("csv", records.csv_records))


@reader(".rss", ".atom", ".xml")
def read_feed(data: bytes, locator: str, opts: dict) -> Iterator[Item]:
    from detente.values import iso_date

    try:
        for where, item in feeds.feed_items(data, locator):
            if isinstance(item, InputError):
                yield Rejected(item.locator, item.reason, "feed")
                continue
            item["published"] = iso_date(item["published"])
            body = feeds.strip_tags(item.pop("html"))
            yield _guard(lambda: make_article(body, item, "feed", where), where, "feed")
    except InputError as exc:
        yield Rejected(exc.locator, exc.reason, "feed")


FORMATS = ("jsonl", "csv", "txt", "html", "rss")  # what --input-format names (stdin, misleading extensions)


def reader_for(name: str, fmt: str | None = None) -> Reader | None:
    """The reader for an input: the one ``fmt`` names, else the one its suffix names."""
    if fmt:
        if fmt.lower().lstrip(".") not in FORMATS:
            raise UsageError(f"unknown input format {fmt!r}; use one of {', '.join(FORMATS)}")
        return READERS["." + fmt.lower().lstrip(".")]
    return READERS.get(Path(name).suffix.lower())


def _parse(data: bytes, name: str, locator: str, opts: dict) -> Iterator[Item]:
    fn = reader_for(name, opts.get("format"))
    if fn is None:
        suffix = Path(name).suffix.lower()
        yield Rejected(locator, f"no reader for {suffix!r} files (readers: {', '.join(sorted(s for s in READERS if s))};"
                                " or name one with --input-format)", "")
        return
    yield from fn(data, locator, opts)


def read_bytes(data: bytes, name: str, opts: dict | None = None) -> Iterator[Item]:
    """Read one input given as bytes; ``name`` picks the reader by suffix (gzip is unpacked, within the limits)."""
    opts = opts or {}
    try:
        data, inner = source.load_bytes(data, name)
    except InputError as exc:
        yield Rejected(exc.locator, exc.reason, "")
        return
    yield from _parse(data, inner, name, opts)


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files under the given paths, directories walked recursively in a stable order; hidden files skipped."""
    return (p for p in source.inputs(paths) if isinstance(p, Path))


def read(paths: Iterable[str | os.PathLike], opts: dict | None = None) -> Iterator[Item]:
    """Every article (or rejection) from files, directories and ``-`` (stdin); nothing unreadable is skipped
    without a Rejected naming it (``reader == "path"`` when the path itself could not be read).
    ``opts``: ``format`` (one of FORMATS, overriding the suffix), ``mapping`` (record fields)."""
    opts = opts or {}
    reader_for("", opts.get("format"))  # an unknown format is a usage error, before anything is read
    for path in source.inputs(paths):
        if isinstance(path, Rejected):
            yield path
            continue
        try:
            if str(path) == "-":
                fmt = opts.get("format")
                name = "<stdin>" + ("." + fmt.lower().lstrip(".") if fmt else opts.get("stdin_suffix", ".txt"))
                data, inner = source.load(sys.stdin.buffer, name)
            else:
                name = str(path)
                data, inner = source.load_path(path)
        except InputError as exc:
            yield Rejected(exc.locator, exc.reason, source.UNREADABLE if isinstance(exc, source.Unreadable) else "")
            continue
        yield from _parse(data, inner, name, opts)
