import json

from detente.model import analysis_from_dict, content_id, to_dict
from records import sample_analysis


def test_analysis_round_trips_through_json():
    a = sample_analysis()
    back = analysis_from_dict(json.loads(json.dumps(to_dict(a))))
    assert back == a
    assert [e.key for e in back.events] == [e.key for e in a.events]


def test_content_id_ignores_whitespace_layout():
    assert content_id("Baku  recalled\nits envoy.") == content_id("Baku recalled its envoy.")
    assert content_id("Baku recalled its envoy.") != content_id("Moscow recalled its envoy.")
