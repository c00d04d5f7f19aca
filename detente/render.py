"""Rows to table, JSON or CSV: a view builds one list of dicts; these are its renderings."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json

FORMATS = ("table", "json", "csv")


def _plain(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def to_json(rows) -> str:
    return json.dumps(rows, default=_plain, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    for r in rows:
        w.writerow({k: (";".join(map(str, v)) if isinstance(v, list) else _plain(v)) for k, v in r.items()})
    return buf.getvalue()


def to_table(rows: list[dict], columns: list[str] | None = None, title: str | None = None):
    from rich.table import Table

    columns = columns or (list(rows[0]) if rows else [])
    table = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    return table


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ",".join(map(str, v))
    if isinstance(v, float):
        return f"{v:g}"
    return str(_plain(v))
