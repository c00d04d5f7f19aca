"""find_actors: every actor mention in a spaCy Doc.

Knowledge-base matches are grouped into mentions (adjacent, joined by "'s"/"and"/",", or
inside one spaCy noun chunk) and each mention is read by ``resolver.combine``. A place
name alone is an actor only when it acts: a capital as subject or object ("Baku canceled
...") is its government, a capital or country after "in"/"at"/"near" is a location, and
other cities are never actors by themselves. "the country", "its diplomats" and
"he"/"she" take the identity of the closest earlier actor of the right kind.
"""
from __future__ import annotations

from dataclasses import dataclass

from detente.model import Actor, Span
from detente.nlp import doc_ents, doc_text, noun_chunk_ranges
from detente.wordlists import word_set
from detente.actors import text as T
from detente.actors.codes import INTERNATIONAL
from detente.actors.anaphora import INSTITUTIONS, THING_PRONOUNS, antecedent, it_subject_mentions, owned_by_anaphor, \
    pronoun_mentions, sentence_country, spacy_token
from detente.actors.context import fill_home, place_country
from detente.actors.kb import RANK_CURATED, WORDS, KnowledgeBase, load_kb
from detente.actors.positions import channel, demonym_of_place, describes_thing, place_demonym, span_tokens
from detente.actors.resolver import GENERIC_ROLES, HONORIFICS, MEMBER_PREPS, Hit, combine, state_body, in_office as _in_office, \
    norm_date, scan, skip_quantifier

LINKERS = frozenset({"'s", "and", ",", "&", "'"})
STOPS = frozenset(".!?;:\n")  # characters that end a mention's stretch of text
ARTICLES = frozenset({"the", "its", "their", "a", "an"})
NGO_GROUPS = word_set(WORDS, "ngo_groups")
MNC_GROUPS = word_set(WORDS, "mnc_groups")
MNC_OWED = word_set(WORDS, "mnc_owed")
MNC_BODIES = word_set(WORDS, "mnc_bodies")
MNC_DEBTS = word_set(WORDS, "mnc_debts")
ETHNIC = word_set(WORDS, "ethnic")  # "ethnic Serbs": a people, not the state
LOCATIVE = word_set(WORDS, "locative")
PLACE_ONLY_AFTER = LOCATIVE | word_set(WORDS, "place_only_after")  # for capitals and cities
# Sector nouns whose adjective is another word: "firm" (company / resolute), "general" (officer /
# overall), "executive" (manager / of the executive branch's acts, "an executive order").
ADJECTIVE_HOMOGRAPHS = word_set(WORDS, "adjective_homographs")
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "conj", "appos", "ROOT", "dative", "agent", "poss"})
PERSON_TITLES = word_set(WORDS, "person_titles")
# "the consulate in Istanbul", "the ambassador in Moscow": a foreign state's post, placed where it sits
POSTS = word_set(WORDS, "posts")
PRONOUN_WORDS = word_set(WORDS, "pronoun_words")
GEO_ONLY = frozenset({"country", "capital", "city", "partial", "people"})


@dataclass
class _Group:
    lo: int  # token index
    hi: int
    hits: list
    hosted: bool = False  # the place a foreign post is in ("the consulate in Istanbul"): its host state


def _chunks(doc) -> dict[int, int]:
    """char offset -> noun chunk number (empty without a parser)."""
    out: dict[int, int] = {}
    try:
        offsets = [t.idx for t in doc] if not hasattr(doc, "to_array") else doc.to_array("IDX").tolist()
        for n, (start, end) in enumerate(noun_chunk_ranges(doc)):  # of doc.noun_chunks, read from arrays
            for i in range(start, end):
                out[offsets[i]] = n
    except (ValueError, AttributeError):
        pass
    return out


def _same_chunk(toks, chunk_of, a: int, b: int) -> bool:
    ca = chunk_of.get(toks[a].start)
    return ca is not None and all(chunk_of.get(toks[i].start) == ca for i in range(a, b + 1))


