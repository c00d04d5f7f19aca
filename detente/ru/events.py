"""The Russian event coder: a natasha-parsed Doc and its actor mentions in, PLOVER events out.

Triggers come from a predicate lexicon (``data/predicates.tsv``: lemmas of verbs and nouns, and light verb +
noun pairs such as "ввести санкции", "нанести удар"). Parties come from the Universal Dependencies parse:
``nsubj`` is the source (with its ``conj``), ``nsubj:pass`` the target, ``obl:agent`` / an instrumental agent
of a passive the source; ``obj``, ``iobj`` and ``obl`` with "с", "против", "по", "к", "в отношении" the
target; a noun trigger takes its genitive ``nmod`` ("визит Алиева") as source and its prepositional ``nmod``
("санкции против Ирана") as target, and the parties of the verb it is the object of. An act embedded under
another ("призвал вывести", "договорились возобновить", "отказалась присоединиться") takes the addressee or
the subject as its source and the modality its governor gives it. "X заявил, что Y обстрелял Z" where X and Y
are different countries is Y's act as X's claim, and X's accusation of Y.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from detente.events.ontology import score
from detente.model import Actor, Event, Evidence, Span
from detente.ru.actors import PLACES_KEY
from detente.ru.modality import modality
from detente.ru.syntax import case_word

VERSION = "0.1.0"
CODER = f"detente.ru.events@{VERSION}"
DATA = Path(__file__).parent / "data"

TARGET_CASES = frozenset({"с", "со", "против", "по", "к", "ко", "для", "перед", "над", "от"})
VISIT_CASES = frozenset({"в", "во", "на"})
VISIT_LEMMAS = frozenset({"посетить", "визит", "прибыть", "приехать", "нанести"})
HOSTING = frozenset({"принять", "принимать"})
SPEECH = frozenset({"заявить", "сообщить", "утверждать", "говорить", "сказать", "заявлять", "сообщать",
                    "обвинить", "обвинять", "настаивать", "отметить", "подчеркнуть"})
EMBEDDING = frozenset({"REQUEST", "THREATEN", "REJECT", "AGREE"})
CONFLICT = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN"})
NOUN_DEPS = frozenset({"obj", "nsubj", "ROOT", "nsubj:pass", "obl", "conj", "appos", "parataxis", "nmod"})
INTERNATIONAL = frozenset({"UNO", "EUR", "IGO", "NGO", "MNC"})


@dataclass(frozen=True)
class Predicate:
    event: str
    mode: Optional[str]
    cameo: Optional[str]


@dataclass
class Cand:
    tok: object
    pred: Predicate
    words: list  # token indices of the trigger
    source: list = field(default_factory=list)
    target: list = field(default_factory=list)
    modality: str = "asserted"
    governor: object = None  # Cand this one is embedded under
    reporter: object = None


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    out = {}
    with open(DATA / "predicates.tsv", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            cols = (line.rstrip("\n").split("\t") + ["", "", "", ""])[:4]
            key, event, mode, cameo = (c.strip() for c in cols)
            out[key.replace("ё", "е")] = Predicate(event, mode or None, cameo or None)
    learned = DATA / "learned_predicates.tsv"  # from the corpus's tune part (tools/train_ru.py); hand entries win
    if learned.exists() and os.environ.get("DETENTE_RU_LEARNED", "1") != "0":
        with open(learned, encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    lemma, event, mode = (line.rstrip("\n").split("\t") + ["", "", ""])[:3]
                    out.setdefault(lemma.replace("ё", "е"), Predicate(event, mode or None, None))
    return out


def _lemma(tok) -> str:
    return tok.lemma_.lower().replace("ё", "е")


class ActorIndex:
    def __init__(self, doc, actors):
        self.by_tok: dict[int, Actor] = {}
        self.all_at: dict[int, list] = {}
        for a in list(actors) + list(doc.user_data.get(PLACES_KEY, ())):
            span = doc.char_span(a.span.start, a.span.end, alignment_mode="expand") if a.span else None
            if span is None:
                continue
            for t in span:
                self.by_tok.setdefault(t.i, a)
                self.all_at.setdefault(t.i, []).append(a)
        self.places = {id(a) for a in doc.user_data.get(PLACES_KEY, ())}

    def of(self, tok, places: bool = False) -> list:
        """The actors a phrase headed by ``tok`` names: its own, else in its nominal dependents, with its
        coordinated phrases."""
        out = []
        for t in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
            a = self._one(t, places) or self._placed(t)
            if a is not None and a not in out:
                out.append(a)
                out += [b for b in self.all_at.get(t.i, ()) if b not in out and b.code != a.code
                        and id(b) not in self.places]
                # "Министры иностранных дел Армении и Азербайджана": the coordinated names inside the phrase
                for i, b in self.by_tok.items():
                    if b is a and i < len(t.doc):
                        for c in t.doc[i].children:
                            if c.dep_ == "conj" and c.i in self.by_tok and self.by_tok[c.i] not in out \
                                    and id(self.by_tok[c.i]) not in self.places:
                                out.append(self.by_tok[c.i])
        return out

    def _placed(self, tok, depth: int = 0):
        """People named by where they are ("стороны конфликта в Судане", "жители в Тбилиси"): the place's
        country, with no sector."""
        if depth > 2 or tok.pos_ not in ("NOUN", "PRON"):
            return None
        for c in tok.children:
            if c.dep_ == "nmod":
                if case_word(c) in ("в", "во", "на") and c.i in self.by_tok and id(self.by_tok[c.i]) in self.places:
                    p = self.by_tok[c.i]
                    return Actor(p.code, None, p.name, p.span)
                if not case_word(c):
                    found = self._placed(c, depth + 1)
                    if found is not None:
                        return found
        return None

    def _one(self, tok, places, depth: int = 0):
        a = self.by_tok.get(tok.i)
        if a is not None and (places or id(a) not in self.places):
            return a
        if depth > 2:
            return None
        for c in tok.children:  # "сотрудников посольства России": through genitives and modifiers
            if c.dep_ in ("nmod", "appos", "amod", "flat", "flat:name") and (
                    c.dep_ != "nmod" or case_word(c) in ("", "с", "против", "для")):
                a = self._one(c, places, depth + 1)
                if a is not None:
                    return a
        return None


def _triggers(sent, lex) -> list:
    out, used = [], set()
    for tok in sent:
        if tok.i in used or tok.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN"):
            continue
        lem = _lemma(tok)
        pred, words = None, [tok.i]
        verb = tok.pos_ == "VERB" or (tok.pos_ == "PROPN" and tok.i == tok.sent.start  # "Вышлет ли ...?"
                                      and any(c.dep_ in ("nsubj", "obj") for c in tok.children))
        if verb and "Part" in tok.morph.get("VerbForm") and tok.dep_ in ("nsubj", "obj", "obl", "nmod", "iobj"):
            continue  # a participle used as a noun names people ("против протестующих"), not an act
        if verb or tok.pos_ == "ADJ":
            for c in tok.children:
                if c.dep_ in ("obj", "obl", "nsubj:pass", "xcomp", "iobj") or c.dep_ == "advmod":
                    p = lex.get(f"{lem}+{_lemma(c)}")
                    if p is None and c.dep_ == "obl":  # "ввести комендантский час": the noun's amod
                        p = next((lex.get(f"{lem}+{_lemma(g)}") for g in c.children if g.dep_ == "amod"
                                  and lex.get(f"{lem}+{_lemma(g)}")), None)
                    if p is None:
                        p = next((lex.get(f"{lem}+{_lemma(g)}") for g in c.children if g.dep_ == "amod"
                                  and lex.get(f"{lem}+{_lemma(g)}")), None)
                    if p is not None:
                        pred, words = p, [tok.i, c.i]
                        break
            if pred is None and verb:
                pred = lex.get(lem)
        elif tok.pos_ == "NOUN":
            pair = next(((lex[f"{lem}+{_lemma(c)}"], c.i) for c in tok.children
                         if c.dep_ in ("nmod", "amod") and f"{lem}+{_lemma(c)}" in lex), None)
            p = pair[0] if pair else lex.get(lem)
            if p is not None and _noun_event(tok, lex):
                pred = p
                if pair:
                    words = [tok.i, pair[1]]
        if pred is not None:
            used.update(words)
            out.append(Cand(tok, pred, words))
    return out


def _noun_event(tok, lex) -> bool:
    """A noun names an act here: it heads the sentence or a subject/object, or follows "после"/"в ходе"."""
    if tok.dep_ not in NOUN_DEPS:
        return False
    head = tok.head
    if head is not tok and _lemma(head) in lex and f"{_lemma(head)}+{_lemma(tok)}" in lex:
        return False  # the object of a light verb: the pair codes it
    if tok.dep_ == "nmod" and not any(c.dep_ == "case" for c in tok.children):
        return False  # "линия прекращения огня": a modifier
    if case_word(tok) in ("о", "об", "обо") and tok.head.pos_ != "VERB":
        return False  # a topic ("меморандум о поставках", "сообщения о нападении"), not an act told here
    return True


def _parties(c: Cand, index: ActorIndex) -> None:
    tok = c.tok
    src, tgt = [], []
    passive = any(ch.dep_ in ("nsubj:pass", "aux:pass") for ch in tok.children) or "Pass" in tok.morph.get("Voice")
    for ch in tok.children:
        d = ch.dep_
        if d == "nsubj":
            src += index.of(ch)
        elif d == "nsubj:pass":
            tgt += index.of(ch)
        elif d in ("obl:agent",) or (d == "obl" and passive and "Ins" in ch.morph.get("Case") and not case_word(ch)):
            src += index.of(ch)
        elif d in ("obj", "iobj") and ch.i not in c.words:
            tgt += index.of(ch, places=_lemma(tok) in VISIT_LEMMAS)
        elif d == "obl" and ch.i not in c.words:
            case = case_word(ch)
            if case in TARGET_CASES or (not case and "Dat" in ch.morph.get("Case")):
                tgt += index.of(ch)
            elif case in VISIT_CASES and c.pred.mode == "visit":
                tgt += index.of(ch, places=True)
            elif case in ("из",) and c.pred.mode in ("withdraw", "expel"):
                tgt += index.of(ch, places=True)
        elif d == "nmod" and tok.pos_ == "NOUN":
            case = case_word(ch)
            if not case and "Gen" in ch.morph.get("Case"):
                (tgt if c.pred.event in ("RETREAT",) and c.pred.mode == "release" else src).extend(index.of(ch))
            elif case in TARGET_CASES or case in ("в", "на") and c.pred.mode == "visit":
                tgt += index.of(ch, places=c.pred.mode == "visit")
        elif d == "amod" and tok.pos_ == "NOUN":
            src += index.of(ch)
    # the object noun of a light verb ("ввели санкции против Ирана") carries the target
    for i in c.words[1:]:
        w = tok.doc[i]
        for ch in w.children:
            if ch.dep_ == "nmod" and case_word(ch) in TARGET_CASES | {"в", "из"}:
                tgt += index.of(ch, places=c.pred.mode in ("visit", "withdraw", "expel"))
    if tok.pos_ == "NOUN" and not src and tok.head is not tok and tok.dep_ in ("obj", "nsubj:pass"):
        head = tok.head
        src += [a for ch in head.children if ch.dep_ == "nsubj" for a in index.of(ch)]
        if not tgt:
            tgt += [a for ch in head.children if ch.dep_ in ("iobj",) or (ch.dep_ == "obl" and case_word(ch)
                    in TARGET_CASES) for a in index.of(ch)]
    if not src and tok.dep_ in ("conj",) and tok.head is not tok:
        src += [a for ch in tok.head.children if ch.dep_ == "nsubj" for a in index.of(ch)]
    subject = bool(src)
    if c.pred.mode in ("withdraw", "troops") and c.pred.event in ("RETREAT", "MOBILIZE") and not subject:
        # "вывести французские войска": the troops' country acts
        troops = [a for ch in tok.children if ch.dep_ == "obj" for a in index.of(ch) if a.sector == "MIL"]
        if troops:
            src, tgt = troops, [a for a in tgt if a not in troops]
    if _lemma(tok) in HOSTING and not any(ch.dep_ == "obj" and index.of(ch) for ch in tok.children):
        c.pred = None  # "приняла резолюцию", "приняла беженцев": no guest, no visit
        return
    if c.pred.mode == "visit" and any(a.sector == "MIL" for a in src):
        c.pred = Predicate("MOBILIZE", "troops", "152")  # troops that arrive are deployed, not visiting
    if _lemma(tok) in HOSTING or (c.pred.event == "CONSULT" and _at_home(tok, src, index)):
        src, tgt = tgt, src  # "Токаев принял Си Цзиньпина": the guest is the source, the host the target
    c.source = _dedupe(src)
    c.target = _dedupe([a for a in tgt if not any(_same(a, s) for s in c.source)])


def _at_home(tok, src, index) -> bool:
    """Talks held "в Москве" by Moscow's own officials, with a guest named: the host is the subject."""
    if not src:
        return False
    home = {a.code for a in src}
    for ch in tok.children:
        if ch.dep_ == "obl" and case_word(ch) in ("в", "во"):
            place = index.of(ch, places=True)
            if place and place[0].code in home and place[0].sector == "GOV":
                return any(c.dep_ == "obl" and case_word(c) in ("с", "со") for c in tok.children)
    return False


