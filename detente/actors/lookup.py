"""One mention resolved with the reason: which knowledge-base entry, which term, and where it comes from
(for ``detente actors lookup NAME --date D``)."""
from __future__ import annotations

from detente.actors import openkb
from detente.actors import text as T
from detente.actors.kb import Entry, KnowledgeBase, load_kb
from detente.actors.resolver import norm_date, resolve


def lookup(name: str, *, date: str | None = None, context: str = "", kb: KnowledgeBase | None = None) -> dict:
    """{text, date, country, sector, sectors, name, id, role, term, source} for one mention."""
    kb = kb or load_kb()
    actor = resolve(name, context=context, date=date, kb=kb)
    row = {"text": name, "date": date, "country": actor.code if actor else None,
           "sector": actor.sector if actor else None, "sectors": " ".join(actor.sectors) if actor else "",
           "name": actor.name if actor else None, "id": actor.id if actor else None,
           "role": "", "term": "", "source": ""}
    entry = _entry(kb, name, actor.id, actor.code) if actor and actor.id else None
    if entry is None:
        row["source"] = "sector words (sectors.yaml)" if actor else ""
        return row
    day = norm_date(date)
    terms = [t for t in entry.terms if t.covers(day)]
    past = [t for t in entry.terms if t.end and t.end < day]
    term = terms[-1] if terms else past[-1] if past else None
    if term is not None:
        row["role"] = term.role if terms else f"former: {term.role}"
        row["term"] = f"{term.start or ''}..{term.end or ''}"
        row["source"] = _describe(term.source or entry.source)
    else:
        row["source"] = _describe(entry.source)
    return row


def _entry(kb: KnowledgeBase, text: str, eid: str, code: str | None) -> Entry | None:
    toks = T.tokenize(text)
    found = [e for i in range(len(toks)) for e in kb.match(toks, i)[1] if e.id == eid]
    same = [e for e in found if e.code == code or any(t.code == code for t in e.terms)]
    return (same or found or [None])[0]


def _describe(source: str) -> str:
    """A file name, or a file and an open-data source key ("open_orgs.csv:partyfacts", "ep:kenya")."""
    key = source.split(":", 1)[1] if source.startswith("open_orgs.csv:") else source
    if key in openkb.sources():
        return openkb.describe_source(key)
    return f"detente/actors/data/{source}" if source.endswith((".csv", ".yaml")) else source
