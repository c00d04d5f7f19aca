"""A small hand-built store for the web, export and browser tests (the models are not the point here).

Eight short articles written for these tests; every event names its trigger and actors by their text,
and the offsets are found in the sentence, so the records are what the pipeline would write.
"""
from __future__ import annotations

from detente.model import Actor, Analysis, Article, Event, Evidence, Place, Span, Stance

# (date, outlet, title, url, sentences, events, stance)
# event: (sentence, source text, code, sector, trigger, target text, code, sector, type, mode, cameo, score, modality)
ARTICLES = [
    ("2024-08-19", "Caspian Monitor", "Putin arrives in Baku for a state visit", "https://example.org/a/1",
     ["Vladimir Putin arrived in Baku on Sunday for a two-day state visit.",
      "Ilham Aliyev welcomed Vladimir Putin at the airport.",
      "Russia and Azerbaijan signed eight agreements on energy and transport."],
     [(0, "Vladimir Putin", "RUS", "GOV", "arrived", "Baku", "AZE", "GOV", "CONSULT", "visit", "042", 1.9, "asserted"),
      (1, "Ilham Aliyev", "AZE", "GOV", "welcomed", "Vladimir Putin", "RUS", "GOV", "CONSULT", "host", "043", 2.8,
       "asserted"),
      (2, "Russia", "RUS", "GOV", "signed", "Azerbaijan", "AZE", "GOV", "AGREE", None, "057", 8.0, "asserted")],
     [("RUS", 0.4, 3), ("AZE", 0.5, 2)]),
    ("2024-12-27", "Regional Desk", "Azerbaijan Airlines jet crashes near Aktau", "https://example.org/a/2",
     ["An Azerbaijan Airlines jet crashed near Aktau after being diverted from Grozny.",
      "Baku demanded that Moscow admit its air defence hit the plane.",
      "The Kremlin denied any role in the crash."],
     [(1, "Baku", "AZE", "GOV", "demanded", "Moscow", "RUS", "GOV", "DEMAND", None, "10", -5.0, "asserted"),
      (2, "The Kremlin", "RUS", "GOV", "denied", "", "", "", "REJECT", None, "016", -2.0, "asserted")],
     [("RUS", -0.6, 2), ("AZE", 0.1, 1)]),
    ("2024-12-30", "Caspian Monitor", "Putin apologises to Aliyev over the crash", "https://example.org/a/3",
     ["Vladimir Putin apologised to Ilham Aliyev for the tragic incident.",
      "Aliyev said Russia should punish those responsible and pay compensation."],
     [(0, "Vladimir Putin", "RUS", "GOV", "apologised", "Ilham Aliyev", "AZE", "GOV", "CONCEDE", None, "055", 5.0,
       "asserted"),
      (1, "Aliyev", "AZE", "GOV", "said", "Russia", "RUS", "GOV", "DEMAND", None, "10", -5.0, "asserted")],
     [("RUS", -0.2, 2)]),
    ("2025-02-05", "Baku Ledger", "Baku shuts the Russian House", "https://example.org/a/4",
     ["Azerbaijan ordered the Russian House in Baku to close.",
      "Moscow called the decision an unfriendly step and threatened a response."],
     [(0, "Azerbaijan", "AZE", "GOV", "ordered", "the Russian House", "RUS", "CUL", "RESTRICT", None, "172", -5.0,
       "asserted"),
      (1, "Moscow", "RUS", "GOV", "called", "", "", "", "ACCUSE", "disapprove", "112", -2.0, "asserted"),
      (1, "Moscow", "RUS", "GOV", "threatened", "", "", "", "THREATEN", None, "130", -4.4, "future")],
     [("RUS", -0.5, 2), ("AZE", 0.3, 1)]),
    ("2025-06-29", "Regional Desk", "Police raids in Yekaterinburg leave two Azerbaijanis dead",
     "https://example.org/a/5",
     ["Russian police raided homes of Azerbaijani families in Yekaterinburg.",
      "Azerbaijan condemned the raids and cancelled a visit by a Russian deputy prime minister."],
     [(0, "Russian police", "RUS", "COP", "raided", "Azerbaijani families", "AZE", "CVL", "COERCE", "seize", "1711",
       -7.0, "asserted"),
      (1, "Azerbaijan", "AZE", "GOV", "condemned", "", "", "", "ACCUSE", "disapprove", "122", -2.0, "asserted"),
      (1, "Azerbaijan", "AZE", "GOV", "cancelled", "a Russian deputy prime minister", "RUS", "GOV", "REDUCE",
       None, "161", -4.0, "asserted")],
     [("RUS", -0.7, 3), ("AZE", 0.4, 2)]),
    ("2025-07-01", "Baku Ledger", "Azeri police raid the Sputnik office in Baku", "https://example.org/a/6",
     ["Azeri police raided the Sputnik office in Baku.",
      "Moscow condemned the raid.",
      "The foreign ministry said Russia might recall its ambassador."],
     [(0, "Azeri police", "AZE", "COP", "raided", "Sputnik", "RUS", "JRN", "COERCE", "seize", "1711", -7.0,
       "asserted"),
      (1, "Moscow", "RUS", "GOV", "condemned", "", "", "", "ACCUSE", "disapprove", "122", -2.0, "asserted"),
      (2, "Russia", "RUS", "GOV", "recall", "", "", "", "REDUCE", None, "161", -4.0, "hypothetical")],
     [("RUS", -0.5, 2), ("AZE", 0.2, 1)]),
    ("2025-10-10", "Caspian Monitor", "Putin and Aliyev meet in Dushanbe", "https://example.org/a/7",
     ["Vladimir Putin met Ilham Aliyev in Dushanbe on Thursday.",
      "Putin acknowledged that Russian air defence caused the Aktau crash and promised compensation."],
     [(0, "Vladimir Putin", "RUS", "GOV", "met", "Ilham Aliyev", "AZE", "GOV", "CONSULT", "meet", "040", 1.0,
       "asserted"),
      (1, "Putin", "RUS", "GOV", "promised", "", "", "", "AID", None, "0331", 5.2, "future")],
     [("RUS", 0.1, 2), ("AZE", 0.3, 2)]),
    ("2024-02-23", "Yerevan Weekly", "Armenia freezes its participation in the CSTO", "https://example.org/a/8",
     ["Nikol Pashinyan said Armenia had frozen its participation in the CSTO.",
      "Pashinyan accused Russia of failing to protect Armenia."],
     [(0, "Armenia", "ARM", "GOV", "frozen", "the CSTO", "IGO", "MIL", "REDUCE", None, "16", -4.0, "asserted"),
      (1, "Pashinyan", "ARM", "GOV", "accused", "Russia", "RUS", "GOV", "ACCUSE", "disapprove", "112", -2.0,
       "asserted")],
     [("RUS", -0.6, 1), ("ARM", 0.2, 2)]),
]
PLACES = {"Baku": (40.4093, 49.8671, "AZE"), "Aktau": (43.65, 51.17, "KAZ"), "Yekaterinburg": (56.84, 60.6, "RUS"),
          "Dushanbe": (38.56, 68.77, "TJK")}


