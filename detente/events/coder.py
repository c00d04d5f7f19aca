"""The event coder: a spaCy Doc and its actor mentions in, PLOVER events with modality and evidence out."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Event, Evidence, Span
from ..wordlists import word_set
from . import arguments as A
from . import parties as P
from .lexicon import OBLIGATION, SPEAKER_PRONOUNS, WARNING_VERBS, WORDS, load as load_lexicon
from .modality import cues, modality
from .ontology import coding, score
from .select import select
from .subsume import subsumed as _subsumed
from .tokens import complement_words as _complement_words, sentence_table, table_at as _table_at, \
    verb_lemma as _verb_lemma

VERSION = "0.17.0"  # 0.17.0: make train (seventeenth session) on learned@1.12.0, the modality gate 2.2.0 (the averted cue, news copies), signing a formal agreement read as SUPPORT (CAMEO 057; corpus, judged rows, guide), the 180 judged tune events of 0.16.0 learnt, and actors@8; 0.16.0: make train on the merged 0.15.1 (learn: the 0.15.0 judged file learnt, the threshold by the judged type-recall floor), 0.15.1b (noevent: learned@1.11.0, no event at words that name no act, no_act.py) and 0.15.2; 0.15.2: the knowledge base names the bodies of trade news (the EC, GATT, the Paris Club, MITI, the CCC...) and dates the codes of a former state's members (actors@6), side models retrained; 0.15.1: make train with the 256 judged tune events of 0.15.0 learnt, the confidence threshold by the judged type-recall floor (0.003); 0.15.0: make train on 0.14.2 (the side models retrained on the merged coder; the coder, confidence and modality models rebuilt byte for byte); 0.14.2: 0.14.1 and 0.14.1b; 0.14.1b: the party check drops a doubted extra code on a side and a doubted party the rule coder took from another sentence (actors/party_check.py), side models retrained; 0.14.1: lifted sanctions, curfews and states of emergency (CAMEO 085, 0813, 0814) read as CONCEDE (data/cameo2plover_overrides.tsv), a decision to act is the act decided (_decided_act), learned@1.10.0 (obligation and subject features), coder and confidence model retrained; 0.14.0: make train on 0.13.5 and 0.13.5b with 472 more judged tune events (3,984); 0.13.5: the side filler describes a candidate by its sector, entity label, the event type against its kind and sector, and the direction of earlier events with the other side (actors/sides._candidate_features), side filler retrained; 0.13.5b: reported obligations need an addressee other than the speaker's own side, urging with a clause of fact a view, seeking to act an aim and seeking a thing a request, warnings with no party acting in their clause forecasts, want/hope/asked if no act; coder and confidence model retrained; 0.13.4: the side filler names the other side's country in a mention of the event's own sentence that names it, people facing a state organ (actors/sides._domestic), side models retrained; make train on it and 0.13.3 (coder, confidence, side models); 0.13.3: types read from the verb's complements and more loose uses (data/verbs_detente.tsv, plover_verbs.tsv, nouns.tsv), the coder and confidence model retrained on them; and a bare country name facing its own named people or non-state groups is its state (reading.guard: a domestic event), side models retrained; 0.13.2: confidence model and side filler retrained by make train on the gate 2.1.0; 0.13.1: the modality gate 2.1.0 (time, aspect and the coded type; the article date reaches it); 0.13.0: loose uses and idioms of event verbs read as no act (data/verbs_detente.tsv), learned@1.9.0; 0.12.0: learned@1.8.0 (extras_margin 4, nested_depth 2), retrained by make train; 0.11.1: coordinated identities of one span both parties, hosted visits coded visitor -> host, domestic conventions (protest, own-country place, state act at home), a verbal act's place not its target, side models retrained; 0.11.0: the modality gate 2.0.0 (cue features, threshold for precision of asserted 0.87), learned@1.7.0 (the veto on the model's own events), CAMEO 163 (sanctions, embargoes) read as SANCTION (data/cameo2plover_overrides.tsv); 0.10.0: learned@1.6.0 (the trigger veto, 2,199 judged events), the party check before the filler (actors/party_check.py), the modality gate (modality_model.py); 0.9.1: both below; 0.9.0: learned@1.5.0 (word-class features, 1,800 judged events); 0.8.1: empty targets filled from the article (actors/sides.py); 0.8.0: learned@1.4.0 decoding (rule sides kept); 0.7.1: parties (parties.py, arguments.antecedent)
CODER = f"detente.events@{VERSION}"
INTENT = {"06": "030", "07": "033", "08": "035", "04": "036"}
THREAT = "130"
DEMAND, REJECT = "100", "120"
DEMAND_REPORTING = word_set(WORDS, "demand_reporting")
VIEW_VERBS = word_set(WORDS, "view_verbs")
AIM_VERBS = word_set(WORDS, "aim_verbs")
DECISION_VERBS = word_set(WORDS, "decision_verbs")
GENERIC_ATTACK, CRITICIZE = "190", "111"
SPEAKING_SECTORS = frozenset({"JRN"})  # PLOVER v0.8 media sector
CONSENT_VERBS = word_set(WORDS, "consent_verbs")


@dataclass
class Candidate:
    tok: object
    cameo: str
    source: list
    target: list
    nominal: bool = False
    inherited: bool = False
    coded_by_context: bool = False  # a party's country comes from a place or the sentence, not from its mention
    subsumed: bool = False
    modality: str = "asserted"
    reporter: object = None
    plover: Optional[tuple] = None  # (event, mode) where PLOVER v0.8 files the verb differently from its CAMEO code


@dataclass
class Memory:
    """Discourse state carried across sentences of one article."""

    last_subject: object = None  # Actor
    last_subjects: tuple = ()  # the coded actors of that subject phrase ("Russia and Turkey"), for "they"
    dyads: list = field(default_factory=list)  # (source actors, target actors) of earlier stated events


def _year(date: Optional[str]) -> Optional[int]:
    try:
        return int(date[:4]) if date else None
    except ValueError:
        return None


@dataclass
class SentenceView:
    """One sentence as the coders see it: the rule coder's candidates (all, with or without parties) and the
    ones it would report."""

    sent: object
    index: int
    actors: object  # ActorIndex of the document
    raw: list
    selected: list
    year: Optional[int]
    date: Optional[str] = None  # the article's date (ISO), read by the modality gate (modality_time.py)


def sentences(doc, actors: tuple, article_date: Optional[str] = None):
    """Each sentence of ``doc`` with the rule coder's reading of it (the discourse memory carried along)."""
    index = A.ActorIndex.build(doc, actors)
    memory = Memory()
    year = _year(article_date)
    for si, sent in enumerate(doc.sents):
        raw = _sentence_candidates(sent, index, memory, year, need_actors=False)
        cands = select([c for c in raw if c.source or c.target])
        yield SentenceView(sent, si, index, raw, cands, year, article_date)
        _remember(sent, index, memory, cands)


