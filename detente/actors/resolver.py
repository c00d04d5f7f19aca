"""Resolve actor mentions to identities: one mention string (:func:`resolve`) or a whole Doc
(:func:`find_actors`).

A mention is read as a sequence of knowledge-base matches (``kb.match``). Its *head region*
is everything before the first preposition outside a match ("Prime Minister | of Estonia",
"ambassador | to Poland"): the country comes from the first identity in the head region
(else the tail, skipping "to X" / "against X"), the sector from the head region's last
sector word, a person's term at the date, or an organisation. "former"/"retired" make ELI.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from detente.memory import Memo
from detente.model import Actor
from detente.actors import text as T
from detente.actors.codes import code_at
from detente.actors.kb import RANK_CURATED, RANK_IMPORTED, RANK_OPEN, WORDS, Entry, KnowledgeBase, load_kb
from detente.wordlists import word_set

PREPS = word_set(WORDS, "preps")
NOT_COUNTRY_AFTER = word_set(WORDS, "not_country_after")
QUANTIFIERS = word_set(WORDS, "quantifiers")
HONORIFICS = word_set(WORDS, "honorifics")
# Role words that take their sector from a more specific word before them.
GENERIC_ROLES = word_set(WORDS, "generic_roles")
MEMBER_PREPS = word_set(WORDS, "member_preps")  # "a spokesman for the army", "an official of the WHO"
STATE_BODIES = word_set(WORDS, "state_bodies")  # "the Kenya Revenue Authority"
# "X-member Y": X describes Y.
DESCRIBED = word_set(WORDS, "described")
# "US-backed Iraqi forces": the identity before one of these describes the actor's backer, not the actor
BACKED = word_set(WORDS, "backed")
# After a person's name, the body that person leads ("the Bush administration", "the Assad regime").
LED_BY = word_set(WORDS, "led_by")
# Among equally ranked entries: a country name beats a surname ("Montenegro"), an organisation a person.
KIND_ORDER = {"country": 5, "partial": 5, "adjective": 4, "people": 4, "capital": 3, "seat": 3, "org": 2,
              "person": 1}
GEO = frozenset({"country", "capital", "city", "people", "partial"})
# After a one-word name, these make it a place ("Kano State", "Helmand Province"), not a surname.
PLACE_WORDS = word_set(WORDS, "place_words")
IDENTITY = frozenset({"country", "adjective", "people", "capital", "seat", "partial", "org", "person", "city"})


@dataclass(frozen=True)
class Hit:
    """One knowledge-base match in a token list."""

    start: int  # token index
    end: int
    entries: tuple

    @property
    def entry(self) -> Entry:
        return self.entries[0]

    @property
    def kind(self) -> str:
        return self.entries[0].kind  # not self.entry.kind: read some hundred thousand times per hundred articles


def scan(kb: KnowledgeBase, toks: Sequence[T.Tok], lo: int = 0, hi: int | None = None,
         common: frozenset = frozenset()) -> list[Hit]:
    """Greedy longest matches left to right within tokens [lo, hi). ``common``: indices of tokens the
    tagger reads as no proper noun ("Recent US strikes", "US Predator attacks"), which never make a
    place part of a longer unknown name."""
    hi = len(toks) if hi is None else hi
    view = toks[:hi]
    out, i = [], lo
    while i < hi:
        n, entries = kb.match(view, i)
        if n:
            out.append(Hit(i, i + n, entries))
            i += n
        else:
            i += 1
    out = [_place_not_person(h, toks) for h in out]
    covered = frozenset(i for h in out if h.kind != "city" for i in range(h.start, h.end))
    return [h for h in out if not _embedded_name(h, toks, covered | common) and not _pro_anti(h, toks)]


def _place_not_person(hit: Hit, toks: Sequence[T.Tok]) -> Hit:
    """"Kano State": a one-word match that is both a surname and a place is the place before a place word."""
    if hit.end - hit.start != 1 or hit.end >= len(toks) or toks[hit.end].key not in PLACE_WORDS:
        return hit
    places = tuple(e for e in hit.entries if e.kind in GEO)
    return Hit(hit.start, hit.end, places) if places and places != hit.entries else hit


OPEN_LEAD_YEARS = 4  # an open-data person is read this many years before the first office, no earlier


def in_office(h: Hit, day: str, surnames: bool = True) -> Hit | None:
    """The hit without the people it cannot name at ``day``: one named by one word only (a surname:
    "Hassan") whose every office begins after the date (a bare surname is too weak to name someone years
    before they held office), and an open-data person (known only by offices) whose first office begins more
    than ``OPEN_LEAD_YEARS`` after it (a namesake, not the person). None when no reading is left."""
    if h.kind != "person" and not any(e.kind == "person" for e in h.entries):
        return h
    later = f"{int(day[:4]) + OPEN_LEAD_YEARS:04d}{day[4:]}"

    def unborn(e: Entry) -> bool:
        if e.kind != "person" or not e.terms:
            return False
        if surnames and h.end - h.start == 1 and len(e.name.split()) > 1:
            return all(t.start and t.start > day for t in e.terms)
        return e.rank == RANK_OPEN and all(t.start and t.start > later for t in e.terms)
    keep = tuple(e for e in h.entries if not unborn(e))
    if len(keep) == len(h.entries):
        return h
    return Hit(h.start, h.end, keep) if keep else None


def _pro_anti(hit: Hit, toks: Sequence[T.Tok]) -> bool:
    """"pro-Russian", "anti-government": the attitude, not the actor's identity."""
    return hit.start > 0 and toks[hit.start - 1].key in ("pro", "anti") and hit.kind in (
        "adjective", "country", "capital", "seat", "people")


