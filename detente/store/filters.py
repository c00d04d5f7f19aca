"""The one WHERE-clause builder: clauses and their bound parameters, added in order.

Every value a user gives goes in as a parameter; column names and aliases come from the store's own
code, never from a user. Used by :class:`detente.store.queries.EventFilter`, :mod:`detente.store.relations`
and :mod:`detente.store.stance`.
"""
from __future__ import annotations


class Where:
    """``w = Where(); w.add("x = ?", 1); w.dyad("A", "B", alias="c."); w.sql()`` → ``"x = ? AND ..."``."""

    def __init__(self, base: str | None = None):
        self.clauses: list[str] = [base] if base else []
        self.params: list = []

    def add(self, clause: str, *params) -> "Where":
        self.clauses.append(clause)
        self.params += params
        return self

    def any_of(self, column: str, values) -> "Where":
        """``column IN (?, ...)``; an empty list becomes ``IN ('')``, which matches no real id."""
        values = list(values) or [""]
        return self.add(f"{column} IN ({', '.join('?' for _ in values)})", *values)

    def party(self, code: str, alias: str = "") -> "Where":
        """Rows naming ``code`` as a source or a target."""
        code = code.upper()
        return self.add(f"(list_contains({alias}source_codes, ?) OR list_contains({alias}target_codes, ?))",
                        code, code)

    def dyad(self, a: str, b: str, directed: bool = False, alias: str = "") -> "Where":
        """Rows with ``a`` a source and ``b`` a target (or the other way round unless ``directed``)."""
        a, b = a.upper(), b.upper()
        one = f"(list_contains({alias}source_codes, ?) AND list_contains({alias}target_codes, ?))"
        if directed:
            return self.add(one, a, b)
        return self.add(f"({one} OR {one})", a, b, b, a)

    def sql(self, empty: str = "1=1") -> str:
        """The clauses joined by AND (``empty`` when there are none)."""
        return " AND ".join(self.clauses) if self.clauses else empty

    def where(self) -> str:
        """``"WHERE ..."``, or nothing when there are no clauses."""
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""