def _same(a, b) -> bool:
    return a.code == b.code and a.sector == b.sector


def _dedupe(actors) -> list:
    out = []
    for a in actors:
        if not any(a is b or a.span == b.span or (a.code, a.sector) == (b.code, b.sector) for b in out):
            out.append(a)
    return out


def _embed(cands: list, index: ActorIndex) -> None:
    """Acts embedded under a request, threat, refusal or agreement: parties and modality from the governor."""
    by_tok = {c.tok.i: c for c in cands}
    for c in cands:
        g, t = None, c.tok
        for _ in range(3):  # "договорились возобновить поставки": the noun, its verb, the agreement
            if t.dep_ not in ("xcomp", "ccomp", "obj", "obl", "nmod", "advcl") or t.head is t:
                break
            t = t.head
            g = by_tok.get(t.i)
            if g is not None:
                break
        if g is None or g.pred.event not in EMBEDDING:
            continue
        if g.pred.event == "REJECT" and c.tok.pos_ == "NOUN" and c.pred.event in ("ACCUSE", "REQUEST", "THREATEN"):
            # "отвергает обвинения Варшавы": the accusation was made (by its genitive), against the rejecter
            if not c.target:
                c.target = [a for a in g.source if not any(_same(a, s) for s in c.source)]
            continue
        c.governor = g
        if not c.source:
            if g.pred.event == "REQUEST":
                c.source = list(g.target)
            else:
                c.source = list(g.source)
                if not c.target and g.pred.event == "REJECT":
                    c.target = list(g.target)


