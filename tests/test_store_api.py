"""The public Python API: nothing cut silently, totals, since=, place=, pandas/Arrow accessors, relations."""
import inspect

import pytest

import detente
from detente.store import Store


@pytest.fixture
def big(tmp_path):
    path = str(tmp_path / "big.duckdb")
    with Store(path) as store:
        store.con.execute("""
            INSERT INTO events (key, article_id, event, score, modality, happened, date, date_value, place_name,
                                place_country, lat, lon, sentence, sentence_index, trigger_start, trigger_end,
                                source_codes, target_codes)
            SELECT 'k' || i, 'a' || (i % 7), CASE WHEN i % 2 = 0 THEN 'CONSULT' ELSE 'ACCUSE' END,
                   CASE WHEN i % 2 = 0 THEN 2.5 ELSE -3 END, 'asserted', true,
                   DATE '2024-01-01' + INTERVAL (i) DAY, strftime(DATE '2024-01-01' + INTERVAL (i) DAY, '%Y-%m-%d'),
                   CASE WHEN i % 3 = 0 THEN 'Baku' ELSE 'Tbilisi' END, CASE WHEN i % 3 = 0 THEN 'AZE' ELSE 'GEO' END,
                   40.4, 49.9, 'A sentence number ' || i || '.', 0, 0, 1, ['AZE'], ['RUS']
            FROM range(1200) t(i)""")
    return path


def test_events_are_not_capped_and_totals_are_there(big):
    with detente.open(big, read_only=True) as store:
        assert len(store.events()) == 1200 == store.count_events()
        page = store.events(limit=100, offset=1100)
        assert len(page) == 100 and store.count_events(limit=100) == 1200
        assert sum(1 for _ in store.iter_events(page=500)) == 1200


def test_since_and_place(big):
    with detente.open(big, read_only=True) as store:
        since = store.events(since="2026-01-01")
        assert since and all(e["date"] >= "2026-01-01" for e in since)
        assert len(since) == store.count_events(date_from="2026-01-01")
        assert store.count_events(place="baku") == 400 == store.count_events(place="AZE")
        assert store.count_events(place="50%_") == 0  # wildcards are literal


def test_dataframe_and_arrow_accessors(big):
    import pyarrow as pa

    with detente.open(big, read_only=True) as store:
        table = store.events_arrow(types=("ACCUSE",))
        assert table.num_rows == 600 and pa.types.is_date32(table.schema.field("day").type)
        frame = store.events_df(actor="AZE", limit=10)
        assert len(frame) == 10 and {"event", "date", "sentence", "source_codes"} <= set(frame.columns)


def test_public_api_is_documented_and_typed():
    for fn in (detente.open, detente.analyze, detente.dyad_series, detente.alerts, detente.network):
        assert fn.__doc__ and inspect.signature(fn).return_annotation is not inspect.Signature.empty, fn
    for name, member in inspect.getmembers(Store, inspect.isfunction):
        if not name.startswith("_"):
            assert member.__doc__, f"Store.{name} has no docstring"


def test_two_readers_in_one_process_and_a_writer_after(big):
    with detente.open(big, read_only=True) as a, detente.open(big, read_only=True) as b:
        assert a.count_events() == b.count_events() == 1200
    with detente.open(big) as w:  # both let go: writing works
        w.con.execute("DELETE FROM events WHERE key = 'k0'")
    with detente.open(big, read_only=True) as r:
        assert r.count_events() == 1199
