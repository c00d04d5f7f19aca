"""Features of the role decision of the trained coder (``learned.py``): is an actor mention the source of an event,
its target, or neither? Where the mention's noun phrase stands towards the trigger (the dependency path between
them, the phrase's head and preposition, its entity label), the actor's kind, the event type, the rule coder's
reading. Read from the Doc's lists (``tokens._columns``: the strings the Tokens give) on head indices, not from
Token objects (spaCy makes a new one for every ``head`` and ancestor). ``features`` re-exports them.
"""
from __future__ import annotations

from .tokens import _columns


def _bucket(n: int, cuts=(0, 1, 2, 3, 5, 8)) -> str:
    for c in cuts:
        if n <= c:
            return str(c)
    return "many"


def _path(a, b, heads):
    """Dependency path (token indices, ``heads``: every token's head index) from token a up to the common ancestor
    and down to token b, or None (``Token.ancestors`` climbed as the head indices)."""
    up, down = [a], [b]
    while heads[a] != a:
        a = heads[a]
        up.append(a)
    while heads[b] != b:
        b = heads[b]
        down.append(b)
    pos = {t: k for k, t in enumerate(down)}
    for ka, t in enumerate(up):
        if t in pos:
            return up[:ka], down[:pos[t]][::-1], t
    return None


STEP_WORD_DEPS = frozenset({"prep", "agent", "mark", "dative"})


def _step(j, dep, lower) -> str:
    return f"{dep[j]}:{lower[j]}" if dep[j] in STEP_WORD_DEPS else dep[j]


PHRASE_DEPS = frozenset({"amod", "compound", "poss", "nmod", "appos", "nummod", "case"})
NOMINAL = ("NOUN", "PROPN")


def phrase_head(tok):
    """(head of the noun phrase a mention sits in, the relations climbed): "two Russian embassy staff" -> staff
    (amod compound), "Kyiv and Ottawa" -> Kyiv (conj), "the foreign ministers of Russia" -> ministers (pobj of)."""
    j, rel = _phrase_head(tok.i, _columns(tok.doc))
    return tok.doc[j], rel


def _phrase_head(t: int, cols) -> tuple:
    """``phrase_head`` of the token at ``t``, read from the Doc's lists (``tokens._columns``): (its index, relations)."""
    _, lower, dep, pos, _, _, _, head = cols
    rel = []
    for _ in range(5):
        d = dep[t]
        if d in PHRASE_DEPS or (d == "conj" and pos[head[t]] in NOMINAL):
            rel.append(d)
            t = head[t]
        elif d == "pobj" and lower[head[t]] == "of" and pos[head[head[t]]] in NOMINAL:
            rel.append("of")
            t = head[head[t]]
        else:
            break
    return t, " ".join(rel) or "-"


def place_phrase(tok):
    """(preposition, entity label) of the phrase a mention sits in: "in Syria" -> ("in", "GPE"), "near the
    Syrian border" -> ("near", ""); ("-", label) when the mention is no prepositional object. A place named
    after "in", "at", "near" is where an act happens, seldom whom it is aimed at."""
    return _place_phrase(tok.i, _columns(tok.doc))


def _place_phrase(t: int, cols) -> tuple:
    _, lower, dep, _, _, ents, _, head = cols
    np_head, _ = _phrase_head(t, cols)
    ent = ents[t] or "-"
    if dep[np_head] == "pobj" and dep[head[np_head]] in ("prep", "agent"):
        return lower[head[np_head]], ent
    return "-", ent


def _token_at(doc, span):
    sp = doc.char_span(span.start, span.end, alignment_mode="expand") if span is not None else None
    return sp.root if sp is not None and len(sp) else None


def role_features(trig, head, actor, event: str, rule_role: str, passive: bool, speaker: bool) -> list:
    """The role features of one actor mention (``head``: its head token; None for a party the rule coder inferred)
    towards the trigger, read from the Doc's lists (``tokens._columns``: the same strings as the Tokens')."""
    cols = _columns(trig.doc)
    lemma, lower, dep, pos, _, _, _, heads = cols
    ti = trig.i
    lem = lemma[ti]
    sector = actor.sector or "-"
    f = ["b", f"rr={rule_role}", f"rre={rule_role}|{event}", f"ev={event}", f"sec={sector}",
         f"secev={sector}|{event}", f"nocode={actor.code is None}", f"pass={passive}", f"spk={speaker}",
         f"spkev={speaker}|{event}"]
    if head is None:
        f.append("inferred")
        f.append(f"inf={rule_role}|{event}")
        at = _token_at(trig.doc, actor.span)
        if at is not None:  # a party the rule coder read from a place, a pronoun, the article's memory
            prep, ent = _place_phrase(at.i, cols)
            f += [f"infp={prep}|{ent}|{rule_role}", f"infpe={prep}|{event}", f"infs={at.sent.start == trig.sent.start}"]
        return f
    hi = head.i
    prep, ent = _place_phrase(hi, cols)
    f += [f"pp={prep}|{ent}", f"ppe={prep}|{ent}|{event}", f"ppr={prep}|{rule_role}"]
    f += [f"hd={dep[hi]}", f"hdp={dep[hi]}|{passive}", f"side={'L' if hi < ti else 'R'}",
          f"dist={_bucket(abs(hi - ti), (1, 2, 3, 5, 8, 12, 20))}", f"hpos={pos[hi]}"]
    np_head, rel = _phrase_head(hi, cols)
    f.append(f"rel={rel}")
    if np_head == ti:
        f.append(f"inside={rel}|{event}")
    else:
        q = _path(np_head, ti, heads)
        if q is not None:
            st = [("^" + _step(t, dep, lower)) for t in q[0]] + [("v" + _step(t, dep, lower)) for t in q[1]]
            st = st if len(st) <= 4 else st[:2] + ["..."] + st[-1:]
            nps = " ".join(st)
            f += [f"np={nps}", f"npp={nps}|{passive}", f"npe={nps}|{event}", f"npr={nps}|{rel}",
                  f"npl={nps}|{lem}"]
    p = _path(hi, ti, heads)
    if p is None:
        f.append("nopath")
        return f
    up, down, top = p
    steps = [("^" + _step(t, dep, lower)) for t in up] + [("v" + _step(t, dep, lower)) for t in down]
    short = steps if len(steps) <= 5 else steps[:2] + ["..."] + steps[-2:]
    ps = " ".join(short)
    f += [f"path={ps}", f"pathp={ps}|{passive}", f"pathe={ps}|{event}", f"pathl={ps}|{lem}",
          f"plen={_bucket(len(steps), (1, 2, 3, 4, 6))}", f"top={pos[top]}", f"topi={top == ti}"]
    if up:
        f.append(f"up1={_step(up[0], dep, lower)}|{passive}")
        f.append(f"upl={_step(up[-1], dep, lower)}|{event}")
        f.append(f"upl2={_step(up[-1], dep, lower)}|{lem}")
    if down:
        f.append(f"dn={_step(down[0], dep, lower)}")
    preps = [lower[t] for t in up + down if dep[t] in ("prep", "agent")]
    for w in preps:
        f.append(f"prep={w}|{event}")
        f.append(f"prepp={w}|{passive}")
    if not down:  # the mention sits under the trigger
        f.append(f"under={' '.join(steps[-2:])}|{lem}")
    return f
