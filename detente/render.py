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


def flat(row: dict, prefix: str = "") -> dict:
    """One row with plain cells: a nested dict becomes ``key.sub`` columns, a list of plain values one
    ``;``-joined cell, a list of records a JSON cell (never a Python repr)."""
    out: dict = {}
    for k, v in row.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flat(v, name + "."))
        elif isinstance(v, (list, tuple)):
            if all(not isinstance(x, (dict, list, tuple)) for x in v):
                out[name] = ";".join("" if x is None else str(_plain(x)) for x in v)
            else:
                out[name] = json.dumps(v, default=_plain, ensure_ascii=False)
        else:
            out[name] = _plain(v)
    return out


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
    """Rows as CSV with a header; nested values flattened (see :func:`flat`); text cells made formula-safe
    (:func:`formula_safe`)."""
    if not rows:
        return ""
    flats = [flat(r) for r in rows]
    names: dict = {}
    for r in flats:
        names.update(dict.fromkeys(r))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(names))
    w.writeheader()
    for r in flats:
        w.writerow({k: formula_safe(v) for k, v in r.items()})
    return buf.getvalue()


def to_tsv(rows: list[dict], columns: list[str] | None = None) -> str:
    """Rows as tab-separated text with a header (a table for pipes: no width, no wrapping)."""
    columns = columns or (list(rows[0]) if rows else [])
    lines = ["\t".join(columns)]
    for r in rows:
        lines.append("\t".join(_cell(r.get(c)).replace("\t", " ").replace("\n", " ") for c in columns))
    return "\n".join(lines) + "\n"


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