def _embedded_name(hit: Hit, toks: Sequence[T.Tok], covered: frozenset) -> bool:
    """A place or surname inside a longer unknown proper name ("Leon Bobb", "Moscow Times"). ``covered``: the
    token indices of every hit but cities, and of the words the tagger reads as common."""
    single_person = hit.kind == "person" and hit.end - hit.start == 1
    if not (hit.kind in GEO or single_person):
        return False
    if hit.kind in ("country", "adjective") and state_body(toks, hit.end, covered) is not None:
        return False  # "the Kenya Revenue Authority": the country's own body, named by a name we lack
    for j in (hit.start - 1, hit.end):
        if 0 <= j < len(toks) and j not in covered and toks[j].cap and toks[j].key.isalpha() \
                and toks[j].key not in HONORIFICS and not (j == 0 and toks[j].key in QUANTIFIERS) \
                and _adjacent(toks, min(j, hit.start), max(j, hit.end - 1)):
            return True
    return False


def state_body(toks: Sequence[T.Tok], j: int, covered: frozenset = frozenset()) -> int | None:
    """The end of a run of up to four adjacent capitalised unknown words from token ``j`` that ends in a word for a
    state body ("Revenue Authority", "Anti-Corruption Commission", "Customs Service"), else None."""
    k = j
    while k < len(toks) and k < j + 4 and toks[k].cap and toks[k].key.isalpha() and _adjacent(toks, k - 1, k):
        if toks[k].key in STATE_BODIES and k > j:
            return k + 1
        if k in covered:
            return None
        k += 1
    return None


def _adjacent(toks: Sequence[T.Tok], a: int, b: int) -> bool:
    """Are tokens a < b next to each other with one character between (a space or hyphen), not across a full
    stop or comma ("... on Monday. Georgia will ...", "in Paris, Georgia's envoy")?"""
    return b == a + 1 and toks[b].start - toks[a].end <= 1


def _today() -> str:
    return _dt.date.today().isoformat()


def term_at(entry: Entry, date: str) -> tuple[str | None, str | None, tuple]:
    """(country, sector, secondary) of a person or dated organisation at ``date``."""
    active = [t for t in entry.terms if t.covers(date)]
    if active:
        t = active[-1]
        return t.code, t.sector, t.sectors
    if entry.kind == "person" and entry.terms:
        past = [t for t in entry.terms if t.end and t.end < date]
        if past and not entry.sector:
            return past[-1].code, "ELI", ()
        if not entry.sector:
            return entry.terms[0].code, None, ()
    return entry.code, entry.sector, entry.sectors


def _pick(hit: Hit, date: str, prefer: set[str]) -> Entry:
    """The best entry of a match: by rank, then kind, then a person active at the date, then a preferred
    country. A curated, open-data or imported person out of office at the date yields to a person of the
    same name from another of those sources whose office covers the date, when that term's end is known or
    it began after the first one's last term (a curated entry may list fewer offices; an open end in an older
    snapshot may be stale)."""
    def active(e: Entry) -> bool:
        return e.kind == "person" and any(t.covers(date) for t in e.terms)

    best = max(hit.entries, key=lambda e: (e.rank, KIND_ORDER.get(e.kind, 0), active(e), e.code in prefer))
    if best.kind != "person" or not RANK_IMPORTED <= best.rank <= RANK_CURATED or active(best) \
            or (best.sector and not best.terms):
        return best
    last = max((t.end or "9999" for t in best.terms), default="")
    others = [e for e in hit.entries if e is not best and e.kind == "person"
              and RANK_IMPORTED <= e.rank <= RANK_CURATED
              and any(t.covers(date) and (t.end or (t.start or "") > last) for t in e.terms)]
    return max(others, key=lambda e: (e.code in prefer, e.rank)) if others else best


