"""Words that name no act at all, whatever the model reads: a curated row of ``data/verbs_detente.tsv`` with an
empty code for the verb and its complements ("asked not to be named", "declined to comment", "fought the blaze"),
a participle whose form says it ("Asked about the talks, the minister said ...", "a militia called the Lions"), a
question put ("asked whether ..."), information released ("released its budget"), a denied report that names no accuser ("denied press reports that ..."), a noun
of threat naming a danger ("the threat to shipping") and a market's demand ("demand for sugar rose"). The trained coder codes no event at such a word, whether the rule coder or its own type
model proposed it (learned.Coder ``no_act``, a decoding setting: the training samples and the rule coder stay as
they were). ``no_act_as`` reads a word against the type it was read as (learned.Coder ``no_act_type``): a warning
that forecasts is no threat, a should-clause obliging a thing or the speaker's own side no request, an operation
pressed on with no request, a gift of nothing material nor help no aid. Word lists in ``data/words.yaml``."""
from __future__ import annotations

from ..wordlists import word_set
from .lexicon import MATERIAL, OBLIGATION, RELATIVE, SPEAKER_PRONOUNS, SUBJECT_PRONOUNS, WARNING_VERBS, WORDS, \
    load as load_lexicon
from .modality import cues
from .tokens import complement_words, verb_lemma

QUESTION_VERBS = word_set(WORDS, "question_verbs")
NAMING_VERBS = word_set(WORDS, "naming_verbs")
SPEECH_VERBS = word_set(WORDS, "speech")
DANGER_NOUNS = word_set(WORDS, "danger_nouns")
DANGER_PREPS = word_set(WORDS, "danger_preps")
DANGER_VERBS = word_set(WORDS, "danger_verbs")
DENIAL_VERBS = word_set(WORDS, "denial_verbs")
REPORT_NOUNS = word_set(WORDS, "report_nouns")
QUESTION_OBJECTS = word_set(WORDS, "question_objects")
MARKET_NOUNS = word_set(WORDS, "market_nouns")
RELEASE_VERBS = word_set(WORDS, "release_verbs")
INFORMATION_NOUNS = word_set(WORDS, "information_nouns")


def no_act(tok, sent=None) -> bool:
    """Whether the word names no act at all: a verb that a curated row reads, with its complements, as no act
    ("asked not to be named", "declined to comment", "fought the blaze": ``Lexicon.no_act``) or whose participle
    form, its question or its published object says so (``no_act_form``, ``question``, ``published``), or a noun of threat naming a danger (``danger``) or
    of demand naming a market's (``market``)."""
    if tok.pos_ == "NOUN":
        return danger(tok) or market(tok)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lex = load_lexicon()
    phrasal, lemma = verb_lemma(tok, sent)
    if no_act_form(tok, lemma) or question(tok, lemma) or published(tok, lemma):
        return True
    words, before = complement_words(tok, sent)
    if lemma in DENIAL_VERBS and words & REPORT_NOUNS:
        return True  # "denied press reports that ...": no named accuser
    return (phrasal != lemma and lex.no_act(phrasal, words, before)) or lex.no_act(lemma, words, before)


def no_act_form(tok, lemma) -> bool:
    """A participle whose form says it names no act: a question put to the speaker ("Asked about the talks, the
    minister said ...": a verb of questioning heading a clause with no subject of its own, nor a state or
    organisation as its agent, under a reporting verb)
    or a name given ("a militia called the Lions": a verb of naming modifying a noun, with the name as its
    predicate)."""
    if tok.dep_ not in ("advcl", "acl") or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return False
    if any(c.dep_ == "agent" and any(g.ent_type_ in ("GPE", "NORP", "ORG") for g in c.subtree) for c in tok.children):
        return False  # "Asked by Peru for help, ...": a named party asks
    if lemma in QUESTION_VERBS and tok.dep_ == "advcl" and tok.tag_ == "VBN":
        head = tok.head.lemma_.lower()
        return head in cues()["reporting"]["verbs"] or head in SPEECH_VERBS
    return (lemma in NAMING_VERBS and tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD")
            and any(c.dep_ == "oprd" for c in tok.children))  # "called for" and "called on" ask


def question(tok, lemma) -> bool:
    """"asked whether the talks would resume", asked "why now?", "asked a question": a verb of questioning with a
    clause or a question as its object, and neither an infinitive nor "for" (asked Peru to ..., asked for ...)."""
    if lemma not in QUESTION_VERBS:
        return False
    kids = [(c.dep_, c.lemma_.lower()) for c in tok.children]
    if any(d == "xcomp" or (d == "prep" and w == "for") for d, w in kids):
        return False
    return any(d == "ccomp" or (d == "dobj" and w in QUESTION_OBJECTS) for d, w in kids)


def published(tok, lemma) -> bool:
    """"released its budget", "the figures were released", "images released by the ministry": a verb of releasing
    whose object (or passive subject, or the noun it modifies) is information publishes it, no act."""
    if lemma not in RELEASE_VERBS:
        return False
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ == "acl":
        objects.append(tok.head)
    return any(o.lemma_.lower() in INFORMATION_NOUNS for o in objects)


def market(tok) -> bool:
    """"demand for sugar rose", "weak domestic demand": a noun of demand as a mass noun (singular, with no article
    and no possessor) is the market's demand for goods, not an actor's demand ("a demand", "Peru's demands")."""
    if tok.lemma_.lower() not in MARKET_NOUNS or tok.tag_ != "NN":
        return False
    return not any(c.dep_ in ("det", "poss") for c in tok.children)


