"""Russian modality cues: whether a coded act is told as done, denied, supposed, planned, asked or claimed.

    modality(tok) -> asserted | negated | hypothetical | future | question | claimed

Read from the trigger's clause in the UD parse: "не" on the trigger or on a verb that governs it (negated);
"бы", "если", "в случае", modal "мочь"/"возможно" (hypothetical); future tense, "будет" + infinitive,
"намерен", "планирует", "собирается" (future); "ли" or a question mark (question); "якобы", "по словам",
"по данным", "как утверждает" (claimed: told only as someone's allegation).
"""
from __future__ import annotations

NEGATORS = frozenset({"не", "ни"})
HYPOTHETICAL_WORDS = frozenset({"бы", "б", "если", "возможно", "вероятно", "может"})
HYPOTHETICAL_HEADS = frozenset({"мочь", "смочь", "предложить", "предлагать", "угрожать", "пригрозить", "хотеть",
                                "надеяться", "возможный", "способный", "призвать", "призывать", "потребовать",
                                "требовать", "попросить", "просить", "следует", "должный", "рассматривать",
                                "рассмотреть"})
FUTURE_HEADS = frozenset({"намереваться", "планировать", "собираться", "намеренный", "готовиться", "решить",
                          "договориться", "согласиться", "пообещать", "обещать", "обязаться", "готовый",
                          "начать", "намерен", "предстоять"})
NEGATING_HEADS = frozenset({"отказаться", "отказать", "отвергнуть", "отклонить", "отрицать", "отказ"})
CLAIM_WORDS = frozenset({"якобы", "предположительно", "дескать", "мол"})
CLAIM_PHRASES = (("по", "слово"), ("по", "данные"), ("по", "утверждение"), ("по", "версия"), ("по", "информация"))
CLAIM_VERBS = frozenset({"утверждать", "уверять", "настаивать"})
FUTURE_NOUN_WORDS = frozenset({"предстоящий", "будущий", "планируемый"})


def _children_lemmas(tok) -> set:
    return {c.lemma_.lower() for c in tok.children}


def _chain(tok, limit: int = 4):
    """The trigger and the verbs it depends on through xcomp (and a noun's governing verb)."""
    out = [tok]
    for _ in range(limit):
        if tok.head is tok or tok.dep_ not in ("xcomp", "obj", "nsubj:pass", "obl", "csubj"):
            break
        tok = tok.head
        out.append(tok)
    return out


def negated(tok) -> bool:
    if any(c.lower_ in NEGATORS and c.dep_ in ("advmod", "neg", "discourse", "cc") for c in tok.children):
        return True
    if tok.pos_ == "NOUN" and tok.head is not tok and tok.head.pos_ in ("VERB", "AUX"):
        return any(c.lower_ in NEGATORS for c in tok.head.children if c.dep_ in ("advmod", "neg", "discourse"))
    return False


def modality(tok, sent, governor_type: str | None = None) -> str:
    chain = _chain(tok)
    words = {t.lower_ for t in sent}
    lemmas_in_clause = set()
    for t in chain:
        lemmas_in_clause |= _children_lemmas(t)
    if sent.text.rstrip().endswith("?") or "ли" in lemmas_in_clause:
        return "question"
    if any(negated(t) for t in chain[:2]):
        return "negated"
    if governor_type == "REJECT" or (len(chain) > 1 and chain[1].lemma_ in NEGATING_HEADS):
        return "negated"
    if lemmas_in_clause & {"бы", "б"} or _conditional(tok):
        return "hypothetical"
    if lemmas_in_clause & CLAIM_WORDS or _claim_phrase(chain):
        return "claimed"
    if governor_type in ("REQUEST", "THREATEN") or (len(chain) > 1 and chain[1].lemma_ in HYPOTHETICAL_HEADS):
        return "hypothetical"
    if lemmas_in_clause & {"возможно", "вероятно"}:
        return "hypothetical"
    if governor_type == "AGREE" or _future(tok, chain):
        return "future"
    del words
    return "asserted"


def _conditional(tok) -> bool:
    if any(c.dep_ == "advcl" and any(g.lower_ in ("если", "ежели") for g in c.children) for c in tok.children):
        return True  # the consequence of a condition: "Если Иран ..., США нанесут удар"
    t = tok
    for _ in range(4):
        if any(c.lemma_ == "если" or (c.dep_ == "mark" and c.lower_ in ("если", "ежели")) for c in t.children):
            return True
        if t.head is t or t.dep_ not in ("xcomp", "conj", "obj", "obl"):
            break
        t = t.head
    return any(c.lower_ == "случай" and any(g.lower_ == "в" for g in c.children) for c in tok.children)


def _claim_phrase(chain) -> bool:
    for t in chain:
        for c in t.children:
            kids = {g.lemma_.lower() for g in c.children}
            if any(c.lemma_.lower() == noun and prep in kids for prep, noun in CLAIM_PHRASES):
                return True
            if c.dep_ == "parataxis" and c.lemma_.lower() in CLAIM_VERBS:
                return True
    return False


def _future(tok, chain) -> bool:
    if "Fut" in tok.morph.get("Tense"):
        return True
    if any(c.lemma_ == "быть" and "Fut" in c.morph.get("Tense") for c in tok.children if c.dep_ in ("aux", "cop")):
        return True
    if len(chain) > 1 and (chain[1].lemma_ in FUTURE_HEADS or "Fut" in chain[1].morph.get("Tense")):
        return chain[1].lemma_ not in ("договориться", "согласиться") or tok.dep_ == "xcomp"
    if tok.pos_ == "NOUN" and any(c.lemma_ in FUTURE_NOUN_WORDS for c in tok.children):
        return True
    return False
