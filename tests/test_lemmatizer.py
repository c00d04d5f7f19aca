"""detente.lemmatizer gives every token the lemma spaCy's own lemmatizer gives (issue 19)."""
from __future__ import annotations

import spacy
from spacy.attrs import LEMMA, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer

from detente import lemmatizer as L

# Written for this test: plural and singular nouns, verb forms (infinitive, past, participles, present of the
# third person), comparatives, proper nouns, numbers, whitespace and words the attribute ruler lemmatises itself.
TEXTS = [
    "The ministers were meeting their counterparts; talks had stalled, and the envoys are leaving sooner.",
    "She says the better offers came later, but the best ones were withdrawn by the governments.",
    "  Two   delegations flew to Geneva.\n\nThey'll sign the accords tomorrow, won't they?",
    "Troops shelled the villages; the villagers fled, fleeing the worst fighting in years.",
    "",
]


def _lemmas(docs) -> list:
    return [(d.to_array([ORTH, POS, LEMMA]).tolist(), [t.lemma_ for t in d]) for d in docs]


def test_the_loaded_pipeline_lemmatises_as_spacy(nlp):
    assert isinstance(nlp.get_pipe("lemmatizer"), L.FastEnglishLemmatizer)
    stock = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    assert type(stock.get_pipe("lemmatizer")) is EnglishLemmatizer
    theirs = _lemmas(stock.pipe(TEXTS))
    assert _lemmas(nlp.pipe(TEXTS)) == theirs
    assert _lemmas(nlp.pipe(TEXTS)) == theirs  # again, every lemma now remembered
    doc = nlp("The envoys were fleeing.")
    assert [t.lemma_ for t in doc] == ["the", "envoy", "be", "flee", "."]


def test_remembered_lemmas_are_keyed_by_pos_and_morphology(nlp):
    lemmatizer = nlp.get_pipe("lemmatizer")
    nlp("The talks resumed. He talks often.")
    memory = lemmatizer._detente_memory
    talks = nlp.vocab.strings["talks"]
    assert len({k for k in memory if k[0] == talks}) >= 2  # the noun and the verb, each its own lemma
    assert {memory[k][1] for k in memory if k[0] == talks} == {"talk"}


def test_other_modes_and_other_lemmatizers_are_left_alone():
    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "rule"})
    L.install(blank)
    assert isinstance(blank.get_pipe("lemmatizer"), L.FastEnglishLemmatizer)
    empty = spacy.blank("en")
    L.install(empty)  # no lemmatizer: nothing to change
    assert "lemmatizer" not in empty.pipe_names


def test_index_lists_look_up_by_set_with_the_lists_answers(nlp):
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert table and all(isinstance(words, L._Index) for words in table.values())
    words = next(iter(table.values()))
    plain = list(words)
    assert words == plain and plain[0] in words and plain[-1] in words
    for probe in ("zzqx", "", plain[0].upper(), ["not", "hashable"]):
        assert (probe in words) == (probe in plain)
