"""Rows to table, JSON or CSV: a view builds one list of dicts; these are its renderings."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re

FORMATS = ("table", "json", "csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list of cell starts a spreadsheet may run
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # every C0/C1 control and line separator


def _plain(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def to_json(rows) -> str:
    return json.dumps(rows, default=_plain, ensure_ascii=False, indent=2)


def formula_safe(v):
    """A text cell a spreadsheet will not run (OWASP CSV injection): one starting with ``= + - @``, a tab or a
    carriage return gets a leading ``'``. Numbers stay numbers (a negative polarity is no formula)."""
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


def tsv_cell(v) -> str:
    """A value for a tab-separated file without quoting (GDELT's format): every run of control characters
    (tab, newline, carriage return, the others) becomes one space, so no value can split a row or a column;
    a leading double quote becomes ``'`` (a CSV reader would take the cell for a quoted field)."""
    if v is None:
        return ""
    text = _CONTROL.sub(" ", str(_plain(v)))
    return "'" + text[1:] if text.startswith('"') else text


def to_csv(rows: list[dict]) -> str:
    """CSV with a header row; lists joined with ``;``; text cells made formula-safe (:func:`formula_safe`)."""
    if not rows:
        return ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    for r in rows:
        w.writerow({k: formula_safe(";".join(map(str, v)) if isinstance(v, list) else _plain(v))
                    for k, v in r.items()})
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
