"""Finding the toponyms of a parsed article: ``mentions(doc, gazetteer) -> [Mention]``.

Sources of mentions, each a name the gazetteer knows:
- spaCy's place entities (GPE, LOC, FAC), and organisation-like entities that are a place's
  name; inside other entities (persons, organisations), the longest known n-gram;
- outside any entity: countries, states and curated regions anywhere; a town when the text
  marks it as a place (a locative before it, an institution word after it: "Danbury
  police", a residence: "Jolly, 60, Lebanon"), else a "weak" mention kept only if the
  article's other places confirm it;
- newspaper datelines, "Town, ST", county lists, legislators' homes (``patterns.py``),
  compounds ("U.S.-led");
- the longest name the gazetteer knows: a mention the tagger cut short grows over the
  capitalised words and hyphens next to it ("Guinea-Bissau", "Democratic Republic of the Congo");
- every other occurrence of a name read as a place once (one sense per discourse).

Filters: streets ("Memphis St."), names the article gives a person ("Steele said"), common
words (``data/generic_words.txt``), a state inside a longer feature's name ("Lake Vermont").
Then the relations ``cues.py`` reads: apposition ("Paris, Texas"), municipal words ("Dublin City
Council"), state words ("New York Gov."), lists ("Oregon and Washington").
"""
from __future__ import annotations

import re
from dataclasses import replace

from detente import nlp
from detente.where import gazetteer as gz
from detente.where.cues import INSTITUTION, MUNICIPAL, alternation, marked as _marked, placed, relations
from detente.where.cues import residence as _residence
from detente.where.patterns import counties as _counties, datelines as _datelines, lookup as _lookup
from detente.where.patterns import party_homes as _party_homes, town_state as _town_state
from detente.where.resolve import Mention

