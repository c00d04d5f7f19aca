"""Read queries of the web API: the SQL lives in the store package (detente.store.browse); display names here."""
from __future__ import annotations

from detente.store.browse import (article_actors, article_stance, dyad_pairs, event, events_page, overview,  # noqa: F401
                                  table_exists)

_ORGS = {"IGO": "Intergovernmental organisations", "UNO": "United Nations", "EUR": "European Union",
         "NGO": "Non-governmental organisations", "ISM": "International militants", "IMG": "International militants",
         "MNC": "Multinational corporations"}


def actor_names() -> dict[str, str]:
    """Display names of country and international codes, from the actors knowledge base."""
    if not _NAMES:
        from importlib import resources

        import yaml

        try:
            text = (resources.files("detente.actors") / "data" / "countries.yaml").read_text("utf-8")
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster, same result
            countries = yaml.load(text, Loader=loader).get("countries", {})
            _NAMES.update({code: c.get("name", code) for code, c in countries.items() if isinstance(c, dict)})
        except (OSError, ValueError, AttributeError, ModuleNotFoundError, yaml.YAMLError):
            pass
        _NAMES.update(_ORGS)
    return _NAMES


_NAMES: dict[str, str] = {}
