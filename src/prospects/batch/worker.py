"""What runs on a Dask worker: the plugin that loads the spaCy pipeline once per worker, and the
task that turns one partition into its four Parquet files.

The task graph carries only a `Partition`, the output directory and the `Options`; the
pipeline (hundreds of MB, and not something to pickle) is loaded by `PipelinePlugin.setup` when
the worker joins, again on a worker that Dask restarts, and the task takes it from the worker.
"""

from __future__ import annotations

import asyncio
import resource
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin, get_worker

from prospects.batch import read, tables, write
from prospects.batch.partitions import Partition
from prospects.ingest import DEFAULT_MAX_BYTES
from prospects.nlp import analyze_many
from prospects.nlp.pipeline import DEFAULT_MODEL
from prospects.records import ArticleRecord, IngestError


@dataclass(frozen=True)
class Options:
    """What the records depend on besides the input, and how to batch it."""

    model: str = DEFAULT_MODEL
    published: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 8

    def recorded(self) -> dict[str, Any]:
        """The options a rerun must share with the run that made a partition to keep it."""
        published = self.published.isoformat() if self.published else None
        return {"model": self.model, "published": published, "max_bytes": self.max_bytes}


def plugin_name(model: str) -> str:
    return f"prospects-nlp:{model}"


class PipelinePlugin(WorkerPlugin):
    """Loads `model` with prospects' components on each worker, once."""

    # A second run on the same cluster finds the pipeline already loaded.
    idempotent = True

    def __init__(self, model: str) -> None:
        self.model = model
        self.name = plugin_name(model)
        self.nlp: Any = None
        self.lock: threading.Lock | None = None

    def __getstate__(self) -> dict[str, Any]:
        # sent to the workers before setup: the name of a model, never a loaded one
        return {"model": self.model, "name": self.name, "nlp": None, "lock": None}

    async def setup(self, worker: Any) -> None:
        # loaded off the event loop, so the worker keeps answering the scheduler meanwhile
        self.nlp = await asyncio.get_running_loop().run_in_executor(None, self._load)
        # a worker with several threads runs tasks at once; one pipeline serves one at a time
        self.lock = threading.Lock()

    def _load(self) -> Any:
        from prospects.nlp import load

        return load(self.model)


@dataclass(frozen=True)
class PartitionResult:
    """What the client learns of a done partition: small, for the manifest."""

    id: str
    files: dict[str, str]
    articles: int
    forecasts: int
    quotes: int
    sources: int
    words: int
    errors: tuple[str, ...] = ()
    pipeline: str | None = None
    seconds: float = 0.0
    worker: str = ""
    peak_rss: int = 0

    def entry(self, partition: Partition) -> dict[str, Any]:
        """The partition's line in the manifest's `done` list."""
        return {
            "id": self.id,
            "input": partition.describe(),
            "digest": partition.digest,
            "counts": {
                "articles": self.articles,
                "forecasts": self.forecasts,
                "quotes": self.quotes,
                "sources": self.sources,
                "errors": len(self.errors),
                "words": self.words,
            },
            "files": self.files,
            "errors": list(self.errors),
            "pipeline": self.pipeline,
            "seconds": round(self.seconds, 3),
            "worker": self.worker,
            "peak_rss_bytes": self.peak_rss,
        }


def process(partition: Partition, out: str, options: Options) -> PartitionResult:
    """The task: read the partition, analyse its articles, write its tables."""
    worker = get_worker()
    plugin = worker.plugins.get(plugin_name(options.model))
    if not isinstance(plugin, PipelinePlugin) or plugin.nlp is None or plugin.lock is None:
        raise RuntimeError(f"the spaCy pipeline {options.model} is not loaded on this worker")
    started = time.perf_counter()
    items = list(read.items(partition, published=options.published, max_bytes=options.max_bytes))
    articles = [item for item in items if not isinstance(item, IngestError)]
    errors = [str(item) for item in items if isinstance(item, IngestError)]
    records: list[ArticleRecord] = []
    with plugin.lock:
        for result in analyze_many(articles, plugin.nlp, batch_size=options.batch_size):
            if isinstance(result, IngestError):
                errors.append(str(result))
            else:
                records.append(result)
    files = write.partition(Path(out), partition.id, tables.of(records))
    return PartitionResult(
        id=partition.id,
        files=files,
        articles=len(records),
        forecasts=sum(len(r.forecasts) for r in records),
        quotes=sum(len(r.quotes) for r in records),
        sources=sum(len(r.sources) for r in records),
        words=sum(r.article.words for r in records),
        errors=tuple(errors),
        pipeline=records[0].pipeline if records else None,
        seconds=time.perf_counter() - started,
        worker=str(worker.address),
        # Linux gives the process's peak resident set in KiB
        peak_rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    )
