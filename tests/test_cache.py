from detente.cache import cached


def test_cache_rebuilds_only_when_a_source_changes(tmp_path, cache_dir):
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
    assert len(list(cache_dir.glob("kb-*.pickle"))) == 2  # the older entry is kept (another checkout)
    src.write_text("a")
    assert cached("kb", [src], build) == {"value": "a"} and len(calls) == 2  # back to the first: a hit


def test_two_checkouts_share_one_entry(tmp_path, cache_dir):
    one, two = tmp_path / "one" / "data.txt", tmp_path / "two" / "data.txt"
    for p in (one, two):
        p.parent.mkdir()
        p.write_text("same contents")
    calls = []
    assert cached("kb", [one], lambda: calls.append(1) or "built") == "built"
    assert cached("kb", [two], lambda: calls.append(2) or "rebuilt") == "built" and calls == [1]
    assert len(list(cache_dir.glob("kb-*.pickle"))) == 1


def test_old_unused_entries_are_pruned_beyond_the_most_recent(tmp_path, cache_dir):
    import os
    import time

    from detente import cache

    src = tmp_path / "data.txt"
    for i in range(cache.KEEP + 2):
        src.write_text("x" * (i + 1))
        cached("kb", [src], lambda: i)
        for old in cache_dir.glob("kb-*.pickle"):  # every entry so far: a month unused
            os.utime(old, (time.time() - 30 * 86400, time.time() - 30 * 86400))
    src.write_text("final")
    cached("kb", [src], lambda: "final")
    assert len(list(cache_dir.glob("kb-*.pickle"))) == cache.KEEP


def test_unpicklable_value_is_returned_and_leaves_no_file(tmp_path, cache_dir):
    src = tmp_path / "data.txt"
    src.write_text("a")
    value = {"f": lambda: 1}
    assert cached("odd", [src], lambda: value) is value
    assert [p.name for p in cache_dir.iterdir()] == ["digests.json"]  # no pickle, no temporary file


def test_gazetteer_round_trips_through_pickle():
    import pickle

    from detente.where import gazetteer

    g = gazetteer.load()  # read from its packed file: pickled, it becomes read-only dictionaries
    back = pickle.loads(pickle.dumps(g))
    assert back.lookup("Baku") == g.lookup("Baku") and back.countries["AZE"] == g.countries["AZE"]
    assert type(back.index).__name__ == "mappingproxy" and len(back.index) == len(g.index)


def test_a_python_source_changed_after_the_process_started_is_built_but_not_stored(tmp_path, cache_dir):
    """The running process may hold the older code: what it builds is not stored under the new source's key."""
    import os
    import time

    code = tmp_path / "builder.py"
    code.write_text("VALUE = 2\n", encoding="utf-8")
    later = time.time() + 60
    os.utime(code, (later, later))  # edited after this process started
    calls = []
    assert cached("edited", [code], lambda: calls.append(1) or "built") == "built"
    assert cached("edited", [code], lambda: calls.append(1) or "built") == "built"
    assert len(calls) == 2 and not list(cache_dir.glob("edited-*"))
    os.utime(code, (1_000_000_000, 1_000_000_000))  # as in a checkout made before the process started
    cached("edited", [code], lambda: calls.append(1) or "built")
    assert cached("edited", [code], lambda: calls.append(1) or "built") == "built"
    assert len(calls) == 3 and len(list(cache_dir.glob("edited-*"))) == 1
