"""tools/judged_sides.py: the kinds a wrong side of a judged event is sorted into (issue 13), on a sentence written
for this test with hand-built actor mentions."""
import importlib.util
import sys

import pytest

from detente.events.coder import sentences
from detente.model import Actor, Span

from conftest import ROOT

TEXT = "Ghana's foreign minister said Togolese troops shelled Benin in Cotonou on Monday."


def _tool():
    if str(ROOT / "tools") not in sys.path:  # the tool imports tools/dev_paths.py, as when run as a script
        sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location("judged_sides", ROOT / "tools" / "judged_sides.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def mention(words, code):
    start = TEXT.index(words)
    return Actor(code, None, words, Span(start, start + len(words), words))


@pytest.fixture
def scene(nlp):
    doc = nlp(TEXT)
    actors = (mention("Ghana's foreign minister", "GHA"), mention("Togolese troops", "TGO"), mention("Benin", "BEN"),
              mention("Cotonou", "BEN"))
    view = next(iter(sentences(doc, actors)))
    tok = next(t for t in view.sent if t.text == "shelled")
    return view, tok, {a.span.text: a for a in actors}


def test_each_wrong_side_gets_its_kind(scene):
    js = _tool()
    view, tok, a = scene
    gold = {"source": {"TGO"}, "target": {"BEN"}}
    assert js.fault(view, tok, ([a["Ghana's foreign minister"]], [a["Benin"]]), 0, gold, "wrong") == \
        "third party: speaker of reported act"
    assert js.fault(view, tok, ([a["Benin"]], [a["Togolese troops"]]), 0, gold, "wrong") == "swapped"
    assert js.fault(view, tok, ([a["Togolese troops"]], [a["Togolese troops"]]), 1, gold, "wrong") == \
        "same country as other side"
    assert js.fault(view, tok, ([], [a["Benin"]]), 0, gold, "missing") == "empty: sentence names it"
    assert js.fault(view, tok, ([a["Togolese troops"]], []), 1, {"source": {"TGO"}, "target": {"NGA"}},
                    "missing") == "empty: not in sentence"
    place = js.fault(view, tok, ([a["Togolese troops"]], [a["Cotonou"]]), 1, {"source": {"TGO"}, "target": set()},
                     "spurious")
    assert place == "spurious: place (in/at X)"
    outside = Actor("NGA", None, "Nigeria", None)
    assert js.fault(view, tok, ([a["Togolese troops"]], [outside]), 1, gold, "wrong") == \
        "third party: inferred (outside the sentence)"
