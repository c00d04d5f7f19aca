"""Exporters: the store's events in the formats analysts' tools read.

    from detente.export import export
    with detente.open("detente.duckdb", read_only=True) as store:
        result = export(store, "gdelt", "events.tsv")      # or mentions, polecat, parquet, csv, jsonl

Every exporter is registered in ``EXPORTERS`` with the same signature
``(events, out, options) -> rows written``; the built-ins use the registry a plugin would. ``out`` is a
path (``-`` for stdout), or a directory for ``parquet`` (one Hive partition per month: ``month=2025-07``).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Callable

from detente.errors import UsageError
from detente.export import gdelt, polecat
from detente.model import HAPPENED
from detente.store.queries import EventFilter


@dataclass
class Result:
    format: str
    rows: int
    out: str
    clustered: bool = False
    left_out: dict = field(default_factory=dict)
    columns: list = field(default_factory=list)


Exporter = Callable[[list, str, dict], tuple]
EXPORTERS: dict[str, Exporter] = {}
# Formats whose rows are events that happened unless the caller asks for modalities: GDELT's tables
# record happenings; a negated or hypothetical event in them would read as a fact.
HAPPENED_BY_DEFAULT = {"gdelt", "mentions"}
# Formats with GDELT's document tone columns (AvgTone, MentionDocTone): each event gets ``doc_tone``.
TONE_FORMATS = {"gdelt", "mentions"}


def exporter(name: str):
    def register(fn: Exporter) -> Exporter:
        EXPORTERS[name] = fn
        return fn
    return register


def export(store, fmt: str, out: str = "-", flt: EventFilter | None = None, *, header: bool = False) -> Result:
    if fmt not in EXPORTERS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORTERS)}")
    flt = flt or EventFilter()
    if fmt in HAPPENED_BY_DEFAULT and not flt.modalities:
        flt = dataclasses.replace(flt, modalities=tuple(sorted(HAPPENED)))
    events = store.export_rows(flt)
    if fmt in TONE_FORMATS:
        from detente.export.tone import article_tones

        tones = article_tones(store, (e["article_id"] for e in events))
        for e in events:
            e["doc_tone"] = tones.get(e["article_id"])
    rows, left, columns = EXPORTERS[fmt](events, out, {"header": header})
    return Result(fmt, rows, out, store.has_clusters(), left, columns)


class _Open:
    """Open ``out`` for text writing; ``-`` is stdout (left open)."""

    def __init__(self, out: str):
        self.out = out

    def __enter__(self):
        if self.out in ("-", ""):
            self.f = sys.stdout
        else:
            parent = os.path.dirname(os.path.abspath(self.out))
            if not os.path.isdir(parent):
                raise UsageError(f"cannot write {self.out!r}: directory {parent!r} does not exist")
            self.f = open(self.out, "w", encoding="utf-8", newline="")
        return self.f

    def __exit__(self, *exc):
        if self.f is not sys.stdout:
            self.f.close()
        else:
            self.f.flush()


def _tsv(out: str, columns: list, rows: list, header: bool) -> None:
    """GDELT's tab-separated rows: no quoting, so every control character in a value is escaped
    (``render.tsv_cell``) and text cells are formula-safe as in CSV."""
    from detente.render import formula_safe, tsv_cell

    with _Open(out) as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None,
                       quotechar=None)
        if header:
            w.writerow(columns)
        for r in rows:
            w.writerow([tsv_cell(formula_safe(v)) for v in r])


@exporter("gdelt")
def _gdelt(events, out, opts):
    rows, left = gdelt.event_table(events)
    _tsv(out, gdelt.EVENT_COLUMNS, rows, opts.get("header"))
    return len(rows), left, gdelt.EVENT_COLUMNS


@exporter("mentions")
def _mentions(events, out, opts):
    rows = gdelt.mention_table(events)
    _tsv(out, gdelt.MENTION_COLUMNS, rows, opts.get("header"))
    return len(rows), {}, gdelt.MENTION_COLUMNS


def _plain(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _flat(e: dict, plain: bool = True) -> dict:
    """An event row for the tabular formats (actors as the first source/target, lists kept); dates as ISO
    text, or kept as dates (``plain=False``, for Parquet's typed DATE/TIMESTAMP columns)."""
    from detente.export.rows import side

    out = {k: (_plain(v) if plain else v) for k, v in e.items() if k not in ("actors", "lead")}
    for role in ("source", "target"):
        a = side(e, role) or {}
        out[f"{role}_name"], out[f"{role}_sector"] = a.get("name"), a.get("sector")
        out[f"{role}_text"], out[f"{role}_start"], out[f"{role}_end"] = a.get("text"), a.get("start"), a.get("end")
    return out


@exporter("polecat")
def _polecat_tsv(events, out, opts):
    rows = [polecat.row(e) for e in events]
    _tsv(out, polecat.COLUMNS, rows, True)  # the POLECAT files carry their header
    return len(rows), {}, polecat.COLUMNS


@exporter("polecat-jsonl")
def _polecat(events, out, opts):
    with _Open(out) as f:
        for e in events:
            f.write(json.dumps(polecat.record(e), default=_plain, ensure_ascii=False) + "\n")
    return len(events), {}, []


@exporter("jsonl")
def _jsonl(events, out, opts):
    with _Open(out) as f:
        for e in events:
            f.write(json.dumps(_flat(e), ensure_ascii=False) + "\n")
    return len(events), {}, []


@exporter("csv")
def _csv(events, out, opts):
    from detente import render

    flat = [_flat(e) for e in events]
    with _Open(out) as f:
        f.write(render.to_csv(flat))
    return len(flat), {}, list(flat[0]) if flat else []


@exporter("parquet")
def _parquet(events, out, opts):
    import pyarrow as pa
    import pyarrow.dataset as ds

    if out in ("-", ""):
        raise UsageError("parquet needs a directory: --output DIR (one month=YYYY-MM partition per month)")
    if os.path.isfile(out):
        raise UsageError(f"{out!r} is a file; parquet writes a directory of monthly partitions")
    flat = [dict(_flat(e, plain=False), month=(e["date"].strftime("%Y-%m") if e.get("date") else "undated"))
            for e in events]
    if not flat:
        os.makedirs(out, exist_ok=True)
        return 0, {}, []
    table = pa.Table.from_pylist(flat)
    ds.write_dataset(table, out, format="parquet", partitioning=ds.partitioning(
        pa.schema([("month", pa.string())]), flavor="hive"), existing_data_behavior="delete_matching",
        basename_template="events-{i}.parquet")
    return len(flat), {}, list(flat[0])