def code_events(doc, actors: tuple, *, article_date: Optional[str] = None, rules: bool = False,
                min_confidence: Optional[float] = None) -> tuple:
    """Every event in ``doc``, strongest first within each sentence: the trained coder's reading when its model
    is installed (``rules``: the rule coder's alone). The trained coder's asserted events under
    ``min_confidence`` (None: the confidence model's threshold, confidence.py; 0: all) are left out."""
    from . import confidence, learned
    from detente.actors import sides

    model = None if rules else learned.model()
    if min_confidence is None:
        min_confidence = confidence.threshold()
    out = []
    fill = sides.for_article() if model is not None else None  # empty sides from the article (actors/sides.py)
    views = list(sentences(doc, actors, article_date))
    prepared = model.prepare(views) if model is not None else [None] * len(views)  # the Doc's type scores at once
    coded = model.code_many(views, prepared) if model is not None else prepared  # the roles read at once too
    for view, found in zip(views, coded):
        if model is not None:
            events = [e for e in found if e.modality != "asserted" or e.confidence >= min_confidence]
            events = fill(view, events) if fill is not None else events
        else:
            events = [e for e in (_event(c, view.sent, view.index) for c in _one_per_trigger(view.selected))
                      if e.source or e.target]
        events.sort(key=lambda e: (-e.confidence, -abs(e.score)))
        out.extend(events)
    return tuple(out)