def _without_descriptors(toks: Sequence[T.Tok], hits: list[Hit]) -> list[Hit]:
    """"NATO-member Norway", "EU member Malta": the identity before "member" describes the one after it;
    "US-backed Iraqi forces", "Turkish-backed rebels": the backer describes the actor after it (a sector or an
    identity), who is not the backer ("the US-backed government" is not the US's)."""
    starts = {h.start for h in hits if h.kind in IDENTITY}
    after = {h.start for h in hits}
    return [h for h in hits if not (h.kind in IDENTITY and h.end < len(toks) and (
        toks[h.end].key in DESCRIBED and h.end + 1 in starts
        or toks[h.end].key in BACKED and any(s > h.end for s in after)))]


def _head_end(toks: Sequence[T.Tok], hits: list[Hit], lo: int, hi: int) -> int:
    covered = {i for h in hits for i in range(h.start, h.end)}
    seen_content = False
    for i in range(lo, hi):
        if i in covered:
            seen_content = True
        elif toks[i].key in PREPS and seen_content:
            return i
        elif toks[i].key not in QUANTIFIERS:
            seen_content = True
    return hi


def skip_quantifier(toks: Sequence[T.Tok], lo: int, hi: int) -> int:
    """Index after "several of the", "a team of", "two of"."""
    for i in range(lo, min(hi, lo + 5)):
        if toks[i].key == "of":
            if all(toks[j].key in QUANTIFIERS or toks[j].key.endswith("est") for j in range(lo, i)):
                return i + 1
            return lo
        if toks[i].key not in QUANTIFIERS and not toks[i].key.endswith("est"):
            return lo
    return lo


def combine(toks: Sequence[T.Tok], hits: list[Hit], lo: int, hi: int, *, date: str,
            prefer: set[str] = frozenset()) -> list[tuple[str | None, str | None, tuple, Entry | None]]:
    """Read the hits of one mention: a list of (country, sector, secondary, identity entry), one per
    coordinated country ("Hungarian and Romanian officials"); empty when nothing is known."""
    hits = _without_descriptors(toks, hits)
    head_end = _head_end(toks, hits, lo, hi)
    head = [h for h in hits if h.start < head_end]
    tail = [h for h in hits if h.start >= head_end]
    pick = {id(h): _pick(h, date, prefer) for h in hits}
    former = any(pick[id(h)].kind == "modifier" for h in head)
    if member_of(toks, head, tail, pick, head_end):  # "a spokeswoman for the Lebanese army": the army's
        inner = [x for x in combine(toks, tail, head_end + 1, hi, date=date, prefer=prefer) if x[1]]
        if inner:
            return [(c, *_former(s, m, former, e is not None), e) for c, s, m, e in inner]
    poss = max((i for i in range(lo, head_end) if toks[i].key == T.POSSESSIVE), default=-1)
    owned = [h for h in head if h.start > poss and pick[id(h)].kind in ("person", "org", "sector")]
    roles = owned if poss >= 0 and owned else head  # "Aliyev's firm": the firm is the actor
    person = next((pick[id(h)] for h in roles if pick[id(h)].kind == "person"), None)
    org = next((pick[id(h)] for h in reversed(roles) if pick[id(h)].kind == "org"), None)
    code, sector, more = _role(head, tail, roles, pick, person, org, date, former)
    owner = next((pick[id(h)] for h in head if h.start < poss and pick[id(h)].kind in ("person", "org")), None)
    ident = person or org
    countries = _countries(toks, head, tail, pick, ident or owner)
    if code and code not in [c for c, _ in countries]:
        countries = [(code, ident)]
    sector, more = _former(sector, more, former, ident is not None)
    more = tuple(m for m in dict.fromkeys(tuple(more) + _secondary(countries)) if m != sector)
    if not countries:
        return [(None, sector, more, ident)] if sector else []
    return [(code_at(c, date), sector, more, e) for c, e in countries]


def member_of(toks, head, tail, pick, head_end: int) -> bool:
    """Is the head region only a generic role ("spokesman", "official", "leader") of the organisation or
    institution after "of/for/at/from"? Then that one gives the code and the sector."""
    if not head or not tail or head_end >= len(toks) or toks[head_end].key not in MEMBER_PREPS:
        return False
    if not all(pick[id(h)].kind == "modifier" or pick[id(h)].kind == "sector" and pick[id(h)].name in GENERIC_ROLES
               for h in head) or all(pick[id(h)].kind == "modifier" for h in head):
        return False
    return any(pick[id(h)].kind in ("sector", "org", "seat") for h in tail)


