"""`prospects bench batch`: what the Dask cluster gives, against one process in the same run.

Three sides, over the same articles (written once as JSON lines, the form a large corpus
comes in), each `runs + 1` times, interleaved so that the machine's drift hits all alike; the
first round is a warm-up and the best of the rest is kept:

(s) single: `analyze_many` in one process of its own, to serialised records (as `prospects
    bench`'s (b));
(1) `prospects.batch.run` on a LocalCluster of one worker;
(N) the same on a LocalCluster of `workers` workers.

A batch side is timed from the moment every worker has its pipeline to the last partition
written (`BatchReport.work_seconds`): starting the cluster and loading spaCy are a fixed cost,
reported apart. Parallel efficiency is (N) / (1) / workers; words per second per worker is
(N) / workers, set against (s). Peak memory is the largest peak resident set of a worker
process (`ru_maxrss`, read by the task on the worker).

On a shared machine the wall-clock sides move with whatever else runs, so the bench also
counts CPU seconds (of the (s) process, and of every worker process of (N), read with psutil)
and reports words per CPU second of each: their ratio is what the batch machinery costs
whatever the load. The machine's load average is printed beside the figures.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prospects.batch.cluster import connect
from prospects.batch.runner import BatchReport, run
from prospects.nlp import analyze_many, load
from prospects.nlp.pipeline import DEFAULT_MODEL
from prospects.records import Article, IngestError

# Partitions per worker of the widest cluster: enough that the last one to finish leaves the
# others idle for a small share of the run.
PARTITIONS_PER_WORKER = 8


@dataclass(frozen=True)
class BatchBenchResult:
    model: str
    articles: int
    words: int
    runs: int
    workers: int
    partitions: int
    single_seconds: float
    one_seconds: float
    many_seconds: float
    startup_seconds: float  # the widest cluster's: start, and load a pipeline per worker
    peak_rss_bytes: int  # the largest worker's
    load_before: float  # the machine's 1-minute load average: others' work skews every side
    load_after: float
    # CPU seconds (user + system) of this process for (s), of all workers together for (N):
    # what the work costs whatever else the machine is doing
    single_cpu_seconds: float = 0.0
    many_cpu_seconds: float = 0.0

    @property
    def single_wps(self) -> float:
        return self.words / self.single_seconds

    @property
    def one_wps(self) -> float:
        return self.words / self.one_seconds

    @property
    def many_wps(self) -> float:
        return self.words / self.many_seconds

    @property
    def efficiency(self) -> float:
        return self.many_wps / self.one_wps / self.workers

    @property
    def per_worker_wps(self) -> float:
        return self.many_wps / self.workers

    @property
    def per_worker_ratio(self) -> float:
        """Words per second of one worker of the wide cluster over one process alone."""
        return self.per_worker_wps / self.single_wps

    @property
    def cpu_ratio(self) -> float:
        """Words per CPU second of the workers of (N) over those of one process alone: what
        Dask, the partitions and the Parquet files cost, apart from the machine's load."""
        if not self.many_cpu_seconds or not self.single_cpu_seconds:
            return 0.0
        return (self.words / self.many_cpu_seconds) / (self.words / self.single_cpu_seconds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "articles": self.articles,
            "words": self.words,
            "runs": self.runs,
            "workers": self.workers,
            "partitions": self.partitions,
            "single_words_per_second": round(self.single_wps, 1),
            "one_worker_words_per_second": round(self.one_wps, 1),
            "cluster_words_per_second": round(self.many_wps, 1),
            "per_worker_words_per_second": round(self.per_worker_wps, 1),
            "per_worker_ratio": round(self.per_worker_ratio, 3),
            "one_worker_ratio": round(self.one_wps / self.single_wps, 3),
            "parallel_efficiency": round(self.efficiency, 3),
            "single_words_per_cpu_second": round(self.words / self.single_cpu_seconds, 1)
            if self.single_cpu_seconds
            else None,
            "cluster_words_per_cpu_second": round(self.words / self.many_cpu_seconds, 1)
            if self.many_cpu_seconds
            else None,
            "cpu_ratio": round(self.cpu_ratio, 3),
            "startup_seconds": round(self.startup_seconds, 2),
            "peak_rss_mb_per_worker": round(self.peak_rss_bytes / 2**20, 1),
            "load_average_before": round(self.load_before, 2),
            "load_average_after": round(self.load_after, 2),
        }


