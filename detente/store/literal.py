"""SQL literals for the values detente writes, so that the write path hands DuckDB no Python objects.

DuckDB's Python client imports pandas (about 0.35 CPU-s, more than a short article's parse) the first time a
statement binds a parameter or scans a Python object such as an Arrow table, even when no pandas object is
involved. ``detente analyze`` otherwise never needs pandas, so its writes (the batch's rows, the ids of the
articles written, the migrations' records) are sent as SQL text built here instead: every value is rendered
as a literal that DuckDB reads back exactly (strings quoted, floats in their shortest round-trip form with an
exponent, so DOUBLE and not DECIMAL; dates and timestamps typed). Nothing but these literals is spliced into
SQL, and they are built from the value's type alone, so no input text can end a literal early.
"""
from __future__ import annotations

import datetime
import math


def literal(value) -> str:
    """``value`` (None, bool, int, float, str, date, datetime, or a list/tuple of them) as a DuckDB literal."""
    if value is None:
        return "NULL"
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if kind is list or kind is tuple:
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, datetime.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'" if value.tzinfo is None else \
            f"TIMESTAMPTZ '{value.isoformat(sep=' ')}'"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    for base in (bool, int, float, str):  # subclasses (an IntEnum, numpy.float64): as their plain value
        if isinstance(value, base):
            return literal(base(value))
    if hasattr(value, "item") and hasattr(value, "dtype"):  # a numpy scalar (numpy.int64, numpy.bool_)
        return literal(value.item())
    raise TypeError(f"no SQL literal for a value of type {kind.__name__}: {value!r}")


def _string(text: str) -> str:
    body = "'" + text.replace("'", "''") + "'"
    if "\x00" in text:  # a NUL would end the statement's text early: spliced in as chr(0)
        body = " || chr(0) || ".join("'" + part.replace("'", "''") + "'" for part in text.split("\x00"))
        body = f"({body})"
    return body


def _float(value: float) -> str:
    if math.isfinite(value):
        text = repr(value)
        return text if "e" in text else text + "e0"  # an exponent makes it a DOUBLE literal (1.5 is a DECIMAL)
    return "'nan'::DOUBLE" if math.isnan(value) else ("'inf'::DOUBLE" if value > 0 else "'-inf'::DOUBLE")


def row(values) -> str:
    """One row of a VALUES list: ``(v1, v2, ...)``."""
    return "(" + ", ".join(map(literal, values)) + ")"


def rows(values) -> str:
    """Rows of a VALUES list, comma-separated (the caller writes ``VALUES`` before them)."""
    return ",\n".join(map(row, values))


def in_list(values) -> str:
    """The inside of ``IN (...)``: ``'a', 'b'``; an empty list gives ``NULL`` (matches nothing)."""
    return ", ".join(map(literal, values)) if values else "NULL"


def inline(sql: str, params=()) -> str:
    """``sql`` with each ``?`` placeholder replaced by the literal of the next parameter, in order. A ``?``
    inside a quoted string, a quoted name or a comment is left alone; a count that does not match the
    parameters is a ValueError (a statement is never run half-filled)."""
    params = list(params)
    if not params:
        return sql
    out, start, taken, i, n = [], 0, 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            end = sql.find(ch, i + 1)
            while end != -1 and sql[end + 1:end + 2] == ch:  # a doubled quote inside: still within
                end = sql.find(ch, end + 2)
            i = n if end == -1 else end + 1
            continue
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end == -1 else end + 1
            continue
        if sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end == -1 else end + 2
            continue
        if ch == "?":
            if taken == len(params):
                raise ValueError(f"more placeholders than the {len(params)} parameters in {sql[:80]!r}")
            out += [sql[start:i], literal(params[taken])]
            taken, start = taken + 1, i + 1
        i += 1
    if taken != len(params):
        raise ValueError(f"{len(params)} parameters for {taken} placeholders in {sql[:80]!r}")
    return "".join(out) + sql[start:]


def json_columns(rows, types) -> str:
    """A SELECT giving ``rows`` (tuples, one value per type in ``types``, DuckDB type names) as typed rows:
    the columns as one JSON document in a string literal, read by DuckDB's ``from_json`` into one typed list
    per column and unnested side by side. JSON keeps every value DuckDB needs exactly: strings, booleans,
    NULL, integers, floats in their shortest round-trip form (NaN and infinities included); dates and
    timestamps are written as ISO text and read as the column's type."""
    import json

    n = len(types)
    payload = json.dumps({f"c{i}": [r[i] for r in rows] for i in range(n)}, ensure_ascii=False, default=_iso)
    shape = json.dumps({f"c{i}": _list_of(t) for i, t in enumerate(types)})
    unnest = ", ".join(f"unnest(j.c{i})" for i in range(n))
    return f"SELECT {unnest} FROM (SELECT from_json({_string(payload)}, {_string(shape)}) AS j)"


def _list_of(type_name: str) -> str:
    return f"{type_name}[]"


def _iso(value) -> str:
    """What json.dumps cannot write itself: dates and timestamps as ISO text, numpy scalars as their value."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if hasattr(value, "item") and hasattr(value, "dtype"):
        return value.item()
    raise TypeError(f"no JSON value for a value of type {type(value).__name__}: {value!r}")


def append(con, table: str, rows: list, columns=None) -> None:
    """Append ``rows`` (tuples, one value per column of ``columns``; default: every column of ``table``, in
    order) to ``table`` in one INSERT of :func:`json_columns`. Literal VALUES rows cost DuckDB six times as much
    to parse and bind (0.83 against 0.13 CPU-s for the rows of 400 news articles); an Arrow table would be
    faster still (0.03) but DuckDB imports pandas to scan it."""
    if not rows:
        return
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE {table}").fetchall()}  # (name, type, ...) per column
    columns = list(columns or types)
    target = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"INSERT INTO {table} ({target}) " + json_columns(rows, [types[c] for c in columns]))
