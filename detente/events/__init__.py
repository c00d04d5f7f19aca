"""The event coder: who did what to whom, as PLOVER v0.8 events with modality and evidence.

    code_events(doc, actors, *, article_date=None) -> tuple[Event, ...]
    classify_quad(text) -> str
    event_json(event), strongest_first(events), predict_quad(records)   (evaluation formats;
                                         `detente predict events` runs the whole pipeline)
"""
from .coder import CODER, VERSION, code_events
from .predict import classify_quad, event_json, predict_quad, strongest_first

__all__ = ["CODER", "VERSION", "code_events", "classify_quad", "event_json", "predict_quad", "strongest_first"]
