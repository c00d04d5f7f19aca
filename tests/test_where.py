"""Where: toponyms resolved offline and given to events, on sentences written for these tests."""
import pytest

from detente.model import Actor, Event, Evidence, Span
from detente.where import find_places, place_events, predict_places
from detente.where.gazetteer import km, load


@pytest.fixture(scope="module")
def gaz():
    return load()


def places(nlp, text, **kw):
    return {p.span.text: p for p in find_places(nlp(text), **kw)}


def test_city_in_baku(nlp):
    got = places(nlp, "The foreign ministers met in Baku on Tuesday.")
    baku = got["Baku"]
    assert baku.country == "AZE" and baku.kind == "city"
    assert km(baku.lat, baku.lon, 40.38, 49.89) < 30
    assert baku.geonames_id is not None


def test_georgia_by_context(nlp):
    caucasus = places(nlp, "Georgia accused Russia of moving border markers near Tbilisi.")
    assert caucasus["Georgia"].country == "GEO" and caucasus["Georgia"].kind == "country"
    south = places(nlp, "Storms hit Georgia overnight, and Atlanta and Savannah lost power.")
    assert south["Georgia"].country == "USA" and south["Georgia"].kind == "state"
    given = places(nlp, "Officials in Georgia said the vote would be recounted.", context_countries=("USA",))
    assert given["Georgia"].country == "USA"


def test_city_state_apposition(nlp):
    got = places(nlp, "The festival moved from Paris, Texas, to a larger venue.")
    assert got["Paris"].country == "USA"
    assert km(got["Paris"].lat, got["Paris"].lon, 33.66, -95.56) < 50


def test_disputed_regions_and_seas(nlp):
    got = places(nlp, "Shelling resumed in Nagorno-Karabakh while tankers crossed the Caspian Sea "
                      "and patrols watched Crimea.")
    assert got["Nagorno-Karabakh"].country == "AZE"
    assert got["Crimea"].country == "UKR"
    assert got["Caspian Sea"].kind == "sea"


def test_demonym_is_kept_as_country(nlp):
    got = places(nlp, "Armenian and Azerbaijani negotiators met again.")
    assert got["Armenian"].country == "ARM" and got["Armenian"].kind == "demonym"


def test_gazetteer_is_immutable(gaz):
    with pytest.raises(TypeError):
        gaz.index["x"] = ()
    assert any(e.kind == "country" for e in gaz.lookup("Azerbaijan"))


def _event(doc, trigger, source=None):
    text = doc.text
    start = text.index(trigger)
    src = ()
    if source:
        s = text.index(source)
        src = (Actor(code="RUS", sector="GOV", name=source, span=Span(s, s + len(source), source)),)
    ev = Evidence(sentence=text, sentence_index=0, sentence_start=0, trigger=Span(start, start + len(trigger), trigger),
                  source=tuple(a.span for a in src))
    return Event(event="ASSAULT", mode=None, cameo=None, score=-9.0, source=src, target=(),
                 modality="asserted", evidence=ev, coder="test@0")


def test_event_place_in_x(nlp):
    doc = nlp("Armenia and Azerbaijan signed a transit agreement in Baku.")
    (ev,) = place_events((_event(doc, "signed"),), find_places(doc), doc)
    assert ev.place is not None and ev.place.name == "Baku"


def test_capital_as_actor_is_not_the_place(nlp):
    doc = nlp("Moscow condemned the drone strikes on Kyiv.")
    (ev,) = place_events((_event(doc, "condemned", source="Moscow"),), find_places(doc), doc)
    assert ev.place is not None and ev.place.name == "Kyiv"


def test_place_on_a_route(nlp):
    doc = nlp("Trucks were attacked on the Baku-Grozny route.")
    (ev,) = place_events((_event(doc, "attacked"),), find_places(doc), doc)
    assert ev.place is not None and ev.place.country in ("AZE", "RUS")


def test_no_place_in_sentence(nlp):
    doc = nlp("The two leaders signed the agreement.")
    (ev,) = place_events((_event(doc, "signed"),), find_places(doc), doc)
    assert ev.place is None


def test_predict_places_format():
    (row,) = predict_places([{"id": "x", "text": "Delegations arrived in Yerevan."}])
    assert row["id"] == "x"
    (top,) = row["toponyms"]
    assert (top["start"], top["end"], top["country"]) == (23, 30, "ARM")
    assert set(top) == {"start", "end", "name", "lat", "lon", "country", "geonames_id"}
