from detente.cache import cached


def test_cache_rebuilds_only_when_a_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("DETENTE_NO_CACHE", raising=False)
    src = tmp_path / "data.txt"
    src.write_text("a")
    calls = []

    def build():
        calls.append(1)
        return {"value": src.read_text()}

    assert cached("kb", [src], build) == {"value": "a"}
    assert cached("kb", [src], build) == {"value": "a"} and len(calls) == 1
    src.write_text("bb")
    assert cached("kb", [src], build) == {"value": "bb"} and len(calls) == 2
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 1


def test_unpicklable_value_is_returned_and_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_CACHE", str(tmp_path / "cache"))
    src = tmp_path / "data.txt"
    src.write_text("a")
    value = {"f": lambda: 1}
    assert cached("odd", [src], lambda: value) is value
    assert list((tmp_path / "cache").iterdir()) == []


def test_gazetteer_round_trips_through_pickle():
    import pickle

    from detente.where import gazetteer

    g = gazetteer.load()
    back = pickle.loads(pickle.dumps(g))
    assert back.lookup("Baku") == g.lookup("Baku") and back.countries["AZE"] == g.countries["AZE"]
    assert type(back.index).__name__ == "mappingproxy"
