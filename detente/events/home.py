"""The one country a sentence is about, and the parties it codes: an uncoded party ("the President", "elders",
"gunmen") in a sentence that names one country only is of that country (parties.context_source, and the trained
coder's reading.context_codes), with the exceptions that keep a dyad honest: not the other side's own country
unless the sectors differ (a domestic event), not an armed attacker's country for its victims, not the places of
a verbal act's own locative phrases (where it was said), not the country of a reporting frame's speaker.
"""
from __future__ import annotations

import dataclasses

from ..actors.context import HOME_SECTORS
from ..nlp import span_ents
from . import locations as L
from .modality import cues

CLAUSE_UP = frozenset({"acl", "xcomp", "nsubj", "nsubjpass", "dobj", "pobj", "prep", "pcomp", "compound", "amod",
                       "attr", "dative", "appos", "poss", "nmod"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "SPY", "LEG"})  # a state's own organs

class SentenceCountries:
    """The one country a sentence is about, if it names only one: countries (not international codes) of its
    actors, and (for a target) of the place names in the event's own clause, leaving out an attribution ("a spokeswoman for the
    U.S. embassy said", "according to Pentagon sources") that does not name the event's own source. Computed when
    first asked."""

    def __init__(self, sent, index):
        self.sent, self.index, self._coded = sent, index, None

    def _countries(self):
        if self._coded is None:
            self._coded = {t.idx: a.code for t in self.sent if (a := self.index.by_token.get(t.i)) is not None
                           and L.national(a.code)}
            self._places = []  # (token index, country) of place names where something is, not moved to or from
            for ent in span_ents(self.sent):
                moved = ent.root.dep_ == "pobj" and ent.root.head.lower_ in L.words()["direction_preps"]
                if ent.label_ in ("GPE", "LOC") and not moved and not any(t.i in self.index.by_token for t in ent):
                    hit = L.kb_place(ent.text[4:] if ent.text.lower().startswith("the ") else ent.text)
                    if hit is not None:
                        self._places.append((ent.root, hit[0]))
            self._framed = _attribution(self.sent)
        return self._coded, self._framed

    def home(self, c, besides=(), places=False, said=False):
        """The one country, not counting mentions inside the ``besides`` actors' spans; with ``places``, counting
        the place names of the event's clause (they say where a target is, not whose a source is: "opposition
        groups boycotted a summit in Sochi"); with ``said`` (a verbal act) not those of the trigger's own
        locative phrases, which say where it was said ("criticised the rebels at a news conference in X")."""
        coded, framed = self._countries()
        clause = _clause(c.tok)
        named = list(coded.items()) + [(t.idx, code) for t, code in self._places if places
                                       and clause.left_edge.i <= t.i <= clause.right_edge.i
                                       and not (said and _adjunct_of(t, c.tok))]
        spans = [a.span for a in besides if a.span is not None]
        named = [(x, code) for x, code in named if not any(sp.start <= x < sp.end for sp in spans)]
        own = {a.span.start for a in c.source if a.span is not None}
        frames = [(lo, hi) for lo, hi in framed if not any(lo <= x < hi for x in own)]
        inner = {code for x, code in named if not any(lo <= x < hi for lo, hi in frames)}
        inner = inner or ({code for _, code in named} if not besides else set())
        return next(iter(inner)) if len(inner) == 1 else None


def _adjunct_of(t, trigger) -> bool:
    """Does ``t`` stand in a locative phrase of the trigger itself ("said at a meeting in X", "said in X")?"""
    for _ in range(12):
        if t.head.i == t.i or t.i == trigger.i:
            return False
        if t.dep_ == "prep" and t.head.i == trigger.i:
            return t.lower_ in L.words()["place_preps"]
        t = t.head
    return False


def _clause(tok):
    """The clause an event is stated in: up from the trigger through its phrases and non-finite clauses, not out
    of a relative or reported clause ("an attempt to assassinate X was thwarted in Y": the thwarting clause)."""
    t = tok
    for _ in range(12):
        if t.head.i == t.i or t.dep_ not in CLAUSE_UP:
            break
        t = t.head
    return t


def _attribution(sent) -> list:
    """Character ranges of the sentence's attributions: subjects of reporting verbs, "according to" phrases."""
    reporting = cues()["reporting"]["verbs"]
    out = []
    for t in sent:
        if t.lemma_.lower() in reporting and any(c.dep_ in ("ccomp", "parataxis") for c in t.children):
            out += [(s.left_edge.idx, s.right_edge.idx + len(s.right_edge)) for s in t.children if s.dep_ == "nsubj"]
        elif t.lower_ == "according" and t.dep_ == "prep":
            out.append((t.left_edge.idx, t.right_edge.idx + len(t.right_edge)))
    return out


def source_home(c, countries):
    """The one country of an uncoded source, not taken from its own target when that would make the event the
    target's act on itself: "officials held talks with Russia" is not Russia's; "the government arrested Turkish
    journalists" stays Turkey's (a domestic event: the sectors differ)."""
    home = countries.home(c)
    src_sector = c.source[0].sector if c.source else None
    if home is not None and any(a.code == home and not _domestic(src_sector, a.sector) for a in c.target):
        home = countries.home(c, [a for a in c.target if a.code])
    return home


def _domestic(uncoded_sector, coded_sector) -> bool:
    """May an uncoded party of this sector share the country of the other side's coded party of that sector: a
    home sector (context.HOME_SECTORS: police, protesters, the opposition; not companies, journalists or
    refugees, as often foreign) different from the other's."""
    return bool(uncoded_sector and coded_sector) and uncoded_sector != coded_sector and uncoded_sector in HOME_SECTORS


def target_home(c, countries, armed: bool, placed: bool = True):
    """The one country of an uncoded target, counting the place names of the event's clause; not the source's own
    when the target would then be the source itself ("Turkey backs a rebel army": not Turkey's rebels; "Egyptian
    police arrested demonstrators": Egypt's, the sectors differ), nor an armed attacker's (the victims of
    violence do not take their attacker's country). With ``placed`` false (a verbal act), the places of the
    trigger's own prepositional phrases say where it was said, not whose the target is."""
    if armed:
        return countries.home(c, c.source, places=True, said=not placed)
    home = countries.home(c, places=True, said=not placed)
    tgt_sector = c.target[0].sector if c.target else None
    if home is not None and any(a.code == home and not _domestic(tgt_sector, a.sector)
                                and not _state_at_home(tgt_sector, a) for a in c.source):
        home = countries.home(c, [a for a in c.source if a.code], places=True, said=not placed)
    return home


def _state_at_home(uncoded_sector, source) -> bool:
    """An organ of a state acts on someone of no known sector in a sentence about that state only: "British police
    arrested a preacher", "the government stripped him of his citizenship" (a domestic event: its people)."""
    return uncoded_sector is None and source.sector in STATE_SECTORS


def home_party(a, home, other):
    """An uncoded party given the sentence's country ``home``; when that is the country of a state organ on the
    other side and the party has no sector, it is that country's people (CVL: a domestic event)."""
    sector = a.sector
    if sector is None and any(o.code == home and _state_at_home(None, o) for o in other):
        sector = "CVL"
    return dataclasses.replace(a, code=home, sector=sector)
