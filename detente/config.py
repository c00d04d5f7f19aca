"""Settings live in one object with defaults; the CLI and API only override fields."""
from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=lambda: os.environ.get("DETENTE_DB") or "detente.duckdb")
    model: str | None = None  # spaCy model package; None = detente.nlp.DEFAULT_MODEL
    batch_size: int = 32
    workers: int = 1
    engine: str = "local"  # "local" (in-process or worker processes) or "ray"
    ray_output: str | None = None  # where the Ray engine writes its Parquet (default: a temporary folder)
    historical_after_days: int = 365  # an event dated this long before its article is "historical"
    dictionaries: tuple = ()  # user actor dictionaries (YAML/CSV/PETRARCH) added to the knowledge base
    mapping: dict | None = None  # record field mapping for JSONL/CSV readers
    input_format: str | None = None  # jsonl, csv, txt, html or rss: overrides the suffix (stdin, odd names)
    article_seconds: float = 20.0  # time budget per article (0: none); over it, the article is quarantined
    language: str = "auto"  # "auto" detects each text's language; "en" or "ru" reads every text as that language
    min_confidence: float | None = None  # asserted events of the trained coder below it are left out (None: the
    # confidence model's threshold, detente/events/confidence.py; 0: every event)