def _group(text, toks, hits, chunk_of) -> list[_Group]:
    groups: list[_Group] = []
    for h in hits:
        if groups and STOPS.isdisjoint(text[toks[groups[-1].hi - 1].end:toks[h.start].start]):
            g = groups[-1]
            gap = range(g.hi, h.start)
            keys = [toks[i].key for i in gap]
            linked = keys == ["'s"] or not keys or (
                all(k in LINKERS for k in keys) and h.kind == "adjective"
                and g.hits[-1].kind in ("adjective", "country"))
            chunked = len(gap) <= 3 and _same_chunk(toks, chunk_of, g.hi - 1, h.start) and not (
                h.kind == "person" and any(x.kind == "person" for x in g.hits))  # "X and Y" in one chunk: two people
            placed = keys in (["in"], ["of"], ["from"], ["throughout"], ["across"]) and h.kind in GEO_ONLY \
                and all(x.kind in ("sector", "modifier") for x in g.hits)  # "protesters in Tbilisi"
            member = _member_gap(keys) and h.kind in ("sector", "org", "adjective", "country", "people", "seat") \
                and all(x.kind == "modifier" or x.kind == "sector" and x.entry.name in GENERIC_ROLES for x in g.hits)
            if placed and _owned_post(toks, g):  # "its embassy in Tehran": the host, an actor of its own
                groups.append(_Group(h.start, h.end, [h], hosted=True))
                continue
            if linked or chunked or placed or member:
                g.hits.append(h)
                g.hi = h.end
                continue
        groups.append(_Group(h.start, h.end, [h]))
    return groups


def _ngo(g: _Group) -> bool:
    """Is the mention a non-governmental organisation named by its kind alone ("a rights group", "aid agencies")?
    Then its code is NGO, the code of named ones (Human Rights Watch); a country in the mention keeps it."""
    last = g.hits[-1]
    return last.kind == "sector" and last.entry.name in NGO_GROUPS and all(h.kind in ("sector", "modifier") for h in g.hits)


def _mnc(toks, g: _Group) -> bool:
    """Are they firms named by their kind alone, in the plural ("creditor banks", "bondholders", "lenders"), a body
    of them ("the bank advisory committee") or the singular before what is owed to them ("commercial bank debt")?
    Then their code is MNC, as named multinationals have; a country in the mention keeps it ("Greek banks")."""
    last = g.hits[-1]
    if last.kind != "sector" or last.entry.name not in MNC_GROUPS:
        return False
    many = toks[last.end - 1].key.endswith("s") or last.entry.name in MNC_BODIES
    if not many and not (last.end < len(toks) and toks[last.end].key in MNC_DEBTS):
        return False
    if all(h.kind in ("sector", "modifier") for h in g.hits):
        return True
    owed = last.entry.name in MNC_OWED  # "Zambia's creditors": the creditors of Zambia, not Zambian firms
    return owed and any(toks[i].key == T.POSSESSIVE for i in range(g.hits[-2].end, last.start))


def _member_gap(keys) -> bool:
    """"a spokesman for the army", "officials of the Georgian foreign ministry": a role's organisation after it."""
    return 0 < len(keys) <= 2 and keys[0] in MEMBER_PREPS and all(k in ARTICLES for k in keys[1:])


def _owned_post(toks, g: _Group) -> bool:
    """A diplomatic post whose owner is another ("its embassy", "the kingdom's consulate"): not of where it is.
    An unowned one ("opened an embassy in Tehran") keeps the place, the only state the text gives it."""
    prev = toks[g.lo - 1].key if g.lo > 0 else ""
    return (prev == T.POSSESSIVE or prev in THING_PRONOUNS) and any(toks[x.end - 1].key in POSTS for x in g.hits)


def _titled_town(h: Hit, toks) -> bool:
    """A town's name right after a personal title is a person's name ("King Hassan", "President Lincoln")."""
    return h.start > 0 and toks[h.start - 1].key in PERSON_TITLES and all(e.kind == "city" for e in h.entries)


def _ents(doc) -> tuple:
    """``doc.ents`` (built once per Doc: nlp.doc_ents), empty for a document without them."""
    try:
        return doc_ents(doc)
    except AttributeError:
        return ()