def triggers(sent, year=None) -> list:
    """(CAMEO code, depth below the root, modality) of every coded trigger in a sentence, actors or not."""
    cands = _sentence_candidates(sent, A.ActorIndex({}), Memory(), year, need_actors=False)
    return [(c.cameo, _depth(c.tok), c.modality) for c in cands]


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _sentence_candidates(sent, index, memory, year, need_actors=True):
    lex = load_lexicon()
    cands = []
    table = sentence_table(sent)
    for k, pos in enumerate(table.pos):
        if pos != "VERB" and pos != "NOUN":
            continue
        tok = table.token(k)
        c = _verb_candidate(tok, lex, index, memory, sent) if pos == "VERB" else None
        if c is None and pos == "NOUN":
            c = _noun_candidate(tok, lex, index, memory, sent)
        if c is not None:
            cands.append(c)
    by_tok = {c.tok.i: c for c in cands}
    for c in cands:
        c.subsumed = _subsumed(c, by_tok)
        c.modality = modality(c.tok, sent, year, table)
    for c in cands:
        _decided_act(c, by_tok)
    cands += _reported_demands(sent, cands, by_tok, index, memory, year)
    for c in cands:
        _refusal(c)
    P.content_targets(cands, index, memory, sent)
    P.share_targets(cands)
    for c in cands:
        P.result_target(c, index, memory, sent)
    cands = [c for c in cands if not c.subsumed and coding(c.cameo).event]
    countries = P.SentenceCountries(sent, index)
    for c in cands:
        P.fallback(c, memory)
        P.unattributed_source(c, index)
        P.state_source(c, index)
        ultimatum = c.modality == "future" and _ultimatum(c.tok)
        if ultimatum or c.cameo[:2] == THREAT[:2]:
            P.condition_target(c, index, memory, sent)
        P.location_target(c, index)
        P.context_source(c, countries)
        P.protest_target(c)
        P.hosted_visit(c)
        _verbal_attack(c)
        if ultimatum:
            c.cameo, c.modality = THREAT, "asserted"
        elif c.modality == "future":
            c.cameo = _intent(c.cameo)
    return [c for c in cands if c.source or c.target or not need_actors]


def _reported_demands(sent, cands, by_tok, index, memory, year) -> list:
    """"X said (that) Y must/should do Z" is X's demand to Y (CAMEO 10): the obligation is the act reported,
    the obliged deed only its content."""
    out = []
    reporting = cues()["reporting"]["verbs"] | DEMAND_REPORTING
    table = sentence_table(sent)
    for k, dep in enumerate(table.dep):
        if dep != "ccomp":
            continue
        tok = table.token(k)
        if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in tok.children):
            continue
        rep = tok.head
        if rep.lemma_.lower() not in reporting or rep.i in by_tok or _negated_verb(tok):
            continue
        subj, passive = A.subject_of(tok)
        rsubj, _ = A.subject_of(rep)
        src = P.resolve([rsubj], index, memory, sent, None, subject=True)
        tgt = [a for a in P.resolve([subj], index, memory, sent, None, subject=True) if not P.same(a, src)]
        if not (src or tgt) or not (passive or _addressee(tgt, src)):
            continue
        for c in cands:
            if c.tok.i == tok.i or tok.i in [a.i for a in c.tok.ancestors]:
                c.subsumed = True
        d = Candidate(rep, DEMAND, src, tgt)
        d.modality = modality(rep, sent, year, table)
        d.subsumed = _subsumed(d, by_tok)  # "staged rallies against X, saying he must resign": the protest's content
        by_tok[rep.i] = d
        out.append(d)
    return out