def danger(tok) -> bool:
    """"the threat to shipping", "the threat posed by the epidemic", "poses a threat": a noun of threat naming a
    danger, not an actor's threat ("Iran's threat", "threats against the envoy", "a threat by the rebels")."""
    if tok.lemma_.lower() not in DANGER_NOUNS:
        return False
    kids = [(c.dep_, c.lemma_.lower()) for c in tok.children]
    if any(d in ("poss", "compound") or (d == "prep" and w in ("by", "against")) for d, w in kids):
        return False
    if tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() in DANGER_VERBS:
        return True
    return any((d == "prep" and w in DANGER_PREPS) or (d == "acl" and w in DANGER_VERBS) for d, w in kids)


# A word read as an act of one type that its complements say it is not (learned.Coder ``no_act_type``)
GIVING_VERBS = word_set(WORDS, "giving_verbs")
AID_OBJECTS = word_set(WORDS, "aid_objects") | MATERIAL
OPERATION_NOUNS = word_set(WORDS, "operation_nouns")
REPRISAL_NOUNS = word_set(WORDS, "reprisal_nouns")
POSSESSIVES = SUBJECT_PRONOUNS  # "its navy", "their forces": the speaker's or another's party


def no_act_as(tok, event, actor_tokens) -> bool:
    """Whether the word, read as an act of type ``event``, names no such act by what its complements are:
    a warning of what things will do (THREATEN: ``forecast``), a speaker's view of what it or a thing should do
    (REQUEST: ``own_view``) or a military operation pressed on with (REQUEST: ``operation``), a gift of nothing
    material nor of help (AID: ``abstract_gift``). ``actor_tokens``: the sentence's actor per token index."""
    if event == "THREATEN":
        return forecast(tok, actor_tokens)
    if event == "REQUEST":
        return own_view(tok, actor_tokens) or operation(tok)
    if event == "AID":
        return abstract_gift(tok)
    return False


def _party(tok, actor_tokens) -> bool:
    """Whether the phrase headed at ``tok`` is a party: its head (or a conjunct's) is an actor's token, or a
    personal pronoun ("warned that it would close its ports": the speaker)."""
    heads = [tok] + [c for c in tok.children if c.dep_ == "conj"]
    return any(h.i in actor_tokens or h.lower_ in SPEAKER_PRONOUNS
               or any((c.dep_ == "poss" and c.lower_ in POSSESSIVES)  # "its navy", not "the Canadian pact" (amod)
                      or (c.dep_ in ("compound", "appos", "nmod") and c.i in actor_tokens) for c in h.children)
               for h in heads)


def _subject(clause):
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)


def forecast(tok, actor_tokens) -> bool:
    """"warned that the storms could flood the coast", "warned of the effects of a trade war": a warning of what
    things or events will do is a forecast ("warned of retaliation" names an act: kept); a threat's clause has a
    party act ("warned that its navy would stop the trawlers"), or the warning is addressed to a party ("warned Peru
    that ...", kept)."""
    if tok.lemma_.lower() not in WARNING_VERBS or any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return False
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is not None:
        subj = _subject(clause)
        return subj is None or not _party(subj, actor_tokens)
    about = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about")
             for g in c.children if g.dep_ == "pobj"]
    lex = load_lexicon()  # "warned of retaliation", "of sanctions": a noun of an act (nouns.tsv) names a threat
    acts = [g for g in about if lex.noun_code(g.lemma_.lower()) or g.lemma_.lower() in REPRISAL_NOUNS | OPERATION_NOUNS]
    return bool(about) and not acts and not any(
        t.i in actor_tokens for g in about for t in g.subtree)


def own_view(tok, actor_tokens) -> bool:
    """"X said the pact should help trade", "the agency said Japan should watch the yen" (the agency Japan's):
    a reported should/must clause whose obliged subject is no party, or the speaker's own party, states a view, no
    demand; a demand obliges another party ("X said Peru should reopen the talks") or anyone (a passive, kept)."""
    for clause in tok.children:
        if clause.dep_ != "ccomp" or not any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in clause.children):
            continue
        subj = _subject(clause)
        if subj is None or subj.dep_ == "nsubjpass" or subj.lower_ in SPEAKER_PRONOUNS:
            return False
        if not _party(subj, actor_tokens):
            return True
        speaker = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        own = {(a.code, getattr(a, "sector", None)) for t in (speaker.subtree if speaker is not None else ())
               if (a := actor_tokens.get(t.i)) is not None}
        obliged = {(a.code, getattr(a, "sector", None)) for t in subj.subtree
                   if (a := actor_tokens.get(t.i)) is not None}
        return bool(own) and obliged <= own
    return False


def operation(tok) -> bool:
    """"pressed their offensive", "pushed on with the assault": a verb read as a request whose object is a
    military operation carries it on, asks nothing; "called for an offensive", "urged Peru to halt the attack" ask."""
    kids = list(tok.children)
    if any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "for") for c in kids):
        return False
    objects = [c for c in kids if c.dep_ == "dobj"]
    objects += [g for c in kids if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in OPERATION_NOUNS for o in objects)


def abstract_gift(tok) -> bool:
    """"gave Peru the initiative", "provides a chance", "had given ample proof": a verb of giving whose object is
    neither material nor a kind of help gives no aid ("gave Peru two patrol boats", "provided shelter" do)."""
    if tok.lemma_.lower() not in GIVING_VERBS:
        return False
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if objects and objects[0].lower_ in RELATIVE and tok.dep_ == "relcl":
        objects = [tok.head]  # "the loan, which the Fund provides": the noun the clause modifies
    objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"  # "provided Peru with a loan"
                for g in c.children if g.dep_ == "pobj"]
    if not objects:
        return False
    words = {t.lemma_.lower() for o in objects for t in o.subtree}  # "supplies of food", "billions in aid"
    return not (words & AID_OBJECTS)
