"""Hand-built records for tests where the models are not the point."""
from detente.model import Actor, Analysis, Article, Event, Evidence, Span, Stance

TEXT = "Azeri police raided the Sputnik office in Baku. Moscow condemned the raid."


def actor(code, sector, start, end, text=TEXT):
    return Actor(code=code, sector=sector, name=code, span=Span(start, end, text[start:end]))


def sample_analysis(text=TEXT, date="2025-06-30") -> Analysis:
    article = Article.create(text, published=date, outlet="Test Wire")
    police, sputnik = actor("AZE", "COP", 0, 11), actor("RUS", "JRN", 24, 31)
    moscow = actor("RUS", "GOV", 48, 54)
    first = Event("COERCE", "seize", "1711", -7.0, (police,), (sputnik,), "asserted",
                  Evidence(text[:47], 0, 0, Span(12, 18, "raided"), (police.span,), (sputnik.span,)),
                  "test@1", date=date, date_precision="day", date_origin="article")
    second = Event("ACCUSE", "disapprove", "122", -2.0, (moscow,), (police,), "asserted",
                   Evidence(text[48:], 1, 48, Span(55, 64, "condemned"), (moscow.span,), ()), "test@1",
                   date="2025-06", date_precision="month", date_origin="text")
    return Analysis(article=article, actors=(police, sputnik, moscow), events=(first, second),
                    stance=(Stance("RUS", -0.5, 2), Stance("AZE", 0.2, 1)))
