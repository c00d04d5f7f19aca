"""tools/same_country.py: which coded dyads count as the same country on both sides (issue 13)."""
import importlib.util
import sys

from detente.model import Actor

from conftest import ROOT


def _tool():
    if str(ROOT / "tools") not in sys.path:  # the tool imports tools/dev_paths.py, as when run as a script
        sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location("same_country", ROOT / "tools" / "same_country.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_same_party_unless_the_sectors_differ():
    same_party = _tool().same_party
    gov, police = Actor("EST", "GOV", "Estonia"), Actor("EST", "COP", "police")
    bare, other = Actor("EST", None, "Estonia"), Actor("LVA", "GOV", "Latvia")
    assert same_party([gov], [Actor("EST", "GOV", "Tallinn")])
    assert same_party([bare], [police])  # a missing sector does not tell them apart
    assert not same_party([gov], [police])  # a domestic event
    assert not same_party([gov], [other])
    assert not same_party([Actor(None, "CVL", "residents")], [Actor(None, "CVL", "residents")])