def _common_words(doc, toks) -> frozenset:
    """Indices of the capitalised tokens that spaCy tags as a word class other than a proper noun
    ("Recent", "Predator" in "Recent US Predator attacks") or finds in a date or time ("In March Peru ..."):
    capitalised by position or style, not names."""
    pos = {}
    if getattr(doc, "has_annotation", None) and doc.has_annotation("TAG"):
        if hasattr(doc, "to_array"):  # {t.idx: t.pos_ for t in doc if t.pos_}, from one array read
            from spacy.attrs import IDX, POS
            from spacy.parts_of_speech import NAMES

            pos = {i: NAMES[p] for i, p in doc.to_array([IDX, POS]).tolist() if p}
        else:
            pos = {t.idx: t.pos_ for t in doc if t.pos_}
    dates = [(e.start_char, e.end_char) for e in _ents(doc) if e.label_ in ("DATE", "TIME")]
    return frozenset(i for i, t in enumerate(toks) if t.cap and (pos.get(t.start, "PROPN") not in ("PROPN", "X") or any(
        lo <= t.start < hi for lo, hi in dates)))  # "In March Peru and Chile signed": a month is no name part


def _without_name_parts(toks, hits: list[Hit]) -> list[Hit]:
    """Hits without a one-word organisation or place inside a person's name: between an unknown capitalised word
    and a known person ("Abdel Fatah al-Sisi" spelt otherwise than the knowledge base: "Fatah" is a first name)."""
    covered = {i for h in hits for i in range(h.start, h.end)}
    starts = {h.start: h for h in hits}
    out = []
    for h in hits:
        nxt = starts.get(h.end)
        j = h.start - 1
        if h.end - h.start == 1 and h.kind in ("org", "city") and nxt is not None and nxt.kind == "person" \
                and j >= 0 and j not in covered and toks[j].cap and toks[j].key.isalpha() \
                and toks[j].key not in HONORIFICS and toks[j].key not in PERSON_TITLES:
            continue
        out.append(h)
    return out


def _known_surnames(hits: list[Hit]) -> list[Hit]:
    """Hits without the readings of a surname alone that the article does not support: a one-word name of an
    imported or open-data person (one of ~85,000, many namesakes) is that person only when the article names
    the full name or one of the person's countries elsewhere; curated people need no support."""
    codes = {e.code for h in hits if h.kind in GEO_ONLY | {"adjective", "seat"} for e in h.entries if e.code}
    full = {e.id for h in hits if h.end - h.start > 1 for e in h.entries if e.kind == "person"}
    out = []
    for h in hits:
        if h.end - h.start == 1 and h.kind == "person":
            keep = tuple(e for e in h.entries if e.kind != "person" or e.rank >= RANK_CURATED or e.id in full
                         or ({e.code} | {t.code for t in e.terms}) & codes)
            if not keep:
                continue
            h = Hit(h.start, h.end, keep) if len(keep) < len(h.entries) else h
        out.append(h)
    return out



def _acting(doc, toks, g: _Group) -> bool:
    """Is a place-only mention an actor rather than a location?"""
    kinds = {h.kind for h in g.hits}
    prev = toks[g.lo - 1].key if g.lo > 0 else ""
    nxt = toks[g.hi].key if g.hi < len(toks) else ""
    if nxt == "'s":
        return True
    if kinds <= {"city"}:
        return False
    if kinds & {"capital", "city"} and not kinds & {"country", "partial", "people"}:
        if prev in PLACE_ONLY_AFTER:
            return False
        tok = spacy_token(doc, toks[g.hi - 1].start)
        if tok is not None and tok.dep_:
            if tok.dep_ == "pobj":
                return tok.head.lower_ in ("with", "against", "by", "on", "for", "toward", "towards")
            return tok.dep_ in ACTING_DEPS
        return True
    return prev not in LOCATIVE


def _sentence_starts(doc) -> list[int]:
    try:
        return [s.start_char for s in doc.sents]
    except (ValueError, AttributeError):
        return [0]


def _usable(h: Hit, toks, ents, doc) -> bool:
    if h.kind == "sector" and h.entry.name in PRONOUN_WORDS:
        return False
    if h.kind == "person" and h.end - h.start == 1 and h.entry.rank < RANK_CURATED:
        # an imported surname alone must be a proper noun here ("Rice prices" is not Susan Rice)
        tok = spacy_token(doc, toks[h.start].start)
        if tok is not None and tok.pos_ and tok.pos_ != "PROPN":
            return False
    if h.kind in GEO_ONLY or h.kind == "adjective":
        start = toks[h.start].start
        for s, e, label in ents:
            if label == "PERSON" and s <= start < e and (s, e) != (start, toks[h.end - 1].end):
                return False
    if h.kind == "sector" and toks[h.start].cap and h.start > 0:  # "Bruce Judge": a surname, not a judge
        start = toks[h.start].start
        if any(label == "PERSON" and s < start < e for s, e, label in ents):
            return False
    return True


