"""One happening told in English and in Russian (texts written for this test) forms one cluster, matched through
knowledge-base ids (a named person of both reports), not through shared words."""
import detente
from detente.relations import build_clusters, clusters

EN = ("Date: 2023-06-14\n\nLithuanian Foreign Minister Gabrielius Landsbergis met Kazakh President Kassym-Jomart "
      "Tokayev in Astana on Wednesday to discuss transit routes.\n")
RU = ("Date: 2023-06-14\n\nПрезидент Казахстана Касым-Жомарт Токаев в среду провёл в Астане переговоры с "
      "министром иностранных дел Литвы Габриэлюсом Ландсбергисом.\n")
OTHER = ("Date: 2023-06-14\n\nПрезидент Казахстана Касым-Жомарт Токаев в среду провёл переговоры с "
         "министром иностранных дел Китая.\n")


def test_english_and_russian_reports_of_one_meeting_form_one_cluster(tmp_path):
    for name, text in (("en.txt", EN), ("ru.txt", RU), ("other.txt", OTHER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "c.duckdb")
    detente.analyze([tmp_path], db=db)
    with detente.open(db) as store:
        assert sorted(a["language"] for a in store.articles()) == ["en", "ru", "ru"]
        build_clusters(store)
        consult = [c for c in clusters(store) if c["event"] == "CONSULT"]
        joined = [c for c in consult if c["articles"] == 2]
        assert len(joined) == 1, consult
        # the talks with China's minister share the person but not the dyad: their own cluster
        assert sum(c["articles"] for c in consult) == 3


def test_each_language_is_stored_with_its_own_coder_string_and_a_rerun_skips_both(tmp_path):
    from detente import pipeline

    for name, text in (("en.txt", EN), ("ru.txt", RU)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "v.duckdb")
    first = detente.analyze([tmp_path], db=db)
    assert first.analysed == 2
    coders = pipeline.coder_versions()
    with detente.open(db, read_only=True) as store:
        stored = {a["language"]: store.stored_coder(a["id"]) for a in store.articles()}
    assert stored == {"en": coders[None], "ru": coders["ru"]}
    assert "natasha" in stored["ru"] and "natasha" not in stored["en"]
    again = detente.analyze([tmp_path], db=db)
    assert (again.analysed, again.skipped, again.stale) == (0, 2, 0)