def _role(head, tail, roles, pick, person, org, date, former) -> tuple[str | None, str | None, tuple]:
    """(country, sector, secondary) from the mention's person, sector words, organisation or place."""
    sector_hits = [h for h in roles if pick[id(h)].kind == "sector"]
    if person:
        code, sector, more = term_at(person, date)
        at = _last(head, "person")
        titled = [h for h in sector_hits if h.start < at]
        ends = {h.end for h in head if h.start == at}
        titled += [h for h in sector_hits if h.start in ends and pick[id(h)].name in LED_BY]  # "Bush administration"
        if sector in (None, "ELI", "LEG") and titled and not former:
            e = pick[id(titled[-1])]  # the text gives the office ("Foreign Minister X"), also over a seat
            if sector != "LEG" or e.sector not in (None, "LEG"):
                return code, e.sector, e.sectors
        return code, sector, more
    specific = [h for h in sector_hits if pick[id(h)].name not in GENERIC_ROLES]
    seat = any(pick[id(h)].kind == "seat" for h in head)
    if sector_hits and pick[id(sector_hits[-1])].name in GENERIC_ROLES and (specific or org or seat):
        sector_hits = specific  # "intelligence official" is SPY, "Hamas leader" REB, "a Pentagon spokesman" MIL
    if sector_hits and (not org or sector_hits[-1].start > _last(head, "org")):
        e = pick[id(sector_hits[-1])]
        return None, e.sector, e.sectors
    if org:
        code, sector, more = term_at(org, date)
        local = _explicit_country(head, pick, before=_last(head, "org"))
        if local and local != code:  # "Pakistani Taliban": the text's country, the group's own sector
            return local, org.sector, org.sectors
        return code, sector, more
    ids = [pick[id(h)] for h in head if pick[id(h)].kind in IDENTITY]
    if len(ids) == 1 and ids[0].kind in ("capital", "seat", "partial"):
        return None, ids[0].sector, ids[0].sectors
    seats = [e for e in ids if e.kind == "seat"]
    if seats and ids[0].kind in ("adjective", "country", "people"):  # "the Peruvian Congress": a seat's word
        return ids[0].code, seats[-1].sector, seats[-1].sectors
    if len(ids) == 1 and ids[0].kind == "city":
        return None, "CVL", ()
    tail_sectors = [pick[id(h)] for h in tail if pick[id(h)].kind == "sector"]
    if tail_sectors:
        return None, tail_sectors[0].sector, tail_sectors[0].sectors
    return None, None, ()


def _former(sector, more, former: bool, identified: bool) -> tuple[str | None, tuple]:
    """"former official" -> ELI (keeping a non-government sector as secondary)."""
    if not former:
        return sector, tuple(more)
    if sector and sector != "ELI":
        return "ELI", tuple(m for m in dict.fromkeys((sector,) + tuple(more)) if m not in ("GOV", "ELI"))
    if sector is None and identified:
        return "ELI", tuple(more)
    return sector, tuple(more)


def _explicit_country(head: list[Hit], entries, before: int) -> str | None:
    for h in head:
        e = entries[id(h)]
        if h.start < before and e.kind in ("adjective", "country", "people") and e.code:
            return e.code
    return None


def _last(hits: list[Hit], kind: str) -> int:
    return max((h.start for h in hits if h.kind == kind), default=-1)


def _secondary(countries) -> tuple:
    out = []
    for _, e in countries:
        if e is not None and e.kind in ("adjective", "capital") and e.sectors:
            out += list(e.sectors)
    return tuple(out)


def _countries(toks, head, tail, entries, ident):
    """Coded identities of the mention: coordinated ones in the head region, else the tail's first."""
    found = []
    for h in head:
        e = entries[id(h)]
        if e.kind in IDENTITY and e.code and e.kind not in ("person", "org"):
            found.append((e.code, e))
    if ident is not None and ident.code and not any(c == ident.code for c, _ in found):
        if ident.kind == "org" or not found:
            found.insert(0, (ident.code, ident))
    if not found:
        for h in tail:
            e = entries[id(h)]
            prev = toks[h.start - 1].key if h.start > 0 else ""
            if e.kind in IDENTITY and e.code and prev not in NOT_COUNTRY_AFTER:
                if not (e.kind == "org" and tail.index(h) > 0):
                    found.append((e.code, e))
                    break
    # de-duplicate, keep order; only coordinated identities become several actors
    out, seen = [], set()
    for code, e in found:
        if code not in seen:
            seen.add(code)
            out.append((code, e))
    return out if len(out) < 2 or _coordinated(toks, head) else out[:1]