__all__ = ["mentions"]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NAME_LABELS = {"ORG", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"}
BROAD = {"country", "state", "region", "province", "continent", "world-region", "sea", "historical"}
MAX_NGRAM = 6
_WORDS = [w.strip().lower() for w in (gz.DATA / "generic_words.txt").read_text(encoding="utf-8").splitlines()
          if w.strip() and not w.startswith("#")]
GENERIC_WORDS = frozenset(w.lstrip("! ") for w in _WORDS)
NEVER_PLACES = frozenset(w.lstrip("! ") for w in _WORDS if w.startswith("!"))
COMPOUND = re.compile(r"(?<![\w.-])((?:[A-Z][\w'’]*\s)?[A-Z][\w.'’]*?)-(?:led|backed|based|born|controlled|run|held|"
                      r"funded|owned|sponsored|brokered|allied|bound|made|area)\b")
# the words that make a region's or country's name a feature's ("Lake Ontario"; data/words.yaml)
FEATURE_AFTER = re.compile(rf"\s(?:{alternation('region_feature_after')})\b")
FEATURE_BEFORE = re.compile(rf"\b(?:{alternation('region_feature_before')})\s+$")
COUNTY_NAME = re.compile(r"\s(?:County|Parish|Co\.)$")
STREET = re.compile(rf"\s(?:{alternation('street_words')})(?!\w)")
# the head noun of a building's, business's or institution's name, after a town name and up to three more
# capitalised words ("Winslow Court Towers", "Kenwood Lane Elementary School", "Ashford Farms")
FACILITY_HEAD = (r"(?:Apartments|Apts\.|Hospital|Medical Cent(?:er|re)|Health Cent(?:er|re)|Clinic|High School|"
                 r"Middle School|Elementary School|Elementary|Primary School|School|Academy|College|University|"
                 r"Church|Chapel|Cathedral|Mall|Plaza|Shopping Cent(?:er|re)|Hotel|Inn|Motel|Lodge|Building|Towers?|"
                 r"Estates|Homes|Farms?|Ranch|Restaurant|Cafe|Café|Market|Stadium|Arena|Cemetery|Country Club|"
                 r"Golf Course|Club|Museum|Library|Theat(?:er|re)|Park|Company|Inc\.|Corp\.|LLC)")
# (the head ends the name: "Lakeview School Board", "Lakeview School District" are the town's institutions)
FACILITY_AFTER = re.compile(r"(?:\s+[A-Z][\w'’.-]*){0,3}?\s+" + FACILITY_HEAD + r"(?![\w-])(?!\s+[A-Z])")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = re.match(r"(?:the|The)\s+", text[start:end])
    if m and end - start > m.end():
        start += m.end()
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def _generic(text: str, cands) -> bool:
    """A common word that is also the name of some town ("the West", "Union", "Metro")."""
    return text.lower() in GENERIC_WORDS and all(c.kind in ("city", "county", "locality") for c in cands)


def _town_words(body: str, start: int, end: int) -> bool:
    """Words around a common word that make it a town's name: "Concord police", "in
    Independence", "a Concord resident"."""
    if body[start:end].lower() in NEVER_PLACES:
        return False
    return (_marked(body, start, end) or INSTITUTION.match(body, end) is not None
            or MUNICIPAL.match(body, end) is not None or _residence(body, start, end))


def mentions(doc, gaz: gz.Gazetteer) -> list:
    """The toponym mentions of a parsed article, sorted by offset."""
    out: list = []
    body = nlp.doc_text(doc)  # Doc.text joins every token: built once per Doc
    ents = nlp.doc_ents(doc)  # each Doc.ents builds the spans anew
    grown_to = 0
    for ent in ents:
        if ent.start_char < grown_to:
            continue
        start, end = _trim(body, ent.start_char, ent.end_char)
        if body[end:end + 1] == "." and gaz.lookup(body[start:end + 1]):  # "Ont.", "Ky."
            end += 1
        compound = COMPOUND.fullmatch(body, start, end)
        if compound:  # "U.S.-led"
            end = compound.end(1)
        if _municipal_city(body, start, end):  # "Dublin City" of "Dublin City Manager" is Dublin
            stem = body[start:end].rsplit(None, 1)[0]
            if gaz.lookup(stem) and set(gaz.lookup(body[start:end])) <= set(gaz.lookup(stem)):
                end = start + len(stem)
        text = body[start:end]
        if ent.label_ in ("NORP", "LANGUAGE"):
            region = gaz.demonyms.get(gz.fold(text))
            if region:
                out.append(Mention(start, end, text, (), demonym=region))
            elif any(c.population >= 100_000 for c in gaz.lookup(text)):  # a city taken for a group
                out.append(Mention(start, end, text, gaz.lookup(text)))
            else:
                out.extend(_inner(body, gaz, ent))
            continue
        cands = _unless_street(_lookup(gaz, text), body, end)
        if _generic(text, cands) and not _town_words(body, start, end):
            continue
        if ent.label_ in PLACE_LABELS or (ent.label_ in NAME_LABELS and cands):
            if cands:
                weak = ent.label_ in NAME_LABELS and not (_accept(cands, True, body[end:end + 40]) or _marked(body, start, end))
                out.append(Mention(start, end, text, cands, weak=weak))
                continue
            region = gaz.demonyms.get(gz.fold(text))
            if region and ent.label_ == "GPE":
                out.append(Mention(start, end, text, (), demonym=region))
                continue
            longer = _grown_right(body, gaz, start, end) if ent.label_ in PLACE_LABELS else None
            if longer:  # the tagger stopped short: "Fort St." + "John"
                out.append(longer)
                grown_to = longer.end
                continue
        street = STREET.search(body, start, end + 1)
        if street and street.end() >= end:
            continue  # "Rest Acres Road", "King Edward Street": a street, whatever town it is named after
        if ent.label_ in PLACE_LABELS or ent.label_ in NAME_LABELS or ent.label_ == "PERSON":
            out.extend(_inner(body, gaz, ent))
    taken = [(m.start, m.end) for m in out] + [
        (e.start_char, e.end_char) for e in ents if e.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")]
    out.extend(_loose(doc, body, gaz, taken))
    out.extend(_compounds(body, gaz, taken + [(m.start, m.end) for m in out]))
    out = _not_features(_not_persons(out, ents, body), body)
    out = _without_overlaps(out, _datelines(body, gaz) + _counties(body, gaz) + _party_homes(body, gaz))
    out = _longest(body, gaz, out)
    out = _facility_names(body, out)
    out.extend(_town_state(body, gaz, out))
    out.extend(same_name(body, out))
    out = water_short_forms(body, out)
    out.sort(key=lambda m: m.start)
    return relations(body, ents, out)


# words that may join a mention to a longer name: capitalised words, "of (the)", hyphens
_LEFT_WORDS = re.compile(r"(?:(?<![\w.'’-])[A-Z][\w'’]*\.?(?:\s+|-)(?:(?:of|the|de|du|del|da|do)\s+)*){1,4}$")
_NOT_GROWN = re.compile(r"(?:The|A|An|In|At|On|For|(?:City|Town|Village|Borough|County|Township) of)\s")
_RIGHT_WORDS = re.compile(r"(?:(?:\s+(?:(?:of|the|de|du|del|da|do)\s+)*|-)[A-Z][\w'’]*\.?){1,4}")
_RIGHT_WORD = re.compile(r"[A-Z][\w'’]*\.?")


def _grown_right(body: str, gaz, start: int, end: int):
    """A place entity the gazetteer does not know, grown over the capitalised words after it
    into a name it knows ("Fort St." + "John"), longest first; else None."""
    ends = _right_ends(body, end)
    if not ends or _NOT_GROWN.match(body, start, end + 1):
        return None
    for stop in ends:
        found = _known(gaz, body, start, stop)
        if found:
            stop, cands = found
            return Mention(start, stop, body[start:stop], cands)
    return None


def _right_ends(body: str, end: int) -> list:
    """The offsets where the capitalised words right after ``end`` could end a name, farthest first."""
    rights = _RIGHT_WORDS.match(body, end)
    return [end + w.end() for w in _RIGHT_WORD.finditer(rights.group(0))][::-1] if rights else []


def _known(gaz, body: str, start: int, end: int):
    """(end, candidates) of ``body[start:end]`` as a name the gazetteer knows, read without its
    full stop when only that is known ("Fort St. John." / "Fort St."); None when unknown."""
    cands = _lookup(gaz, body[start:end])
    if cands:
        return end, cands
    text = body[start:end].rstrip(".")
    cands = _lookup(gaz, text)
    return (start + len(text), cands) if cands else None


def _municipal_city(body: str, start: int, end: int) -> bool:
    """Whether ``body[start:end]`` ends in "City" of a municipal institution ("Dublin City Council")."""
    city = re.search(r"\s(?:City|Town|Village)$", body[start:end])
    return city is not None and MUNICIPAL.match(body, end - len(city.group(0))) is not None


def _longest(body: str, gaz, found: list) -> list:
    """The longest name the gazetteer knows wins: a mention the tagger cut short ("Congo" in
    "Democratic Republic of the Congo", "Guinea" and "Bissau" in "Guinea-Bissau") grows over
    the capitalised words, hyphens and "of the" next to it; the mentions it covers go. A longer
    name that is only another name of some of the same places ("Dublin City") says nothing more."""
    out, grown = [], []
    for m in found:
        if any(g[0] <= m.start and m.end <= g[1] for g in grown):
            out.append(m)
            continue
        best = None
        left = _LEFT_WORDS.search(body, max(0, m.start - 60), m.start)
        starts = [m.start]
        if left:
            starts = [left.start() + w.start() for w in re.finditer(r"(?<![\w.'’-])[A-Z]", left.group(0))] + starts
        ends = _right_ends(body, m.end) + [m.end]
        for start in starts:
            for end in ends:
                if (start, end) == (m.start, m.end) or _NOT_GROWN.match(body, start, m.start) or (
                        end > m.end and _municipal_city(body, m.end, end)):
                    continue  # "The Washington", "City of Richmond", "Dublin City Council"
                known = _known(gaz, body, start, end)
                if known is None:
                    continue
                stop, cands = known
                if not _unless_street(cands, body, stop):
                    continue  # not grown into a street's name ("Lone" + "Oak Road")
                if m.demonym and not any(c.kind in BROAD for c in cands):
                    continue  # "French" grows into "French Guiana", not into a town ("American Fork")
                if not set(cands) <= set(m.candidates) and (best is None or stop - start > best[1] - best[0]):
                    best = (start, stop, body[start:stop], cands)
        if best:
            grown.append(best)
        else:
            out.append(m)
    if not grown:
        return found
    out = [m for m in out if not any(g[0] < m.end and m.start < g[1] for g in grown)]
    return out + [Mention(s, e, t, c) for s, e, t, c in dict.fromkeys(grown)]


def _not_features(found: list, body: str) -> list:
    """A state's or country's name that is part of a longer feature's name the gazetteer
    lacks ("Lake Vermont", "Gulf of Alaska", "Kansas Ridge") is not that place (a town's
    name is kept: rivers and lakes named like a town are mostly near it)."""
    return [m for m in found if m.demonym or not any(c.kind in BROAD - {"province"} for c in m.candidates) or not (
        FEATURE_AFTER.match(body, m.end) or FEATURE_BEFORE.search(body[max(0, m.start - 12):m.start])
        or re.match(r"\s+of\s+[A-Z]", body[m.end:m.end + 6]))]


def _not_persons(found: list, ents, body: str) -> list:
    """A one-word town name that the article also writes as part of a person's name
    ("Christopher Steele" ... "Steele said") is that person, unless the text marks it as a place."""
    persons = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.text[:1].isupper()}
    return [m for m in found if m.demonym or " " in m.text or m.text not in persons
            or any(c.kind in BROAD for c in m.candidates) or placed(body, m.start, m.end)
            or INSTITUTION.match(body, m.end)]


def _facility_names(body: str, found: list) -> list:
    """A town's name that begins the name of a building, business or institution ("Winslow Court
    Towers", "Kenwood Lane Elementary School", "Ashford Farms") is often a person's or an invented
    name, not the town: such a mention is weak (kept when the article's other places confirm it,
    as "Conroe Regional Hospital" in news from Conroe, Texas). Only names whose every candidate is a
    town of fewer than 100,000 inhabitants: not a county's name ("Polk County Circuit Court", or a
    bare county name: a name a county bears is the region's own), a broader place's ("Iowa State
    University") or a big town's ("Fresno Community Hospital": a big town's name is the town's, as
    ``_accept`` reads it). On the tune parts, taking names with a county among their candidates lost
    five LGL toponyms (a weak state capital took the context of the article's other towns with it)."""
    out = []
    for m in found:
        if (not m.weak and not m.demonym and m.candidates
                and all(c.kind in ("city", "locality") and c.population < 100_000 for c in m.candidates)
                and _facility_after(body, m.end)):
            m = replace(m, weak=True)
        out.append(m)
    return out


def _facility_after(body: str, end: int) -> bool:
    """Whether the words after ``end`` end a facility's name on the same line ("… Court Towers")."""
    hit = FACILITY_AFTER.match(body, end)
    return hit is not None and "\n" not in hit.group(0)


def _unless_street(cands: tuple, body: str, end: int) -> tuple:
    """A town's name before "Road", "St." names a street ("Memphis St.", "Dublin Road")."""
    if cands and STREET.match(body, end) and all(c.kind in ("city", "locality") for c in cands):
        return ()
    return cands


def _without_overlaps(found: list, stronger: list) -> list:
    """``stronger`` mentions replace the ones they overlap."""
    if not stronger:
        return found
    kept = [m for m in found if not any(m.start < s.end and s.start < m.end for s in stronger)]
    return kept + stronger


_WATER_NAME = re.compile(r"(?:River|Lake) (?P<a>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)|"
                         r"(?P<b>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?) (?:River|Creek)")


def water_short_forms(text: str, found: list) -> list:
    """A river or lake the article names in full is the same water where it writes "the" and its short name
    ("the Brazos River" ... "the Brazos"; not without "the": "Brazos officials"): such a mention is added,
    or, found already as a town of the name, read as the water."""
    known = {}
    for m in found:
        name = _WATER_NAME.fullmatch(m.text)
        if name and m.candidates and all(c.kind == "water" for c in m.candidates):
            known.setdefault(name.group("a") or name.group("b"), (m.candidates, m.weak))
    if not known:
        return found
    out = list(found)
    at = {(m.start, m.end): i for i, m in enumerate(out)}
    for short, (cands, weak) in known.items():
        for hit in re.finditer(r"\b[Tt]he (" + re.escape(short) + r")(?!-?\w)(?! [A-Z])", text):
            start, end = hit.span(1)
            if (start, end) in at:
                out[at[start, end]] = replace(out[at[start, end]], candidates=cands, weak=weak)
            elif not any(start < m.end and m.start < end for m in out):
                at[start, end] = len(out)
                out.append(Mention(start, end, short, cands, weak=weak))
    return out


def same_name(text: str, found: list) -> list:
    """One sense per article: a name read as a place once is a place wherever else it is
    written ("Greer" tagged as a person in one sentence, "Watertown-ML" inside a team name,
    "HARWINTON" in the dateline)."""
    known = {}
    for m in found:
        if m.candidates and not m.demonym and not m.weak and len(m.text) > 3 and m.text[:1].isupper():
            known.setdefault(m.text.lower(), m.candidates)
    if not known:
        return []
    taken = [(m.start, m.end) for m in found]
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True)) + r")(?![\w])",
                         re.I)
    out = []
    for hit in pattern.finditer(text):
        start, end = hit.span()
        word = hit.group(0)
        if not (word[:1].isupper()) or any(start < e and s < end for s, e in taken):
            continue
        if not _unless_street(known[word.lower()], text, end):
            continue
        out.append(Mention(start, end, word, known[word.lower()]))
        taken.append((start, end))
    return out


