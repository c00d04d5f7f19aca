"""detente.attribute_rules gives every token the attributes spaCy's own attribute ruler gives (issue 19)."""
from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.pipeline import AttributeRuler

from detente import attribute_rules as R

ATTRS = [ORTH, LOWER, TAG, POS, MORPH, LEMMA, DEP, HEAD, IS_SPACE]
# Written for this test: the model's word-specific rules ("gonna", "ain't", "y'all", "let's", "there is", "it" as
# an object), whitespace tokens, auxiliaries, determiners and subordinators.
TEXTS = [
    "Y'all ain't gonna believe it, but there is a deal: let's sign it.\n\nThe ministers did not agree.",
    "If the talks fail, both sides will have to return to the table; whether they do is unclear.",
    "There were protests in the capital after the government raised fuel prices by 20 percent.",
    "  I gave it to you because nothing   was said about that , wasn't it ?",
    "",
]


def _same(a, b) -> bool:
    return (a.to_array(ATTRS) == b.to_array(ATTRS)).all() and [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_the_loaded_pipeline_uses_the_table_and_parses_as_spacy(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), R.FastAttributeRuler)
    stock = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    assert type(stock.get_pipe("attribute_ruler")) is AttributeRuler
    for ours, theirs in zip(nlp.pipe(TEXTS), stock.pipe(TEXTS)):
        assert _same(ours, theirs)
        assert [t.pos_ for t in ours] == [t.pos_ for t in theirs] and [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    doc = nlp("It ain't so.")  # a rule of two tokens: "ai" followed by "n't" is a form of "be"
    assert [t.lemma_ for t in doc][1] == "be" and _same(doc, stock("It ain't so."))


def _ruler_pair(patterns):
    pipes = []
    for fast in (False, True):
        blank = spacy.blank("en")
        ruler = blank.add_pipe("attribute_ruler")
        ruler.add_patterns(patterns)
        if fast:
            R.install(blank)
        pipes.append(blank)
    return pipes


@pytest.mark.parametrize("patterns", [
    [  # runs of two tokens with the attributes at either end, later patterns winning, sets, regexes, spaces
        {"patterns": [[{"LOWER": "no"}, {"LOWER": {"REGEX": "^one$|^body$"}}]], "attrs": {"POS": "PRON"}, "index": -1},
        {"patterns": [[{"LOWER": {"IN": ["no", "any"]}}]], "attrs": {"POS": "DET", "MORPH": "PronType=Neg"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["no", "any", ""]}}]], "attrs": {"LEMMA": "x"}},
        {"patterns": [[{"LOWER": "no"}, {"LOWER": "one"}]], "attrs": {"LEMMA": "nobody"}, "index": 0},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "MORPH": "_"}},
        {"patterns": [[{"LOWER": "any"}], [{"LOWER": "body"}]], "attrs": {"POS": "NOUN"}},
    ],
    [  # an operator: left to spaCy's own matching
        {"patterns": [[{"LOWER": "no", "OP": "+"}]], "attrs": {"POS": "DET"}},
    ],
])
def test_a_ruler_of_given_patterns_sets_what_spacys_sets(patterns):
    theirs, ours = _ruler_pair(patterns)
    assert isinstance(ours.get_pipe("attribute_ruler"), R.FastAttributeRuler)
    for text in ["No one came, no  body asked and any body knows.", "no no one", "one", "", "  \n"]:
        a, b = theirs(text), ours(text)
        assert _same(a, b), text
    ruler = ours.get_pipe("attribute_ruler")
    assert (ruler._detente_plan[1] is None) == any("OP" in s for p in patterns for x in p["patterns"] for s in x)


def test_patterns_added_later_are_compiled_again():
    theirs, ours = _ruler_pair([{"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "NOUN"}}])
    assert _same(theirs("talks resumed"), ours("talks resumed"))
    for pipe in (theirs, ours):
        pipe.get_pipe("attribute_ruler").add([[{"LOWER": "resumed"}]], {"POS": "VERB"})
    a, b = theirs("talks resumed"), ours("talks resumed")
    assert _same(a, b) and b[1].pos_ == "VERB"