def _addressee(tgt, src) -> bool:
    """Does an obliged subject name someone the speaker can make a demand of? "Peru said we must keep the
    roads open", "said the harvest should be good" or a Peruvian official's "Peru should open more ports" is the
    speaker's view or own policy, not a demand: the obliged party must be a party other than the speaker's own
    (another code, or the same country's other sector). A passive obligation ("should be tried") is kept: it is
    addressed to whoever would act, left to the side filler ("the fishermen should be released")."""
    own = {(a.code, a.sector) for a in src}
    return any((a.code, a.sector) not in own for a in tgt)


def _view_clause(tok, sent) -> bool:
    """"suggested that Peru had broken the fishing accord", "insisted its fleet was never there": a verb of urging
    whose complement is a clause states a view; an appeal in such a clause carries an obligation modal, which
    _reported_demands codes from the clause ("suggested that Peru should reopen the talks"). Likewise a verb of seeking
    with an infinitive states an aim ("sought to improve its trade ties"); with an object it is a request
    ("sought the approval of Japan")."""
    S, k = _table_at(tok, sent)
    if S is not None:
        lemma, deps = S.lemma[k], [S.dep[c] for c in S.children[k]]
    else:
        lemma, deps = tok.lemma_.lower(), [c.dep_ for c in tok.children]
    return (lemma in VIEW_VERBS and "ccomp" in deps) or (lemma in AIM_VERBS and "xcomp" in deps)


def _forecast(tok, index, memory, sent) -> bool:
    """"warned that the storms could flood the coast", "warned that prices would climb": a warning
    whose clause tells what things or events will do is a forecast, no threat; a threat's clause has a party act
    ("warned that it would close its ports", "warned that its navy would stop the trawlers", "warned that
    Bolivia would regret it")."""
    if tok.lemma_.lower() not in WARNING_VERBS:
        return False
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return False
    subj, _ = A.subject_of(clause)
    if subj is None:
        return True
    return subj.lower_ not in SPEAKER_PRONOUNS and not P.resolve([subj], index, memory, sent, None, subject=True)


def _ultimatum(tok) -> bool:
    """"will withdraw its troops unless the government holds elections": a future act made conditional on
    the other side's compliance is a threat (CAMEO 13), asserted now."""
    return any(ch.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in ch.children)
               for ch in tok.children)


def _verbal_attack(c):
    """Media figures attack with words: "commentators launched attacks on X" is criticism (CAMEO 111)."""
    if c.cameo == GENERIC_ATTACK and c.source and all(a.sector in SPEAKING_SECTORS for a in c.source):
        c.cameo = CRITICIZE


def _decided_act(c, by_tok):
    """"decided to break off relations", "voted to suspend aid": a decision (coded as an intent, CAMEO 03) is the
    act decided, whose content verb it subsumes: it takes that act's code, and its target when it has none. A
    decision to cooperate stays an AGREE; a negated decided act ("voted not to") stays as it was."""
    if c.nominal or c.cameo[:2] != "03" or c.tok.lemma_.lower() not in DECISION_VERBS:
        return
    for x in c.tok.children:
        d = by_tok.get(x.i) if x.dep_ == "xcomp" else None
        if d is None or not d.subsumed or _negated_verb(x):
            continue
        event = coding(d.cameo).event
        if event is None or event == "AGREE":
            continue
        c.cameo, c.plover = d.cameo, d.plover
        if not c.target:
            c.target = list(d.target)
        return