def _subject_of(tok, index):
    return [a for ch in tok.children if ch.dep_ in ("nsubj",) for a in index.of(ch)]


def _claims(sent, cands, index) -> list:
    """"X заявил/сообщил, что Y <act>": Y's act claimed by X when X speaks for another country, plus X's ACCUSE."""
    extra = []
    for c in cands:
        if c.pred.event not in CONFLICT:
            continue
        by_word = _according_to(c.tok, index)  # "по данным Киева, ...", "по словам Баку, ..."
        if by_word and c.source and not {a.code for a in by_word} & {a.code for a in c.source}:
            c.modality = "claimed" if c.modality == "asserted" else c.modality
            c.reporter = by_word[0]
            extra.append(Cand(c.tok, Predicate("ACCUSE", "allege", "112"), [c.tok.i], list(by_word), list(c.source)))
            continue
        if c.tok.dep_ not in ("ccomp", "parataxis"):
            continue
        head = c.tok.head
        if _lemma(head) not in SPEECH:
            continue
        speaker = _subject_of(head, index)
        if not speaker or not c.source:
            continue
        if {a.code for a in speaker} & {a.code for a in c.source}:
            continue
        if c.modality == "asserted":
            c.modality = "claimed"
        c.reporter = speaker[0]
        if not any(x.pred.event == "ACCUSE" and x.tok.i == head.i for x in cands):
            extra.append(Cand(head, Predicate("ACCUSE", "allege", "112"), [head.i], list(speaker), list(c.source)))
    return extra


