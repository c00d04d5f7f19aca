"""When: temporal expressions and event dating, on sentences written for these tests."""
from detente.model import Event, Evidence, Span
from detente.when import date_events, find_timexes, precision_of, predict_dates

DCT = "2025-07-14"  # a Monday


def values(text, dct=DCT, doc=None):
    return {t.span.text: (t.value, t.kind) for t in find_timexes(doc if doc is not None else text, dct)}


def test_month_of_last_year():
    got = values("The quarrel, which started in December of last year, flared again.")
    assert got == {"December of last year": ("2024-12", "DATE")}


def test_weekday_past_and_future(nlp):
    past = "The envoys met in the capital on Wednesday."
    future = "The envoys will meet in the capital on Wednesday."
    assert values(past, doc=nlp(past))["Wednesday"] == ("2025-07-09", "DATE")
    assert values(future, doc=nlp(future))["Wednesday"] == ("2025-07-16", "DATE")


def test_relative_expressions():
    got = values("Two years ago the border was shut; last week it reopened, and earlier this month "
                 "ministers spoke. Yesterday they signed.")
    assert got["Two years ago"] == ("2023", "DATE")
    assert got["earlier this month"] == ("2025-07", "DATE")
    assert got["Yesterday"] == ("2025-07-13", "DATE")
    assert got["last week"][0] == "2025-W28"


def test_absolute_dates_and_since():
    got = values("Shelling has gone on since February 2022; a truce was signed on 3 March 2024 and "
                 "another on June 5, 2023, after the war of 2020.")
    assert got["February 2022"] == ("2022-02", "DATE")
    assert got["3 March 2024"] == ("2024-03-03", "DATE")
    assert got["June 5, 2023"] == ("2023-06-05", "DATE")
    assert got["2020"] == ("2020", "DATE")


def test_durations_are_not_dates():
    got = values("The 30-day ceasefire held for two weeks, and the talks lasted three years.")
    assert got["30-day"] == ("P30D", "DURATION")
    assert got["two weeks"] == ("P2W", "DURATION")
    assert got["three years"] == ("P3Y", "DURATION")


def test_numbers_are_not_years():
    assert values("About 1,500 people and 2000 troops crossed; prices rose 2010 percent.") == {}


def test_no_document_date_keeps_only_absolute():
    got = values("They met on Wednesday and again in May 2021.", dct=None)
    assert got == {"May 2021": ("2021-05", "DATE")}


def test_precision_of():
    assert precision_of("2024") == "year"
    assert precision_of("2024-12") == "month"
    assert precision_of("2024-12-01") == "day"
    assert precision_of("P2Y") is None


def _event(text, trigger, modality="asserted"):
    start = text.index(trigger)
    ev = Evidence(sentence=text, sentence_index=0, sentence_start=0, trigger=Span(start, start + len(trigger), trigger))
    return Event(event="ASSAULT", mode=None, cameo=None, score=-9.0, source=(), target=(),
                 modality=modality, evidence=ev, coder="test@0")


def test_event_gets_governing_date(nlp):
    text = "The army shelled the town in December of last year."
    doc = nlp(text)
    (dated,) = date_events((_event(text, "shelled"),), find_timexes(doc, DCT), doc, DCT)
    assert (dated.date, dated.date_precision, dated.date_origin) == ("2024-12", "month", "text")
    assert dated.modality == "asserted"


def test_event_without_timex_gets_article_date_or_nothing(nlp):
    text = "The army shelled the town."
    doc = nlp(text)
    (dated,) = date_events((_event(text, "shelled"),), (), doc, DCT)
    assert (dated.date, dated.date_precision, dated.date_origin) == (DCT, "day", "article")
    (undated,) = date_events((_event(text, "shelled"),), (), doc, None)
    assert (undated.date, undated.date_precision, undated.date_origin) == (None, None, None)


def test_old_event_becomes_historical(nlp):
    text = "The two states fought a war in 2020."
    doc = nlp(text)
    (dated,) = date_events((_event(text, "fought"),), find_timexes(doc, DCT), doc, DCT)
    assert dated.date == "2020" and dated.date_precision == "year"
    assert dated.modality == "historical"
    since = "The army has occupied the valley since February 2022."
    doc = nlp(since)
    (ongoing,) = date_events((_event(since, "occupied"),), find_timexes(doc, DCT), doc, DCT)
    assert ongoing.date == "2022-02" and ongoing.modality == "asserted"


def test_predict_dates_format():
    (row,) = predict_dates([{"id": "a", "text": "Talks resumed yesterday.", "dct": DCT}], parse=False)
    assert row["id"] == "a"
    assert row["timexes"] == [{"start": 14, "end": 23, "text": "yesterday", "value": "2025-07-13", "type": "DATE"}]


def test_event_last_week_gets_its_month(nlp):
    text = "Border guards exchanged fire last week."
    doc = nlp(text)
    (dated,) = date_events((_event(text, "exchanged"),), find_timexes(doc, DCT), doc, DCT)
    assert (dated.date, dated.date_precision, dated.date_origin) == ("2025-07", "month", "text")


def test_gated_and_windowed_rules_find_what_the_plain_patterns_find():
    from detente.when import rules as R

    texts = [
        "The truce, agreed about  five   days ago, held for a two-week stretch; talks resume in three months.",
        "Some 120000 days before that, a couple of years later, the envoy left from nowhere.",
        "NEXT SPRING the council meets on Tuesday; in the 1990s and 1980's it met every winter.",
        "A long s \u017fpring and a dotless \u0131 turn the short cuts off; \u0130stanbul changes the length.",
        "No dates here at all.",
        "days ago " * 30,
    ]
    for text in texts:
        low = R._lowered(text)
        for rule in R.RULES:
            plain = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
            fast = [(m.span(), m.groupdict()) for m in R._finditer(rule, text, low)]
            assert fast == plain, (rule.name, text)
