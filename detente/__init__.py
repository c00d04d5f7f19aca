"""detente: evidence-backed event data on international relations, from news text.

    import detente
    detente.analyze(["examples/articles"], db="detente.duckdb")
    with detente.open("detente.duckdb", read_only=True) as store:
        store.events(dyad=("AZE", "RUS"))
        detente.dyad_series(store, "AZE", "RUS")
"""
from detente.api import Report, alerts, analyze, analyze_text, dyad_series, network, open
from detente.store import Store
from detente.config import Settings
from detente.errors import DetenteError

from detente.store import kept as _kept


def _keep_alerts(con) -> None:
    from detente.relations.alerts import keep

    keep(con)


_kept.ALERT_KEEPER = _keep_alerts  # migration m016 fills a migrated store's alerts with the rule of relations

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_text", "open", "dyad_series", "alerts", "network", "Report", "Settings", "Store",
           "DetenteError", "__version__"]