def _coordinated(toks, head) -> bool:
    if len(head) < 2:
        return False
    a, b = head[0], head[1]
    return any(toks[i].key in ("and", ",", "&") for i in range(a.end, b.start))


def norm_date(date: str | None) -> str:
    if not date:
        return _today()
    return str(date)[:10]


def _known(kb: KnowledgeBase, value: str | None) -> str | None:
    if not value:
        return None
    if kb.country(value.strip().upper()):
        return value.strip().upper()
    toks = T.tokenize(value)
    for h in scan(kb, toks):
        if h.entry.code and h.entry.kind in IDENTITY:
            return h.entry.code
    return None


_SECTOR_WORDS: dict[int, list[str]] = {}
_MISSING = object()


def _sector_words(kb: KnowledgeBase) -> list[str]:
    """One-word sector keys of a knowledge base (for spelling tolerance)."""
    if id(kb) not in _SECTOR_WORDS:
        words = []
        node = kb
        while node is not None:
            words += [k for k in node.words_of_kind("sector") if len(k) >= 6]
            node = node.base
        _SECTOR_WORDS[id(kb)] = sorted(set(words))
    return _SECTOR_WORDS[id(kb)]


_CLOSE = Memo(10_000)  # (id(kb), key) -> its sector word, or None


def _close_sector_word(kb: KnowledgeBase, key: str) -> str | None:
    """The sector word ``key`` is a misspelling of, or None (difflib over every sector word: remembered)."""
    found = _CLOSE.get((id(kb), key), _MISSING)
    if found is _MISSING:
        import difflib

        close = difflib.get_close_matches(key, _sector_words(kb), n=1, cutoff=0.85)
        found = _CLOSE.put((id(kb), key), close[0] if close else None)
    return found


def _respelled(kb: KnowledgeBase, toks: list[T.Tok]) -> list[T.Tok]:
    """Tokens with misspelt sector words corrected ("supremicists" -> "supremacists")."""
    out = []
    for t in toks:
        close = _close_sector_word(kb, t.key) if len(t.key) >= 6 else None
        out.append(t._replace(key=close) if close else t)
    return out


def resolve_all(text: str, *, context: str = "", date: str | None = None, known_country: str | None = None,
                kb: KnowledgeBase | None = None) -> tuple[Actor, ...]:
    """Every actor a mention names (several for "Hungarian and Romanian officials")."""
    kb = kb or load_kb()
    toks = T.tokenize(text)
    if not toks:
        return ()
    lo = skip_quantifier(toks, 0, len(toks))
    day = norm_date(date)
    hits = [h for h in (in_office(h, day, False) for h in scan(kb, toks, lo)) if h is not None]
    if not hits:
        toks = _respelled(kb, toks)
        hits = [h for h in (in_office(h, day, False) for h in scan(kb, toks, lo)) if h is not None]
    prefer = {c for c in (_known(kb, known_country), _known(kb, context)) if c}
    read = combine(toks, hits, lo, len(toks), date=day, prefer=prefer)
    fallback = _known(kb, known_country)
    out = []
    for code, sector, more, e in read:
        if code is None and fallback:
            code = fallback
        name = e.name if e is not None else text.strip()
        out.append(Actor(code, sector, name, None, e.id if e is not None else None, tuple(more)))
    return tuple(out)


def resolve(text: str, *, context: str = "", date: str | None = None, known_country: str | None = None,
            kb: KnowledgeBase | None = None) -> Actor | None:
    """One mention string -> an Actor (``span=None``), or None when it names no actor."""
    found = resolve_all(text, context=context, date=date, known_country=known_country, kb=kb)
    return found[0] if found else None


def predict(records: Iterable[dict], kb: KnowledgeBase | None = None) -> Iterator[dict]:
    """For ``detente predict actors``: {id, text, context, date, known_country} -> {id, country, sector, name}.

    Output follows the NGEC convention of the evaluation data: an NGO has no country and the
    sector ``NGO``."""
    for rec in records:
        actor = resolve(rec.get("text") or "", context=rec.get("context") or "", date=rec.get("date"),
                        known_country=rec.get("known_country") or None, kb=kb)
        country = actor.code if actor else None
        sector = actor.sector if actor else None
        if country == "NGO":
            country, sector = None, "NGO"
        yield {"id": rec.get("id"), "country": country, "sector": sector, "name": actor.name if actor else None}