def _span(text: str, needle: str, start_at: int) -> Span | None:
    if not needle:
        return None
    i = text.find(needle, start_at)
    assert i >= 0, (needle, text)
    return Span(i, i + len(needle), needle)


def analyses() -> list[Analysis]:
    out = []
    for date, outlet, title, url, sentences, events, stance in ARTICLES:
        text = " ".join(sentences)
        starts = [text.find(s) for s in sentences]
        article = Article.create(text, title=title, url=url, outlet=outlet, published=date, language="en",
                                 source=f"sample:{url}")
        coded, mentions = [], []
        for (si, src, sc, ss, trig, tgt, tc, ts, typ, mode, cameo, score, modality) in events:
            base = starts[si]
            s_span, t_span = _span(text, src, base), _span(text, tgt, base)
            trig_span = _span(text, trig, base)
            source = (Actor(sc, ss, sc, s_span),)
            target = (Actor(tc, ts, tc, t_span),) if tgt else ()
            mentions += [a for a in source + target]
            place = next((Place(n, lat, lon, c, kind="city") for n, (lat, lon, c) in PLACES.items()
                          if n in sentences[si]), None)
            coded.append(Event(typ, mode, cameo, score, source, target, modality,
                               Evidence(sentences[si], si, base, trig_span,
                                        (s_span,), (t_span,) if t_span else ()),
                               "sample@1", date=date, date_precision="day", date_origin="article", place=place))
        out.append(Analysis(article=article, actors=tuple(mentions), events=tuple(coded),
                            stance=tuple(Stance(a, p, m) for a, p, m in stance)))
    return out


def build(path: str = ":memory:"):
    """A Store at ``path`` holding the sample articles."""
    from detente.store import Store

    store = Store(path)
    for a in analyses():
        store.write(a, "sample@1")
    return store
