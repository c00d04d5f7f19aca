"""Readers: files, directories, stdin and records become Articles; what cannot is Rejected.

``read(paths)`` yields ``Article`` or ``Rejected`` items and never raises for a bad input: one
bad file or record never stops a batch. Readers are registered by file suffix in ``READERS``
(the built-ins use the same registry a plugin would).
"""
from __future__ import annotations

import gzip
import os
import sys
import zlib
from pathlib import Path
from typing import Callable, Iterable, Iterator

from detente.errors import InputError
from detente.ingest import feeds, html, records, text
from detente.ingest.base import MAX_BYTES, Rejected, check_body, decode
from detente.ingest.language import detect
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
    status = "ok" if language in (None, "en", "ru") else UNSUPPORTED_LANGUAGE  # ru: issue 20 (detente.ru)
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
    try:
        items = list(feeds.feed_items(data, locator))
    except InputError as exc:
        yield Rejected(exc.locator, exc.reason, "feed")
        return
    for where, item in items:
        from detente.values import iso_date

        item["published"] = iso_date(item["published"])
        body = feeds.strip_tags(item.pop("html"))
        yield _guard(lambda: make_article(body, item, "feed", where), where, "feed")


def read_bytes(data: bytes, name: str, opts: dict | None = None) -> Iterator[Item]:
    """Read one input given as bytes; ``name`` picks the reader by suffix (``.gz`` is unpacked)."""
    opts = opts or {}
    suffix = Path(name).suffix.lower()
    if suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield Rejected(name, f"truncated or corrupt gzip ({exc})", "gzip")
            return
        suffix = Path(name[:-3]).suffix.lower()
    if len(data) > MAX_BYTES:
        yield Rejected(name, f"input too large ({len(data):,} bytes > {MAX_BYTES:,})", "")
        return
    fn = READERS.get(opts.get("format") and "." + opts["format"] or suffix)
    if fn is None:
        yield Rejected(name, f"no reader for {suffix!r} files (readers: {', '.join(sorted(s for s in READERS if s))})", "")
        return
    yield from fn(data, name, opts)


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files under the given paths, directories walked recursively in a stable order; hidden files skipped."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in rel) and child.name != "README.md":
                    yield child
        else:
            yield path


def read(paths: Iterable[str | os.PathLike], opts: dict | None = None) -> Iterator[Item]:
    """Every article (or rejection) from files, directories and ``-`` (stdin)."""
    for path in iter_files(paths):
        if str(path) == "-":
            yield from read_bytes(sys.stdin.buffer.read(), "<stdin>" + (opts or {}).get("stdin_suffix", ".txt"), opts)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Rejected(str(path), f"cannot read file ({exc.strerror or exc})", "")
            continue
        yield from read_bytes(data, str(path), opts)