def _negated_verb(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _refusal(c):
    """A negated offer or consent is a refusal: "will not accept refugees", "did not allow the visit"."""
    if c.modality == "negated" and not c.nominal and c.tok.lemma_.lower() in CONSENT_VERBS:
        c.cameo, c.modality = REJECT, "asserted"


def _verb_candidate(tok, lex, index, memory, sent):
    phrasal, lemma = _verb_lemma(tok, sent)
    if not lex.knows(lemma) and (phrasal == lemma or not lex.knows(phrasal)):
        return None  # a verb the lexicon has no entry for has no code, whatever its complements
    if _view_clause(tok, sent):
        return None
    words, before = _complement_words(tok, sent)
    code = lex.verb_code(phrasal, words, before) if phrasal != lemma else None
    code = code or lex.verb_code(lemma, words, before)
    if not code:
        return None
    subj, passive = A.subject_of(tok)
    passive = passive and not A.stative(tok)
    src_heads = [subj] if subj is not None and not passive else []
    tgt_heads = A.object_heads(tok, passive)
    if lemma in A.roles()["undergoing"]:  # "died of torture in police custody": the subject suffers the act
        src_heads, tgt_heads = [h for h in tgt_heads if h.dep_ == "pobj"], ([subj] if subj is not None else [])
    elif passive:
        src_heads = A.agent_of(tok) or []
        if subj is not None and all(subj.i != h.i for h in tgt_heads):
            tgt_heads.insert(0, subj)
    reporting = cues()["reporting"]["verbs"]
    rep = A.reporter_of(tok, reporting)
    src = P.resolve(src_heads, index, memory, sent, rep, subject=True)
    if not src and not passive and subj is not None and subj.i == tok.head.i:
        issuer = A.issuer_of(tok)
        src = P.resolve([issuer], index, memory, sent, rep, subject=True) if issuer is not None else []
    if _forecast(tok, index, memory, sent):
        return None
    tgt = [a for a in P.resolve(tgt_heads, index, memory, sent, rep, subject=False) if not P.same(a, src)]
    if not any(a.code for a in tgt):  # "prevented the rally by students": acting on an act targets its agent
        agents = A.object_event_agents(tok, passive, lex)
        tgt += [a for a in P.resolve(agents, index, memory, sent, rep, subject=False)
                if not P.same(a, src) and not P.same(a, tgt)]
    cand = Candidate(tok, code, src, tgt, inherited=subj is not None and subj.i not in [c.i for c in tok.children])
    cand.plover = lex.plover_of(phrasal, code) or lex.plover_of(lemma, code)
    cand.reporter = P.reporter_actor(rep, index, memory, sent)
    return cand


def _noun_candidate(tok, lex, index, memory, sent):
    S, k = _table_at(tok, sent)
    if S is not None:  # the same words, read from the sentence's lists
        lemma, dep = S.lemma, S.dep
        mods = [lemma[c] for c in S.children[k] if dep[c] in ("compound", "amod") and c < k]
        own = lemma[k]
    else:
        mods = [c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
        own = tok.lemma_.lower()
    hit = next((lex.noun_code(f"{m} {own}") for m in mods if lex.noun_code(f"{m} {own}")), None) or lex.noun_code(own)
    if hit is None or not hit[0]:
        return None
    code, of_role = hit
    noun = tok  # "undertook a mediation mission between X and Y": the frame noun carries the nominal's phrases
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in A.roles()["frame_nouns"]:
        noun = tok.head
    src_heads, tgt_heads, origin = A.nominal_roles(noun, of_role)
    if _object_of_event_verb(noun, lex) and not (src_heads and noun.head.lemma_.lower() in cues()["reporting"]["verbs"]):
        return None  # "overturned the arrest", "police prevented the rally by students": the verb carries the event
    if not src_heads or not tgt_heads:
        s, o = A.governing_clause_roles(noun)
        if not src_heads and s is not None and noun.dep_ not in ("nsubj", "nsubjpass"):
            src_heads = [s]
        if not tgt_heads and o is not None:
            tgt_heads = [o]
    left = P.resolve(origin, index, memory, sent, None, subject=False)
    src = [a for a in P.resolve(src_heads, index, memory, sent, None, subject=True) if not P.same(a, left)]
    if origin and not src:  # "withdrawal of forces from Panama" with the forces' owner unnamed: the clause's subject
        s, _ = A.governing_clause_roles(noun)
        src = [a for a in P.resolve([s], index, memory, sent, None, subject=True) if not P.same(a, left)] if s is not None else []
    tgt = [a for a in P.resolve(tgt_heads, index, memory, sent, None, subject=False) if not P.same(a, src)]
    return Candidate(tok, code, src, tgt, nominal=True)


def _object_of_event_verb(tok, lex) -> bool:
    """Is the noun (or the whole it is a part of: "suspended part of the aid programme") the object of a coded verb?"""
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PRON", "NUM"):
        tok = tok.head.head
    head = tok.head
    if tok.dep_ not in ("dobj", "nsubjpass") or head.pos_ != "VERB":
        return False
    words, before = _complement_words(head)
    phrasal, lemma = _verb_lemma(head)
    return bool(lex.verb_code(phrasal, words, before) or lex.verb_code(lemma, words, before))


def _intent(cameo: str) -> str:
    root = cameo[:2]
    if root in INTENT:
        return INTENT[root]
    if root not in P.VERBAL_ROOTS:
        return THREAT
    return cameo


def _remember(sent, index, memory, cands):
    table = sentence_table(sent)
    for k, (dep, pos) in enumerate(zip(table.dep, table.pos)):
        if dep in ("nsubj", "nsubjpass") and pos != "PRON":
            found = [a for a in index.in_phrase(table.token(k)) if a.code]
            if found:
                memory.last_subject = found[0]
                memory.last_subjects = tuple(found)
    for c in cands:
        if c.source and c.target and not c.inherited:  # stated dyads only: an inferred one must not propagate
            memory.dyads.append((c.source, c.target))


def _span(doc, actor_or_tok) -> Span:
    a = actor_or_tok
    if hasattr(a, "span") and a.span is not None:
        return a.span
    return Span(a.idx, a.idx + len(a.text), a.text)


def _one_per_trigger(cands) -> list:
    """One clause, one event: a trigger coded twice keeps its first reading."""
    seen, out = set(), []
    for c in cands:
        if c.tok.i not in seen:
            seen.add(c.tok.i)
            out.append(c)
    return out


def _event(c, sent, si) -> Event:
    from .reading import clean_sentence, guard

    c.source, c.target = guard([(1.0, a) for a in c.source], [(1.0, a) for a in c.target])
    cd = coding(c.cameo)
    event, mode = c.plover or (cd.event, cd.mode)
    tok = c.tok
    trig = Span(tok.idx, tok.idx + len(tok.text), tok.text)
    ev = Evidence(
        sentence=clean_sentence(sent.text),
        sentence_index=si,
        sentence_start=sent.start_char,
        trigger=trig,
        source=tuple(a.span for a in c.source if a.span is not None),
        target=tuple(a.span for a in c.target if a.span is not None),
    )
    conf = 0.4 + 0.25 * bool(c.source) + 0.2 * bool(c.target) + 0.1 * (tok.dep_ == "ROOT") - 0.15 * c.inherited
    conf -= 0.05 * c.nominal
    return Event(
        event=event,
        mode=mode,
        cameo=c.cameo,
        score=score(event, mode) if c.plover else cd.score,
        source=tuple(c.source),
        target=tuple(c.target),
        modality=c.modality,
        evidence=ev,
        coder=CODER,
        confidence=round(max(0.05, min(1.0, conf)), 3),
        reporter=c.reporter,
        context=cd.contexts,
    )
