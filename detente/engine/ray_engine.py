"""Ray Data engine: the same per-batch function, spaCy loaded once inside each Ray actor.

Results are written as Parquet partitioned by month (of the article date; ``undated`` otherwise)
under ``settings.ray_output``, then read back and loaded into the store by the caller, which stays
the only database writer. Install with ``pip install .[ray]``.
"""
from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from typing import Iterable, Iterator

from detente.config import Settings
from detente.errors import StageError, UsageError
from detente.model import Article, analysis_from_dict, to_dict


class _Coder:
    """A Ray actor: loads the pipeline once, codes batches of serialised articles."""

    def __init__(self, settings_json: str):
        from detente import nlp

        self.settings = Settings(**json.loads(settings_json))
        nlp.load(self.settings.model)

    def __call__(self, batch: dict) -> dict:
        from detente.engine.batch import process_batch

        articles = [Article(**json.loads(a)) for a in batch["article"]]
        out = {"article_id": [], "month": [], "analysis": [], "error": []}
        for article, result in zip(articles, process_batch(articles, self.settings)):
            out["article_id"].append(article.id)
            out["month"].append((article.published or "undated")[:7])
            if isinstance(result, StageError):
                out["analysis"].append("")
                out["error"].append(json.dumps([result.stage, result.reason]))
            else:
                out["analysis"].append(json.dumps(to_dict(result), ensure_ascii=False))
                out["error"].append("")
        return out


def _ray():
    try:
        import ray
    except ImportError as exc:
        raise UsageError("the Ray engine needs the optional extra: pip install '.[ray]'") from exc
    if not ray.is_initialized():
        ray.init(num_cpus=max(1, settings_cpus()), include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    return ray


def settings_cpus() -> int:
    return int(os.environ.get("DETENTE_RAY_CPUS", os.cpu_count() or 1))


def run_ray(batches: Iterable[list[Article]], settings: Settings) -> Iterator[tuple[list, list]]:
    articles = [a for batch in batches for a in batch]
    if not articles:
        return
    ray = _ray()
    out_dir = settings.ray_output or tempfile.mkdtemp(prefix="detente-ray-")
    plain = {k: v for k, v in dataclasses.asdict(settings).items()}
    plain["dictionaries"] = list(plain["dictionaries"])
    ds = ray.data.from_items([{"article": json.dumps(dataclasses.asdict(a), ensure_ascii=False)} for a in articles])
    ds = ds.map_batches(_Coder, fn_constructor_kwargs={"settings_json": json.dumps(plain)},
                        batch_size=settings.batch_size, concurrency=max(1, settings.workers), num_cpus=1)
    ds.write_parquet(out_dir, partition_cols=["month"])
    results = _read_back(out_dir)
    for start in range(0, len(articles), settings.batch_size):
        batch = articles[start:start + settings.batch_size]
        yield batch, [results[a.id] for a in batch]


def _read_back(out_dir: str) -> dict:
    import pyarrow.dataset as pads

    table = pads.dataset(out_dir, format="parquet", partitioning="hive").to_table(
        columns=["article_id", "analysis", "error"])
    results = {}
    for aid, analysis, error in zip(*(table.column(c).to_pylist() for c in ("article_id", "analysis", "error"))):
        if error:
            stage, reason = json.loads(error)
            results[aid] = StageError(stage, aid, reason)
        else:
            results[aid] = analysis_from_dict(json.loads(analysis))
    return results
