"""The Russian parse: natasha wrapped into a spaCy Doc (sentences written for these tests)."""
import pytest

from detente import nlp as nlp_mod

TEXTS = [
    "Министр обороны Грузии прибыл в Анкару.  В пятницу он встретится с турецким коллегой.",
    "\n  Парламент Молдовы одобрил соглашение с Румынией.\n\nПрезидент подписал закон в среду. ",
    "Казахстан и Узбекистан договорились о поставках газа",
]


@pytest.fixture(scope="module")
def ru():
    return nlp_mod.load_ru()


@pytest.mark.parametrize("text", TEXTS)
def test_doc_rebuilds_the_text_exactly(ru, text):
    doc = ru(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    assert doc.lang_ == "ru"


def test_annotations(ru):
    doc = ru(TEXTS[0])
    words = {t.text: t for t in doc}
    assert words["прибыл"].pos_ == "VERB" and words["прибыл"].lemma_ == "прибыть"
    assert words["прибыл"].dep_ == "ROOT"
    assert words["Министр"].dep_ == "nsubj" and words["Министр"].head.text == "прибыл"
    assert words["Анкару"].morph.get("Case") == ["Acc"] and words["Анкару"].lemma_ == "анкара"
    assert words["в"].dep_ == "case" and words["в"].head.text == "Анкару"
    assert words["встретится"].lemma_ == "встретиться"
    assert [s.text.strip() for s in doc.sents] == [
        "Министр обороны Грузии прибыл в Анкару.", "В пятницу он встретится с турецким коллегой."]
    assert ("Грузии", "LOC") in [(e.text, e.label_) for e in doc.ents]


def test_extra_whitespace_becomes_space_tokens(ru):
    doc = ru(TEXTS[1])
    assert doc[0].pos_ == "SPACE" and doc[0].text == "\n  "
    assert sum(1 for s in doc.sents) == 2
    assert all(t.head.sent == t.sent for t in doc)


def test_pipe_and_empty_texts(ru):
    docs = list(ru.pipe(["", "   ", TEXTS[2]]))
    assert [d.text for d in docs] == ["", "   ", TEXTS[2]]
    assert len(docs[0]) == 0 and docs[1][0].pos_ == "SPACE"
    assert docs[2][0].lemma_ == "казахстан"