def _according_to(tok, index) -> list:
    for ch in tok.children:
        if _lemma(ch) in ("слово", "данные", "утверждение", "версия", "информация") and case_word(ch) == "по":
            found = index.of(ch)
            if found:
                return found
    return []


def _fallback_source(c: Cand, index, memory) -> None:
    """A clause with no subject (pro-drop, "в МИД заявили"): the actor that speaks in the clause's
    "в"-phrase, else the subject of the verb it depends on."""
    if c.source:
        return
    t = c.tok
    for ch in t.children:
        if ch.dep_ == "obl" and case_word(ch) in ("в", "во"):
            found = [a for a in index.of(ch) if a.code and a.sector]
            if found:
                c.source = found
                return
    for _ in range(3):
        if t.head is t:
            break
        t = t.head
        subj = _subject_of(t, index)
        if subj:
            c.source = subj
            return


def code_events(doc, actors: tuple, *, article_date: Optional[str] = None) -> tuple:
    index = ActorIndex(doc, actors)
    lex = lexicon()
    out = []
    memory = None
    for si, sent in enumerate(doc.sents):
        cands = _triggers(sent, lex)
        for c in cands:
            _parties(c, index)
        cands = [c for c in cands if c.pred is not None]
        _embed(cands, index)
        for c in cands:
            _fallback_source(c, index, memory)
            c.modality = modality(c.tok, sent, c.governor.pred.event if c.governor else None)
        cands += _claims(sent, cands, index)
        events = [_event(c, sent, si) for c in cands if c.source or c.target]
        events = _one_per_act(events)
        events.sort(key=lambda e: (-e.confidence, -abs(e.score)))
        out.extend(events)
    return tuple(out)


