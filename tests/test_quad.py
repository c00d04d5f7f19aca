"""The quad classifier ships numbers only: hashed n-gram buckets, idf, coefficients; no word of any text."""
import json

from detente.events import quad


def test_model_file_holds_no_text():
    d = json.loads(quad.MODEL_FILE.read_text(encoding="utf-8"))
    assert "features" not in d and "vocabulary" not in d
    assert all(isinstance(b, int) for b in d["buckets"])
    assert len(d["buckets"]) == len(d["idf"]) == len(d["coef"][0])
    strings = {k for k, v in d.items() if isinstance(v, str)}
    assert strings <= {"model", "command", "cv", "corpus_sha256"}, strings
    assert d["cv_macro_f1"] >= 0.70


def test_hashing_is_stable_and_bounded():
    a = quad.hashed_features("Troops shelled the border town", 2 ** 18)
    assert a == quad.hashed_features("troops SHELLED the border town", 2 ** 18)
    assert all(0 <= b < 2 ** 18 for b in a) and sum(a.values()) == 5 + 4  # 5 words, 4 bigrams (no 1-letter words)


def test_classifies_our_own_sentences():
    assert quad.classify("Artillery units pounded the rebel-held villages overnight, killing nine.") == "MATERIAL_CONFLICT"
    assert quad.classify("The two foreign ministers praised each other and pledged closer cooperation.") in (
        "VERBAL_COOP", "MATERIAL_COOP")