def measure(
    articles: Sequence[Article],
    *,
    workers: int = 2,
    runs: int = 2,
    model: str | None = None,
    on_round: Callable[[int], None] | None = None,
) -> BatchBenchResult:
    """Measure (s), (1) and (N) over `articles`; `runs` timed rounds after one warm-up."""
    name = model or DEFAULT_MODEL
    load_before = os.getloadavg()[0]
    words = sum(a.words for a in articles)
    timings: dict[str, list[float]] = {"single": [], "one": [], "many": []}
    cpu: dict[str, list[float]] = {"single": [], "one": [], "many": []}
    reports: list[BatchReport] = []
    with tempfile.TemporaryDirectory(prefix="prospects-bench-batch-") as tmp, ExitStack() as stack:
        corpus = _write_jsonl(Path(tmp) / "corpus.jsonl", articles)
        size = corpus.stat().st_size // (PARTITIONS_PER_WORKER * workers) + 1
        single = stack.enter_context(_single_process(articles, name))
        one, _ = stack.enter_context(connect(None, 1))
        started = time.perf_counter()
        many, _ = stack.enter_context(connect(None, workers))
        startup = time.perf_counter() - started

        def batch(client: Any, side: str, round_: int) -> None:
            before = client.run(_cpu_seconds)
            report = run(
                [str(corpus)],
                Path(tmp) / f"{side}-{round_}",
                scheduler=client.scheduler.address,
                model=name,
                partition_bytes=size,
            )
            if not report.complete or report.errors:
                raise RuntimeError(f"the bench cannot measure a failing run: {report.errors}")
            after = client.run(_cpu_seconds)
            reports.append(report)
            timings[side].append(report.work_seconds)
            cpu[side].append(sum(after[w] - before.get(w, 0.0) for w in after))

        for round_ in range(runs + 1):
            wall, spent = single()
            timings["single"].append(wall)
            cpu["single"].append(spent)
            batch(one, "one", round_)
            batch(many, "many", round_)
            if on_round:
                on_round(round_)
    return BatchBenchResult(
        model=name,
        articles=len(articles),
        words=words,
        runs=runs,
        workers=workers,
        partitions=reports[-1].partitions,
        single_seconds=_best(timings["single"]),
        one_seconds=_best(timings["one"]),
        many_seconds=_best(timings["many"]),
        # the first run on the wide cluster loads its pipelines
        startup_seconds=startup + reports[1].startup_seconds,
        peak_rss_bytes=max(rss for r in reports for rss in r.peak_rss.values()),
        load_before=load_before,
        load_after=os.getloadavg()[0],
        single_cpu_seconds=_best(cpu["single"]),
        many_cpu_seconds=_best(cpu["many"]),
    )


@contextmanager
def _single_process(
    articles: Sequence[Article], model: str
) -> Iterator[Callable[[], tuple[float, float]]]:
    """The (s) side in a process of its own, pipeline loaded once: this one hosts the clusters'
    schedulers, whose threads would take the GIL from it. Each call is one round: (wall, CPU)."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_single_side, args=(theirs, list(articles), model))
    child.start()
    try:

        def one_round() -> tuple[float, float]:
            ours.send("go")
            answer = ours.recv()
            if isinstance(answer, str):
                raise RuntimeError(answer)
            wall, spent = answer
            return float(wall), float(spent)

        yield one_round
    finally:
        ours.send(None)
        child.join(60)
        if child.is_alive():
            child.kill()


def _single_side(conn: Any, articles: list[Article], model: str) -> None:
    nlp = load(model)
    while conn.recv() is not None:
        began, began_cpu = time.perf_counter(), time.process_time()
        failed = None
        for record in analyze_many(articles, nlp):
            if isinstance(record, IngestError):
                failed = f"the bench cannot measure a failing article: {record}"
            else:
                json.dumps(record.to_dict())
        spent = time.process_time() - began_cpu
        conn.send(failed or (time.perf_counter() - began, spent))


def _cpu_seconds() -> float:
    """CPU time of this worker process so far, every thread of it (run on each worker)."""
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _best(seconds: list[float]) -> float:
    return min(seconds[1:]) if len(seconds) > 1 else seconds[0]


def _write_jsonl(path: Path, articles: Sequence[Article]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for line in _rows(articles):
            handle.write(line + "\n")
    return path


def _rows(articles: Sequence[Article]) -> Iterator[str]:
    for article in articles:
        row = {
            "text": article.text,
            "title": article.title,
            "url": article.url,
            "published": article.published.isoformat() if article.published else None,
            "outlet": article.outlet,
            "authors": list(article.authors),
            "genre": article.genre,
        }
        yield json.dumps(row, ensure_ascii=False)
