"""detente: evidence-backed event data on international relations, from news text.

    import detente
    detente.analyze(["examples/articles"], db="detente.duckdb")
    store = detente.open("detente.duckdb")
"""
from detente.api import Report, analyze, analyze_text, open
from detente.config import Settings
from detente.errors import DetenteError

__version__ = "0.1.0"
__all__ = ["analyze", "analyze_text", "open", "Report", "Settings", "DetenteError", "__version__"]