def _accept(cands, strict: bool, followed_by: str = "") -> bool:
    """Whether a name found inside another name (or outside any entity) is a toponym."""
    if any(c.kind in BROAD and c.kind != "province" for c in cands) or any(
            c.kind in ("county", "water") and " " in c.name for c in cands):  # "Brazos River", "Lake Ontario"
        return True  # a first-level region from the GeoNames extract ("Saint Michael", "Nelson") needs more
    if not strict:
        return True
    towns = [c for c in cands if c.kind in ("city", "county")]
    return bool(towns) and (max(c.population for c in towns) >= 100_000
                            or INSTITUTION.match(followed_by) is not None)


def _ngrams(body: str, tokens, gaz, strict: bool, weak: bool = False) -> list:
    """Longest capitalised n-grams among ``tokens`` that the gazetteer knows."""
    out, i = [], 0
    # a token's first character read from the text (a Token's text is a new string on every access; a token is
    # never empty, so body[idx] is its text[:1]); its index once
    caps = [body[t.idx:t.idx + 1].isupper() for t in tokens]
    index = [t.i for t in tokens] if any(caps) else []
    while i < len(tokens):
        if not caps[i]:
            i += 1
            continue
        tok = tokens[i]
        if tok.is_stop and tok.text.lower() != "us":
            i += 1
            continue
        for n in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
            if not caps[i + n - 1] or index[i + n - 1] - index[i] != n - 1:
                continue
            span = tokens[i:i + n]
            start, end = span[0].idx, span[-1].idx + len(span[-1].text)
            if (n > 1 and span[-1].text in ("City", "Town", "Village")
                    and MUNICIPAL.match(body, span[-2].idx + len(span[-2].text))
                    and set(gaz.lookup(body[start:end])) <= set(gaz.lookup(body[start:span[-2].idx + len(span[-2].text)]))):
                continue  # "Dublin City Council" is Dublin's council ("Iowa City Council" is Iowa City's)
            if body[end:end + 1] == "." and gaz.lookup(body[start:end + 1]):  # "Man.", "Ky."
                end += 1
            text = body[start:end]
            known = _lookup(gaz, text)
            cands = _unless_street(known, body, end)
            if known and not cands:  # the words of a street's name name no place ("Lone Oak Road")
                i += n
                break
            if cands and not (_generic(text, cands) and not _town_words(body, start, end)):
                if _accept(cands, strict, body[end:end + 40]) or _marked(body, start, end):
                    out.append(Mention(start, end, text, cands))
                    i += n
                    break
                if gaz.demonyms.get(gz.fold(text)) is not None:  # "Canadian Coast Guard": not Canadian, Texas
                    out.append(Mention(start, end, text, (), demonym=gaz.demonyms[gz.fold(text)]))
                    i += n
                    break
                if weak and len(text) > 3:  # kept only if near the article's other places
                    out.append(Mention(start, end, text, cands, weak=True))
                    i += n
                    break
            region = gaz.demonyms.get(gz.fold(text))
            if region is not None:
                out.append(Mention(start, end, text, (), demonym=region))
                i += n
                break
        else:
            i += 1
    return out


