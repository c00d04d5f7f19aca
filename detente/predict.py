"""``detente predict TASK``: write the evaluation formats of shared/eval/README.md, one line per input.

Inputs are JSONL records (the gold files can be passed as they are: only the input fields are
read) or article files (txt/md/html; ``id`` = the file stem, header lines become metadata).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from detente import ingest, pipeline
from detente.config import Settings
from detente.errors import StageError, UsageError
from detente.ingest.base import Rejected
from detente.events.predict import event_json, strongest_first
from detente.model import Article
from detente.values import iso_date

TASKS = ("events", "actors", "places", "dates", "quad", "sentiment")


def read_inputs(paths: Iterable[str]) -> Iterator[dict]:
    """Records with at least ``id`` and ``text``: JSONL lines as they are, article files as id=stem."""
    for path in ingest.iter_files(paths):
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            with path.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        rec = json.loads(line)
                        rec.setdefault("id", f"{path.stem}:{n}")
                        yield rec
            continue
        for item in ingest.read([path]):
            if isinstance(item, Rejected):
                raise UsageError(f"cannot read {item.locator}: {item.reason}")
            yield {"id": path.stem, "text": item.text, "date": item.published}


def predict_events(records: Iterable[dict], settings: Settings | None = None) -> Iterator[dict]:
    settings = settings or Settings()
    batch = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= settings.batch_size:
            yield from _events_batch(batch, settings)
            batch = []
    yield from _events_batch(batch, settings)


def event_stages() -> list:
    """The stages ``predict events`` runs: those the events need, without the event's place (the evaluation format
    writes none), so without the places stage that only the event places read."""
    stages = [s for s in pipeline.stages_for(["events"]) if s.name != "event_places"]
    needed = {"events"}.union(*(s.reads for s in stages))
    return [s for s in stages if needed & set(s.writes)]


def _events_batch(batch: list[dict], settings: Settings) -> Iterator[dict]:
    if not batch:
        return
    articles = [Article.create(r["text"], published=iso_date(r.get("date") or r.get("dct"))) for r in batch]
    for rec, result in zip(batch, pipeline.analyze_batch(articles, settings, event_stages())):
        if isinstance(result, StageError):
            yield {"id": rec["id"], "events": [], "error": result.reason}
        else:
            yield {"id": rec["id"], "events": [event_json(e) for e in strongest_first(result.events)]}


RUSSIAN_TASKS = ("events", "places", "sentiment")  # tasks with a Russian reader (issue 20)


def _is_russian(rec: dict, force: str | None) -> bool:
    from types import SimpleNamespace

    from detente import ru
    from detente.ingest.language import detect

    if force is not None:
        return force == ru.LANGUAGE
    return ru.is_russian(SimpleNamespace(language=None, text=rec.get("text") or ""), detect)


def _by_language(english, russian):
    """A predictor sending records of Russian text (``Settings.language``, else the text's script) to ``russian``
    and the rest to ``english``, its output in the records' order."""
    def run(records, settings=None):
        from detente.ingest.language import forced

        records = list(records)
        force = forced((settings or Settings()).language)
        flags = [_is_russian(r, force) for r in records]
        if not any(flags):
            yield from english(records)
            return
        ru_out = iter(russian([r for r, f in zip(records, flags) if f]))
        en_out = iter(english([r for r, f in zip(records, flags) if not f]))
        for f in flags:
            yield next(ru_out if f else en_out)
    return run


def predictor(task: str, settings: Settings | None = None):
    from detente.ingest.language import forced

    if forced((settings or Settings()).language) == "ru" and task not in RUSSIAN_TASKS:
        raise UsageError(f"predict {task} reads English only; with --language ru choose one of: "
                         f"{', '.join(RUSSIAN_TASKS)}")
    if task == "events":
        return predict_events
    if task == "actors":
        from detente.actors import predict
        return lambda records, settings=None: predict(records)
    if task == "dates":
        from detente.when import predict_dates
        return lambda records, settings=None: predict_dates(records)
    if task == "places":
        from detente.ru.places import predict_places as russian
        from detente.where import predict_places
        return _by_language(predict_places, russian)
    if task == "quad":
        from detente.events import predict_quad
        return lambda records, settings=None: predict_quad(records)
    if task == "sentiment":
        from detente.ru.stance import predict_sentiment as russian
        from detente.stance import predict_sentiment
        return _by_language(predict_sentiment, russian)
    raise UsageError(f"unknown task {task!r}; choose one of: {', '.join(TASKS)}")


def predict(task: str, paths: Iterable[str], out: str | Path, settings: Settings | None = None) -> int:
    """Write predictions for ``task`` to ``out``; return the number of lines written."""
    fn = predictor(task, settings)
    n = 0
    with Path(out).open("w", encoding="utf-8") as fh:
        for row in fn(read_inputs(paths), settings):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n
