"""The shortcuts taken for speed (issue 19) give what the plain computation gives."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from detente import nlp
from detente.events import features as F
from detente.events import modality_features as MF
from detente.events import learned as L
from detente.events import linear as LN
from detente.events import lexicon as X
from detente.events import role_features as R


def _doc(text):
    import spacy

    return spacy.blank("en")(text)


def test_span_text_is_the_span_text_of_each_doc():
    a = _doc("Two ministers met on Monday. Did they agree?")
    b = _doc("Two ministers met on Friday. Nobody asked why?")
    for doc in (a, b, a):
        for start, end in ((0, 6), (6, len(doc)), (0, len(doc)), (2, 3)):
            assert nlp.span_text(doc[start:end]) == doc[start:end].text
    seen = []
    t = threading.Thread(target=lambda: seen.append(nlp.span_text(b[0:6])))
    t.start()
    t.join()
    assert seen == [b[0:6].text] and nlp.span_text(a[0:6]) == a[0:6].text


def _model(rng, n_buckets=400, classes=5, dtype=np.float16):
    buckets = np.unique(rng.integers(0, F.DIM, n_buckets))
    feats = [f"f={i}" for i in range(3000)]
    # make sure some features hit: add their buckets
    hit = np.array([F._bucket_of(f) for f in feats[:300]])
    buckets = np.unique(np.concatenate([buckets, hit]))
    weights = rng.normal(size=(len(buckets), classes)).astype(dtype)
    return L.Linear(buckets, weights, rng.normal(size=classes), list("abcde")), feats


@pytest.mark.parametrize("array_after", [10 ** 9, 0])  # one string at a time; numpy arrays for every call
def test_rows_and_scores_as_the_plain_lookup(monkeypatch, array_after):
    monkeypatch.setattr(LN, "ARRAY_AFTER", array_after)
    rng = np.random.default_rng(7)
    model, feats = _model(rng)
    wide = np.asarray(model.weights, dtype=np.float32)
    lists = []
    for _ in range(200):
        sample = list(rng.choice(feats, size=int(rng.integers(0, 60))))
        sample += sample[:3]  # repeated strings count once
        lists.append(sample)
        rows = LN._matched(model.buckets, F.hashed(sample))
        assert np.array_equal(model.rows(sample), rows)
        plain = wide[rows].sum(axis=0) + model.bias
        assert model.scores(sample).tobytes() == plain.tobytes()
    assert model.rows_many(lists) == [model.rows(x) for x in lists]
    many = model.scores_many(lists + [[]])
    assert many.tobytes() == np.array([model.scores(x) for x in lists + [[]]]).tobytes()


def test_best_pattern_as_every_word_checked():
    lex = X.load()
    pats = [p for ps in lex.patterns.values() for p in ps][:3000]
    vocab = sorted({w for p in pats for w in p.post + p.pre if not w.startswith("&")})
    rng = np.random.default_rng(3)

    def plain(patterns, words, before):
        best = None
        for p in patterns:
            if not p.post and not p.pre:
                continue
            if all(X._has(w, words) for w in p.post) and all(X._has(w, before) for w in p.pre):
                if best is None or p.weight > best.weight:
                    best = p
        return best

    matched = 0
    for p in pats[:600]:
        words = frozenset([*p.post, *rng.choice(vocab, size=5)])  # the pattern's own words (synsets as named)
        for name in (w[1:] for w in p.post if w.startswith("&")):
            words |= frozenset(X.synsets().get(name, ((),))[0])
        before = frozenset(w for w in p.pre if not w.startswith("&"))
        got = X._best(pats, words, before)
        assert got is plain(pats, words, before)
        matched += got is not None
    assert matched > 100


def test_unknown_verbs_have_no_code():
    lex = X.load()
    assert not lex.knows("zzblorf") and lex.verb_code("zzblorf", frozenset({"talks"}), frozenset()) is None
    known = next(iter(lex.verbs))
    assert lex.knows(known)


def _parsed():
    """Two sentences with a hand-made parse (heads, labels, tags, lemmas, entities)."""
    import spacy
    from spacy.tokens import Doc

    words = "Officials said Russia sent 300 troops to the border . Did Kyiv reject the talks ?".split()
    heads = [1, 1, 3, 1, 5, 3, 3, 8, 6, 1, 12, 12, 12, 14, 12, 12]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "nummod", "dobj", "prep", "det", "pobj", "punct",
            "aux", "nsubj", "ROOT", "det", "dobj", "punct"]
    pos = ["NOUN", "VERB", "PROPN", "VERB", "NUM", "NOUN", "ADP", "DET", "NOUN", "PUNCT",
           "AUX", "PROPN", "VERB", "DET", "NOUN", "PUNCT"]
    tags = ["NNS", "VBD", "NNP", "VBD", "CD", "NNS", "IN", "DT", "NN", ".", "VBD", "NNP", "VB", "DT", "NNS", "."]
    lemmas = ["official", "say", "Russia", "send", "300", "troop", "to", "the", "border", ".",
              "do", "Kyiv", "reject", "the", "talk", "?"]
    ents = ["O", "O", "B-GPE", "O", "B-CARDINAL", "O", "O", "O", "O", "O", "O", "B-GPE", "O", "O", "O", "O"]
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
               ents=ents)


def test_sentence_lists_are_the_token_attributes():
    from detente.events import select, tokens

    doc = _parsed()
    for sent in doc.sents:
        t = tokens.sentence_table(sent)
        assert t.closed and t.tokens == list(sent)
        s0 = sent.start
        for k, tok in enumerate(sent):
            assert (t.lemma[k], t.lower[k], t.dep[k], t.pos[k], t.tag[k], t.ent[k], t.num[k]) == (
                tok.lemma_.lower(), tok.lower_, tok.dep_, tok.pos_, tok.tag_, tok.ent_type_, tok.like_num)
            assert t.head[k] + s0 == tok.head.i and t.token(k) == tok
            assert [c + s0 for c in t.children[k]] == [c.i for c in tok.children]
            assert sorted(j + s0 for j in t.subtree(k)) == [x.i for x in tok.subtree]
            assert [a + s0 for a in t.ancestors(k)] == [a.i for a in tok.ancestors]
            assert t.rank(k) == select.rank(tok)
            rep, fast = F._reporting_head(tok), t.reporting_head(k)
            assert (None if rep is None else rep.i) == (None if fast is None else fast + s0)
        assert t.question == sent.text.rstrip().endswith("?")


def test_a_question_is_read_from_its_last_token_with_more_than_whitespace():
    import spacy
    from spacy.tokens import Doc

    from detente.events import tokens

    vocab = spacy.blank("en").vocab
    for words, spaces in [(["Why", "?", "\n\n"], [False, True, False]), (["No", ".", " "], [False, False, False]),
                          (["Really", "?"], [False, False]), (["\n"], [False])]:
        doc = Doc(vocab, words=words, spaces=spaces)
        assert tokens._question(doc, 0, len(doc)) == doc[:].text.rstrip().endswith("?")


def test_type_features_as_read_from_the_tokens():
    from detente.events import coder

    doc = _parsed()
    actors = {2: object(), 11: object()}
    for sent in doc.sents:
        here = {i: a for i, a in actors.items() if sent.start <= i < sent.end}
        for tok in sent:
            fast = F.type_features(tok, sent, None, False, here)
            assert fast == F._token_type_features(tok, sent, None, False, here, F.covering(doc, here))
            assert coder._complement_words(tok, sent) == coder._complement_words(tok)
    reported = [t for t in doc if t.dep_ == "ccomp"]
    assert reported and any(f.startswith("rep=") for f in F.type_features(reported[0], reported[0].sent, None, False,
                                                                          {2: actors[2]}))


def test_prep_objects_in_the_order_of_the_prepositions_asked():
    from detente.events import arguments as A

    doc = _parsed()
    sent = doc[3]
    assert [t.i for t in A._prep_objects(sent, ("on", "to"))] == [8]
    assert A._prep_objects(sent, ("against",)) == []


def test_actor_index_tokens_by_character_offsets():
    from types import SimpleNamespace

    from detente.events import arguments as A
    from detente.model import Span

    doc = _parsed()
    russia, border = doc[2], doc[7:9]
    a = SimpleNamespace(span=Span(russia.idx, russia.idx + len(russia), russia.text))
    b = SimpleNamespace(span=Span(border.start_char + 1, border.end_char, border.text[1:]))
    index = A.ActorIndex.build(doc, (a, b, SimpleNamespace(span=None)))
    assert index.by_token == {2: a, 7: b, 8: b}
    assert A.ActorIndex.build(_doc(""), (a,)).by_token == {}


def test_parse_groups_keep_order_and_bound_count_and_characters(monkeypatch):
    from detente import pipeline

    monkeypatch.setattr(pipeline, "PARSE_GROUP_CHARS", 10)
    texts = ["aaaa", "bbbb", "cc", "dddddddddddd", "e", "f", "g"]
    groups = list(pipeline._char_groups(texts, 2))
    assert [t for g in groups for t in g] == texts  # every text once, in order
    assert all(len(g) <= 2 for g in groups)
    assert all(sum(map(len, g)) <= 10 or len(g) == 1 for g in groups)  # a longer text stands alone
    assert ["dddddddddddd"] in groups


def test_tokens_between_and_trigger_of_as_a_scan_of_the_sentence():
    from types import SimpleNamespace

    from detente.actors import party_check as PC

    doc = _doc("The envoys of  two states met  in Oslo. Talks on trade resumed after a pause.")
    sents = (doc[0:9], doc[9:len(doc)], doc[2:5], doc[3:3])
    text_len = len(doc.text)
    for sent in sents:
        for start in range(-1, text_len + 2):
            for end in range(start, min(start + 12, text_len + 3)):
                plain = [t.i for t in sent if t.idx < end and t.idx + len(t.text) > start]
                assert list(nlp.tokens_between(sent, start, end)) == plain
            ev = SimpleNamespace(evidence=SimpleNamespace(trigger=SimpleNamespace(start=start)))
            plain = next((t for t in sent if t.idx <= start < t.idx + len(t.text)), None)
            if len(sent):
                assert PC.trigger_of(sent, ev).i == (plain.i if plain is not None else sent.root.i)


def test_party_check_feature_key_remembered_as_computed(monkeypatch):
    import zlib

    from detente.actors import party_check as PC

    monkeypatch.setattr(PC._KEYS, "bound", 4)
    names = [f"rel=pobj:{w}|source" for w in ("in", "on", "at", "of", "to", "by")] * 3
    for n in names:
        assert PC.feature_key(n) == format(zlib.crc32(n.encode("utf-8")), "08x")
    assert len(PC._KEYS) <= 4


def test_speaker_tokens_from_the_sentence_lists_as_from_the_tokens():
    from detente.events import tokens as TK

    doc = nlp.load()("The minister said on Monday that the army had shelled the town. Officials in the capital "
                     "told reporters the talks would resume, the agency reported.")
    read = 0
    for sent in doc.sents:
        for tok in sent:
            TK._SENTENCES.state = None
            plain = L.speaker_tokens(tok)
            TK.sentence_table(sent)
            if TK.table_holding(tok) is not None:
                assert L.speaker_tokens(tok) == plain
                read += bool(plain)
    assert read  # some trigger has a speaker, read both ways


def _sentence_views(text: str) -> tuple:
    """The trained coder and the sentence views of ``text``, as the events stage reads them."""
    from detente.actors import find_actors
    from detente.events import coder as C

    doc = nlp.load()(text)
    return L.model(), list(C.sentences(doc, tuple(find_actors(doc))))


def test_a_docs_type_scores_read_at_once_as_each_sentences_alone():
    model, views = _sentence_views(
        "Russia accused Ukraine of shelling a border town on Monday. The French foreign minister met his German "
        "counterpart in Berlin to discuss sanctions against Iran. Turkish troops attacked Kurdish militias in "
        "northern Syria, the army said. Nothing else happened.")
    together = model.prepare(views)
    coded = vetoed = 0
    for view, ready in zip(views, together):
        alone = model.prepare([view])[0]
        assert np.asarray(ready[3]).tobytes() == np.asarray(alone[3]).tobytes()  # the same float32 sums
        assert ready[4] == alone[4]  # the trigger veto's probabilities
        vetoed += len(ready[4])
        events = model.code(view, ready)
        assert events == model.code(view)
        coded += len(events)
    assert coded and vetoed and sum(len(r[2]) for r in together) > len(views)


def test_a_docs_role_probabilities_read_at_once_as_each_sentences_alone():
    model, views = _sentence_views(
        "Egypt condemned Israel for the strikes on Gaza. The Japanese prime minister met the Indian president in "
        "Delhi to sign a trade pact. Nothing else happened. Pakistani forces fired on Indian troops near the "
        "border, officials in Islamabad said.")
    prepared = model.prepare(views)
    together = model.code_many(views, prepared)
    assert len(together) == len(views)
    for view, ready, events in zip(views, prepared, together):
        assert events == model.code(view, ready)  # the roles of the sentence's events scored alone
    assert sum(1 for events in together if events) >= 2  # roles of more than one sentence read in the one pass
    assert any(e.source or e.target for events in together for e in events)


def test_sentence_lists_remembered_for_every_sentence_of_the_doc():
    from detente.events import tokens as TK

    doc = _parsed()
    first, second = list(doc.sents)
    a = TK.sentence_table(first)
    b = TK.sentence_table(second)
    assert TK.sentence_table(doc[first.start:first.end]) is a  # another Span of the same sentence: remembered
    assert TK.table_holding(doc[0]) is a and TK.table_holding(doc[second.start]) is None  # the last read holds
    assert TK.sentence_table(second) is b
    other = _parsed()
    assert TK.sentence_table(list(other.sents)[0]) is not a  # another Doc: read afresh


def test_subtree_indices_as_the_tokens_subtree():
    from detente.events import tokens as TK

    doc = _parsed()
    for sent in doc.sents:
        for tok in sent:
            assert TK.subtree_indices(tok, sent) == {t.i for t in tok.subtree}
    assert len(TK.subtree_indices(doc[1], list(doc.sents)[0])) > 5


def _token_path(a, b):
    """features._path as it was, on Tokens."""
    up, down = [a, *a.ancestors], [b, *b.ancestors]
    pos = {t.i: k for k, t in enumerate(down)}
    for ka, t in enumerate(up):
        if t.i in pos:
            return [x.i for x in up[:ka]], [x.i for x in reversed(down[:pos[t.i]])], t.i
    return None


def _token_phrase_head(tok):
    """features.phrase_head as it was, on Tokens."""
    rel, t = [], tok
    for _ in range(5):
        if t.dep_ in R.PHRASE_DEPS or (t.dep_ == "conj" and t.head.pos_ in ("NOUN", "PROPN")):
            rel.append(t.dep_)
            t = t.head
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NOUN", "PROPN"):
            rel.append("of")
            t = t.head.head
        else:
            break
    return t.i, " ".join(rel) or "-"


def test_role_paths_and_phrases_from_the_lists_as_from_the_tokens():
    from detente.events import tokens

    doc = _parsed()
    cols = tokens._columns(doc)
    heads = tokens._heads(doc)
    for a in doc:
        assert R._phrase_head(a.i, cols) == _token_phrase_head(a)
        assert R.phrase_head(a)[0].i == _token_phrase_head(a)[0]
        np_head = doc[_token_phrase_head(a)[0]]
        ent = a.ent_type_ or "-"
        want = (np_head.head.lower_, ent) if np_head.dep_ == "pobj" and np_head.head.dep_ in ("prep", "agent") \
            else ("-", ent)
        assert R.place_phrase(a) == want
        for b in doc:
            assert R._path(a.i, b.i, heads) == _token_path(a, b)
    assert R._path(2, 8, heads) == ([2], [6, 8], 3) and R._path(2, 11, heads) is None  # two sentences: no path
    assert R.place_phrase(doc[8]) == ("to", "-")


def test_modality_features_from_the_lists_as_from_the_tokens():
    from detente.events import modality_model as M
    from detente.events import tokens

    doc = _parsed()
    for sent in doc.sents:
        table = tokens.sentence_table(sent)
        for tok in sent:
            f, v = M._listed_features(table, tok.i - sent.start, "asserted")
            want, wv = M._token_features(tok, "asserted")
            assert (f, v + sent.start) == (want, wv.i)
    assert any(x.startswith("rep=") for x in M._listed_features(tokens.sentence_table(doc[:10]), 3, "asserted")[0])


def test_event_modality_features_from_the_lists_as_from_the_tokens():
    doc = _parsed()
    for sent in doc.sents:
        for tok in sent:
            for year in (None, 2020):
                assert MF.modality_features(tok, sent, "asserted", "none", year) == \
                    MF._token_modality_features(tok, sent, "asserted", "none", year)
    assert any(x.startswith("rep=") for x in MF.modality_features(doc[3], doc[:10], "asserted", "True"))


def test_modality_features_of_parsed_sentences_from_the_lists_as_from_the_tokens(nlp):
    from detente.events import modality_model as M
    from detente.events import tokens

    doc = nlp("According to the ministry, the army had allegedly shelled the town in 2019, two years ago. "
              "Officials may have said the rebels would probably attack again, as they did in the 1990s. "
              "The minister was accused of planning to sign a deal in the capital in 1998.")
    seen = set()
    for sent in doc.sents:
        table = tokens.sentence_table(sent)
        assert table.closed
        for tok in sent:
            for year in (None, 2020):
                fast = MF.modality_features(tok, sent, "asserted", "none", year)
                assert fast == MF._token_modality_features(tok, sent, "asserted", "none", year)
                seen.update(x.split("=")[0] for x in fast)
            f, v = M._listed_features(table, tok.i - sent.start, "claimed")
            want, wv = M._token_features(tok, "claimed")
            assert (f, v + sent.start) == (want, wv.i)
    assert {"attr", "yc", "ycp", "ago", "decade", "hedge", "u1"} <= seen


MODALITY_TEXTS = (
    "The army had shelled the town in 1998, the ministry said. Rebels may attack the base if talks fail.",
    "Did the government reject the offer? Nobody signed the accord, and no minister would meet the envoys.",
    "The president refused to sign the treaty. Officials plan to visit the capital next week.",
    "Will Kyiv accept the deal? Troops previously invaded the region in 1990, two decades before the accord.",
    "The talks could collapse. There was no agreement to withdraw the troops. Failing to act, they resigned.",
)


def test_rule_modality_from_the_lists_as_from_the_tokens(nlp):
    from detente.events import modality as MD
    from detente.events import tokens

    seen = set()
    for text in MODALITY_TEXTS:
        doc = nlp(text)
        for sent in doc.sents:
            table = tokens.sentence_table(sent)
            assert table.closed
            for tok in sent:
                for year in (None, 2020):
                    want = MD.modality(tok, sent, year)
                    assert MD.modality(tok, sent, year, table) == want, (tok.text, year)
                    seen.add(want)
    assert {"asserted", "negated", "hypothetical", "future", "question", "historical"} <= seen
