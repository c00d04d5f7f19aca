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

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_text", "open", "dyad_series", "alerts", "network", "Report", "Settings", "Store",
           "DetenteError", "__version__"]
