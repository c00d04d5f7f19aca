"""The event coder: who did what to whom, as PLOVER v0.8 events with modality and evidence.

    code_events(doc, actors, *, article_date=None) -> tuple[Event, ...]
    classify_quad(text) -> str
    predict_events(records) / predict_quad(records) -> Iterator[dict]   (evaluation formats)
    evaluate_events(gold_path, pred_rows) -> dict                       (the metrics of shared/eval/score.py)
"""
from .coder import CODER, VERSION, code_events
from .predict import classify_quad, evaluate_events, predict_events, predict_quad

__all__ = ["CODER", "VERSION", "code_events", "classify_quad", "evaluate_events", "predict_events", "predict_quad"]