def _one_per_act(events: list) -> list:
    """One event per (type, parties) in a sentence: "провёл переговоры ... переговоры" is one CONSULT."""
    seen, out = set(), []
    for e in events:
        key = (e.event, tuple(sorted(a.code or "" for a in e.source)), tuple(sorted(a.code or "" for a in e.target)),
               e.modality)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


def _event(c: Cand, sent, si) -> Event:
    tok = c.tok
    doc = tok.doc
    lo = min(c.words)
    hi = max(c.words)
    trig = doc[lo:hi + 1] if hi - lo < 6 else doc[tok.i:tok.i + 1]
    ev = Evidence(
        sentence=sent.text, sentence_index=si, sentence_start=sent.start_char,
        trigger=Span(trig.start_char, trig.end_char, trig.text),
        source=tuple(a.span for a in c.source if a.span is not None),
        target=tuple(a.span for a in c.target if a.span is not None),
    )
    conf = 0.4 + 0.25 * bool(c.source) + 0.2 * bool(c.target) + 0.1 * (tok.dep_ == "ROOT") - 0.05 * (tok.pos_ == "NOUN")
    return Event(
        event=c.pred.event, mode=c.pred.mode, cameo=c.pred.cameo, score=score(c.pred.event, c.pred.mode),
        source=tuple(c.source), target=tuple(c.target), modality=c.modality, evidence=ev, coder=CODER,
        confidence=round(max(0.05, min(1.0, conf)), 3), reporter=c.reporter,
    )
