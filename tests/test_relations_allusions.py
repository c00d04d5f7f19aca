"""Named organisations and allusions: two ways another article's report joins a happening."""
from detente.model import Actor, Analysis, Article, Event, Evidence, Span
from detente.relations import build_clusters, cluster, clusters
from detente.store import Store
from relations_records import event, write

CRASH = "Russian air defence shot down an Azerbaijani airliner over the Caspian coast."
# An opinion piece that only alludes to it, in a sentence where something else is coded.
ALLUDE = ("The quarrel began in December, after an incident involving an Azerbaijani airliner, "
          "when Baku expelled two Russian envoys.")
UNRELATED = "Baku expelled two Russian envoys after an incident at a football match."


def _actor(text: str, sentence: str, code: str, offset: int = 0, actor_id: str | None = None) -> Actor:
    at = sentence.index(text) + offset
    return Actor(code=code, sector="GOV", name=text, span=Span(at, at + len(text), text), id=actor_id or code)


def _write(store, text, events, actors, published=None, outlet=None):
    a = Analysis(article=Article.create(text, published=published, outlet=outlet), events=tuple(events),
                 actors=tuple(actors))
    store.write(a, "test")
    return a.article.id


def _crash_store(allusion_text: str, published="2025-01-10"):
    store = Store(":memory:")
    write(store, CRASH, [event(CRASH, "shot down", "ASSAULT", -9.5, "RUS", "AZE")], outlet="Wire A")
    expel = event(allusion_text, "expelled", "SANCTION", -4, "AZE", "RUS", date="2024-12", precision="month")
    actors = [_actor("Azerbaijani", allusion_text, "AZE") if "Azerbaijani" in allusion_text else None,
              _actor("Baku", allusion_text, "AZE"), _actor("Russian", allusion_text, "RUS")]
    _write(store, allusion_text, [expel], [a for a in actors if a], published=published, outlet="Op-Ed B")
    return store


def test_an_allusion_in_another_article_joins_the_happening():
    store = _crash_store(ALLUDE)
    assert build_clusters(store)["allusions"] == 1
    crash = next(c for c in clusters(store) if c["event"] == "ASSAULT")
    assert (crash["mentions"], crash["articles"], crash["sources"], crash["allusions"]) == (1, 2, 2, 1)
    reports = cluster(store, crash["cluster_id"])["reports"]
    assert [r["modality"] for r in reports] == ["asserted", "allusion"]
    allusion = reports[1]
    assert allusion["outlet"] == "Op-Ed B" and allusion["event"] is None
    assert allusion["sentence"][allusion["trigger_offset"]:].startswith("incident")
    # the alluding sentence's own event stays its own happening
    assert next(c for c in clusters(store) if c["event"] == "SANCTION")["articles"] == 1


def test_no_allusion_without_a_shared_word_or_party():
    store = _crash_store(UNRELATED)
    assert build_clusters(store)["allusions"] == 0
    assert all(c["articles"] == 1 for c in clusters(store))


def test_allusions_can_be_switched_off():
    from detente.relations import ClusterRule

    store = _crash_store(ALLUDE)
    assert build_clusters(store, ClusterRule(allusions=False))["allusions"] == 0


def _org_event(sentence, trigger, kind, score, org_text, org_id):
    at = sentence.index(trigger)
    org = _actor(org_text, sentence, "RUS", actor_id=org_id)
    return Event(kind, None, None, score, (Actor("AZE", "GOV", "Azerbaijan"),), (org,), "asserted",
                 Evidence(sentence, 0, 0, Span(at, at + len(trigger), trigger)), "test@1")


def test_a_shared_named_organisation_links_differently_worded_reports():
    one = "Baku ordered the closure of the Russian House on Nizami street last spring."
    two = "Azerbaijan notified Moscow that Rossotrudnichestvo operations must end."
    store = Store(":memory:")
    for text, trig, kind, name in ((one, "closure", "COERCE", "Russian House"), (two, "end", "SANCTION",
                                                                                "Rossotrudnichestvo")):
        write(store, text, [_org_event(text, trig, kind, -5, name, "org:Rossotrudnichestvo")])
    assert build_clusters(store)["clusters"] == 1
    store2 = Store(":memory:")
    for text, trig, kind, name, oid in ((one, "closure", "COERCE", "Russian House", "org:Russian House"),
                                        (two, "end", "SANCTION", "Rossotrudnichestvo", "org:Other")):
        write(store2, text, [_org_event(text, trig, kind, -5, name, oid)])
    assert build_clusters(store2)["clusters"] == 2


def test_two_written_articles_share_both_happenings(tmp_path):
    """End to end with the real parser: an article that codes the downing and the closure, and an
    opinion piece that only alludes to the downing and names the closure's organisation differently."""
    import detente

    (tmp_path / "wire.txt").write_text(
        "Title: Baku closes Russian cultural centre\nDate: 2025-01-20\nOutlet: Wire A\n\n"
        "Russian air defence shot down an Azerbaijani airliner near Grozny last month. "
        "Azerbaijan closed the Russian House in Baku on Monday.\n", encoding="utf-8")
    (tmp_path / "oped.txt").write_text(
        "Title: A friendship in trouble\nDate: 2025-01-25\nOutlet: Op-Ed B\n\n"
        "The rift deepened after the airliner incident over Chechnya, when Baku expelled two Russian "
        "envoys. Azerbaijan suspended the operations of Rossotrudnichestvo in the country.\n",
        encoding="utf-8")
    store = Store(str(tmp_path / "d.duckdb"))
    detente.analyze([tmp_path], db=store)
    build_clusters(store)
    shared = {c["event"]: c for c in clusters(store, "AZE", "RUS", min_articles=2)}
    assert "ASSAULT" in shared and shared.keys() & {"SANCTION", "COERCE"}, shared.keys()  # the closure, either type
    assert shared["ASSAULT"]["allusions"] == 1 and shared["ASSAULT"]["sources"] == 2