def _inner(body: str, gaz, ent) -> list:
    """Known names inside another entity. The tagger often takes a town for a person
    ("Clinton", "Calais"), but a person's name holds place names too ("George Bush", "Jack
    London"): inside a person's name of several words, a place name is weak (kept if confirmed)."""
    found = _ngrams(body, list(ent), gaz, strict=True, weak=True)
    if ent.label_ == "PERSON":
        whole = len(found) == 1 and (found[0].start, found[0].end) == _trim(body, ent.start_char, ent.end_char)
        found = [m if m.demonym or whole or COUNTY_NAME.search(m.text) or _named_country(m)
                 or _PREPOSITION_BEFORE.search(body, ent.start_char, m.start) else replace(m, weak=True)
                 for m in found if m.demonym or whole or len(m.text) > 3]
    return found


# a preposition inside a tagged person's name ends the name: "The Lamb in Ashby", "Roe of Ashby"
_PREPOSITION_BEFORE = re.compile(r"\s(?:in|of|at|from|near)\s+$")


def _named_country(m) -> bool:
    """A country named in several words ("Sri Lanka", "New Zealand") is no part of a person's name."""
    return " " in m.text.strip() and any(e.kind == "country" for e in m.candidates)


def _loose(doc, body: str, gaz: gz.Gazetteer, taken) -> list:
    """Names outside the entities: countries, regions and states anywhere; a town marked
    as a place by the words around it, or weak."""
    covered = bytearray(len(body) + 1)
    for s, e in taken:
        covered[s:e] = b"\x01" * (e - s)
    free = [t for t in doc if not covered[t.idx]]
    out = []
    for m in _ngrams(body, free, gaz, strict=True, weak=True):
        if m.weak and re.search(r"(?:^|[.!?\n\"“:]\s*)$", body[max(0, m.start - 3):m.start]) and len(
                re.findall(r"(?<![\w-])" + re.escape(m.text) + r"(?![\w-])", body)) < 2:
            continue  # a capital at the start of a sentence says nothing, unless the name comes back
        out.append(m)
    return out


def _compounds(body: str, gaz, taken) -> list:
    """A place before '-led', '-backed', '-based' in one token: 'U.S.-led', 'Kyiv-based'."""
    out = []
    for m in COMPOUND.finditer(body):
        start, end = m.span(1)
        if any(start < e and s < end for s, e in taken):
            continue
        name = m.group(1)
        cands = _lookup(gaz, name)
        if cands and (_accept(cands, True) or not _generic(name, cands)):
            out.append(Mention(start, end, name, cands))
        elif gaz.demonyms.get(gz.fold(name)):
            out.append(Mention(start, end, name, (), demonym=gaz.demonyms[gz.fold(name)]))
    return out
