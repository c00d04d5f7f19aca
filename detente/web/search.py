"""Full-text search for the API: the on-disk index lives in the store package (detente.store.search)."""
from detente.store.search import MARK_CLOSE, MARK_OPEN, SearchIndex, fts_query, index_path

__all__ = ["MARK_CLOSE", "MARK_OPEN", "SearchIndex", "fts_query", "index_path"]