def find_actors(doc, *, date: str | None = None, kb: KnowledgeBase | None = None) -> tuple[Actor, ...]:
    """Every actor mention in ``doc``, with character spans into ``doc.text``, sorted by start."""
    kb = kb or load_kb()
    text = doc_text(doc)
    toks = T.tokenize(text)
    ents = [(e.start_char, e.end_char, e.label_) for e in _ents(doc)]
    day = norm_date(date)
    hits = [h for h in (_in_office(h, day) for h in scan(kb, toks, common=_common_words(doc, toks)))
            if h is not None and _usable(h, toks, ents, doc) and not _titled_town(h, toks)]
    hits = _known_surnames(_without_name_parts(toks, hits))
    out: list[Actor] = []
    named: list[int] = []  # "President Laurent X" with an unknown name: the sentence's country
    far: list[int] = []  # "the government" whose closest earlier country is two sentences back or more
    places: list[int] = []  # "in the Saudi capital": a place's country, not a country the sentence is about
    located: list[tuple[int, str]] = []  # (start, country) of place names read as where something is ("in Idlib")
    sents = _sentence_starts(doc)
    for g in _group(text, toks, hits, _chunks(doc)):
        kinds = {h.kind for h in g.hits}
        if kinds <= {"modifier"}:
            continue
        if kinds <= GEO_ONLY and not g.hosted and not _acting(doc, toks, g):
            located += place_country(toks, g.lo, g.hits)
            continue
        if _describing(doc, toks, g, hits):
            continue
        g = _without_homograph_adjective(doc, toks, g, hits)
        lo = skip_quantifier(toks, g.lo, g.hi)
        start, end = toks[g.lo].start, toks[g.hi - 1].end
        span = Span(start, end, text[start:end])
        where = False
        if kinds <= {"adjective"}:
            words = span_tokens(doc, start, end)
            if place_demonym(doc, words):
                continue
            where = demonym_of_place(doc, words)
        body = state_body(toks, g.hi) if kinds <= {"country"} and not g.hosted else None
        if body is not None:  # "the Kenya Revenue Authority": a body of that state, GOV
            end = toks[body - 1].end
            span = Span(start, end, text[start:end])
        media = None  # the mention's spaCy tokens, read once when a code of it is a media sector
        ethnic = g.lo > 0 and toks[g.lo - 1].key in ETHNIC and g.hits[0].kind in ("adjective", "people") \
            and all(h.kind in ("sector", "modifier") for h in g.hits[1:])
        for code, sector, more, e in combine(toks, g.hits, lo, g.hi, date=day):
            if sector == "JRN" and media is None:
                media = span_tokens(doc, start, end)
            if sector == "JRN" and code not in INTERNATIONAL and channel(doc, media):
                continue
            if sector == "JRN" and describes_thing(media):
                if code is None:
                    continue
                sector, more = None, ()
            if ethnic:  # "ethnic Turks in Bulgaria": a people, not the state of that name; where they live
                code, sector, more, e = None, sector or "CVL", (), None
            if body is not None:
                sector = sector or "GOV"
            if code is None and e is None and _ngo(g):  # "a human rights group protested": no state's
                code = "NGO"
            if (code is None or sector == "BUS") and (e is None or e.kind != "org") and _mnc(toks, g):
                code, e = "MNC", None  # "the creditor banks agreed", "Zambia's creditors": firms of many states
            sector = "GOV" if g.hosted else sector  # the state that hosts a post, not the town's people
            if code is None:
                code, near = antecedent(out, toks, g.lo, sector, sents)
                if code is not None and not near:
                    far.append(len(out))
            if code is None and e is None and _titled_unknown(toks, g, hits, sector):
                named.append(len(out))
                span = _with_name(text, toks, g, span)
            name = e.name if e is not None else span.text
            if where:
                places.append(len(out))
            out.append(Actor(code, sector, name, span, e.id if e is not None else None, tuple(more)))
    sentence_country(out, named, sents, doc)
    _appositive_office(doc, out)
    pronouns = pronoun_mentions(kb, text, toks, out, sents) + it_subject_mentions(doc, out, sents)
    owned_by_anaphor(out, pronouns, text)
    fill_home(out, sents, text, far, places, located)
    out += pronouns
    return tuple(sorted(out, key=lambda a: (a.span.start, a.span.end)))


