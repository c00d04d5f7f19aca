"""Mentions that take another mention's identity: "the country", "its diplomats", "he"/"she", "it" as a subject,
"the kingdom's embassy", and a titled unknown person who takes the country of the sentence's national actor.
Split from ``mentions`` (``find_actors`` calls these after it has read the named mentions)."""
from __future__ import annotations

from detente.model import Actor, Span
from detente.nlp import token_at
from detente.actors.codes import INTERNATIONAL
from detente.actors.context import sentence_of
from detente.actors.kb import WORDS
from detente.wordlists import word_set

PERSON_PRONOUNS = word_set(WORDS, "person_pronouns")
THING_PRONOUNS = word_set(WORDS, "thing_pronouns")
ANAPHORS = word_set(WORDS, "anaphors")
EXPLETIVE_HEADS = word_set(WORDS, "expletive_heads")
INSTITUTIONS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def spacy_token(doc, char: int):
    """The spaCy token holding character ``char`` (by bisection on a Doc; by char_span on other parses)."""
    if hasattr(doc, "to_array"):
        return token_at(doc, char)  # char_span's token, by bisection
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def sentence_country(out: list[Actor], named: list[int], sents: list[int], doc=None) -> None:
    """A titled unknown person takes the country of the closest national actor in the same sentence
    (the earlier one first; never another person or government: "Rebels in X rejected an appeal from
    President Y", "Minister Y said X will ..."), a clause's subject before others ("X has decided on a trade
    policy to avoid a trade war with Z, Deputy Minister Y said")."""
    def sent(a: Actor) -> int:
        return sentence_of(sents, a.span.start)
    for i in named:
        me = out[i]
        same = [a for a in out if a.code and a.code not in INTERNATIONAL and sent(a) == sent(me)
                and not (a.id or "").startswith("person:") and a.sector != "GOV"]  # not another's official
        subjects = [a for a in same if doc is not None and _subject(doc, a)]
        same = subjects or same
        before = [a for a in same if a.span.end <= me.span.start]
        after = [a for a in same if a.span.start >= me.span.end]
        pick = before[-1] if before else after[0] if after else None
        if pick is not None:
            out[i] = Actor(pick.code, me.sector, me.name, me.span, me.id, me.sectors)


def antecedent(found: list[Actor], toks, lo: int, sector: str | None, sents: list[int]) -> tuple[str | None, bool]:
    """The country of "its diplomats" / "the government": the closest earlier coded actor, and whether it is in
    the same or the previous sentence (a farther one yields to the article's own country, context.fill_home)."""
    prev = toks[lo - 1].key if lo > 0 else ""
    if prev not in THING_PRONOUNS and prev != "the" or sector not in INSTITUTIONS:
        return None, False
    here = sentence_of(sents, toks[lo].start)
    for a in reversed(found):
        if a.code and a.code not in INTERNATIONAL and a.id is not None:  # not another anaphor's copy
            return a.code, a.span is not None and sentence_of(sents, a.span.start) >= here - 1
    return None, False


def owned_by_anaphor(out: list[Actor], pronouns: list[Actor], text: str) -> None:
    """"the kingdom's embassy", "the country's army": an uncoded institution owned by an anaphor is its country."""
    ends = {p.span.end: p for p in pronouns if p.code and p.sector is None}
    for i, a in enumerate(out):
        if a.code is not None or a.sector not in INSTITUTIONS or a.span is None:
            continue
        j = a.span.start - 1
        while j > 0 and text[j].isspace():
            j -= 1
        p = ends.get(j - 1) if text[j - 1:j + 1] in ("'s", "’s") else None
        if p is not None:
            out[i] = Actor(p.code, a.sector, a.name, a.span, a.id, a.sectors)


def pronoun_mentions(kb, text: str, toks, found: list[Actor], sents: list[int]) -> list[Actor]:
    """"the country" -> the last country actor; "he"/"she" -> the last person actor (same or previous sentence)."""
    out = []
    ordered = sorted(found, key=lambda a: a.span.start)
    for i, tok in enumerate(toks):
        is_anaphor = tok.key in ANAPHORS and i > 0 and toks[i - 1].key == "the"
        if not (is_anaphor or tok.key in PERSON_PRONOUNS):
            continue
        here = tok.start
        earliest = sents[max(0, sentence_of(sents, here) - 1)] if sents else 0  # the previous sentence's start
        want_person = tok.key in PERSON_PRONOUNS
        for a in reversed([a for a in ordered if a.span.end <= here]):
            if a.span.start < earliest:
                break
            if want_person and (a.id or "").startswith("person:") or not want_person and a.code \
                    and a.id and (a.id.split(":")[0] == a.code or a.id.startswith("person:")):
                s = toks[i - 1].start if is_anaphor else tok.start
                name = a.name if want_person else (kb.country(a.code).name if kb.country(a.code) else a.name)
                out.append(Actor(a.code, a.sector if want_person else None, name,
                                 Span(s, tok.end, text[s:tok.end]), a.id, a.sectors if want_person else ()))
                break
    return out


def _subject(doc, a: Actor) -> bool:
    tok = spacy_token(doc, a.span.end - 1)
    return tok is not None and tok.dep_ in ("nsubj", "nsubjpass")


def _lowered(doc, word: str) -> list:
    """The tokens whose ``lower_`` is ``word``, in order (of a spaCy Doc: from one array read)."""
    if not hasattr(doc, "to_array"):
        return [t for t in doc if t.lower_ == word]
    from spacy.attrs import LOWER
    from spacy.strings import get_string_id

    lower = doc.to_array([LOWER])
    return [doc[i] for i in (lower == get_string_id(word)).nonzero()[0].tolist()]


def it_subject_mentions(doc, found: list[Actor], sents: list[int]) -> list[Actor]:
    """"Russia said it would ...", "The alliance met. It agreed ...": "it" as the subject of an act is the last
    state or organisation that was a subject in this or the previous sentence (not a person; not "it" before
    "be", "seem", "emerge" and other heads of an expletive "it")."""
    out = []
    try:
        its = [t for t in _lowered(doc, "it") if t.dep_ in ("nsubj", "nsubjpass")
               and t.head.lemma_.lower() not in EXPLETIVE_HEADS]
    except (ValueError, AttributeError):
        return out
    subjects = [a for a in found if a.code and a.id and a.span is not None and not a.id.startswith("person:")
                and _subject(doc, a)]
    for t in its:
        here = sentence_of(sents, t.idx)
        before = [a for a in subjects if a.span.end <= t.idx and sentence_of(sents, a.span.start) >= here - 1]
        objects = [(o.left_edge.idx, o.right_edge.idx + len(o.right_edge)) for o in t.head.children
                   if o.dep_ in ("dobj", "dative", "attr")]
        own = {a.code for a in found if a.code and a.span is not None and any(lo <= a.span.start < hi
                                                                              for lo, hi in objects)}
        before = [a for a in before if a.code not in own]  # "It blockaded Yemen": "it" is not Yemen
        if before:
            a = before[-1]
            out.append(Actor(a.code, a.sector, a.name, Span(t.idx, t.idx + 2, t.text), a.id, a.sectors))
    return out