def _appositive_office(doc, out: list[Actor]) -> None:
    """A known person acts for the organisation or state its appositive names ("X, the United Nations
    relief coordinator, demanded ..."): that actor's code and sector, when the knowledge base gives the
    person no office at the date or one of another state (the text knows better than the data)."""
    for i, a in enumerate(out):
        if not (a.id or "").startswith("person:") or a.span is None:
            continue
        tok = spacy_token(doc, a.span.end - 1)
        apps = [c for c in tok.children if c.dep_ == "appos"] if tok is not None else []
        if not apps or apps[0].tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in apps[0].children) \
                or apps[0].left_edge.i > tok.i + 2:
            continue  # "X, his cronies, and their Russian allies": a list; "X and Y, who ..., back Z": not next to X
        lo, hi = apps[0].left_edge.idx, apps[0].right_edge.idx + len(apps[0].right_edge)
        office = next((b for b in out if b is not a and b.code and b.span is not None
                       and lo <= b.span.start and b.span.end <= hi and not (b.id or "").startswith("person:")), None)
        if office is not None and (not a.sector or office.code != a.code):
            out[i] = Actor(office.code, office.sector, a.name, a.span, a.id, office.sectors)


def _describing(doc, toks, g: _Group, hits) -> bool:
    """A lone sector word used as an adjective of a non-actor noun ("a general strike", "an official
    visit", "military exercises"): no actor."""
    if len(g.hits) != 1 or g.hits[0].kind != "sector" or g.hi - g.lo != 1 or toks[g.lo].cap:
        return False
    return _adjective_of_non_actor(doc, toks, g.lo, hits)


def _adjective_of_non_actor(doc, toks, i: int, hits) -> bool:
    """Does spaCy read token ``i`` as an adjective modifying a noun no hit covers?"""
    tok = spacy_token(doc, toks[i].start)
    if tok is None or tok.pos_ != "ADJ" or tok.dep_ != "amod":
        return False
    head = tok.head.idx
    return not any(toks[h.start].start <= head < toks[h.end - 1].end for h in hits)


def _without_homograph_adjective(doc, toks, g: _Group, hits) -> _Group:
    """The group without a last sector word read as an adjective of another sense, modifying a
    noun that is no actor ("President X's firm stance", "a Turkish general strike"). Adjectives
    that keep their sector ("Russia's military buildup") stay."""
    last = g.hits[-1]
    if len(g.hits) < 2 or last.kind != "sector" or last.end - last.start != 1 or toks[last.start].cap:
        return g
    if toks[last.start].key not in ADJECTIVE_HOMOGRAPHS or not _adjective_of_non_actor(doc, toks, last.start, hits):
        return g
    rest = g.hits[:-1]
    hi = max(h.end for h in rest)
    while hi > g.lo and toks[hi - 1].key == T.POSSESSIVE:
        hi -= 1
    return _Group(g.lo, hi, rest)


def _titled_unknown(toks, g: _Group, hits, sector: str | None) -> bool:
    """An office title directly before an unknown capitalised name ("President Laurent X")."""
    if sector not in INSTITUTIONS or g.hits[-1].kind != "sector" or g.hi >= len(toks):
        return False
    nxt = toks[g.hi]
    return nxt.cap and not nxt.upper and nxt.key.isalpha() and not any(h.start == g.hi for h in hits)


def _with_name(text: str, toks, g: _Group, span: Span) -> Span:
    """The title's span extended over the name after it (up to four capitalised words)."""
    j = g.hi
    while j < len(toks) and j < g.hi + 4 and toks[j].cap and toks[j].key.isalpha() \
            and text[toks[j - 1].end:toks[j].start] in (" ", "-"):
        j += 1
    return Span(span.start, toks[j - 1].end, text[span.start:toks[j - 1].end])
