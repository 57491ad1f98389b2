"""`prospects bench batch`: what the Dask cluster gives, against one process in the same run.

Four sides, over the same articles (written once as JSON lines, the form a large corpus comes
in), each `runs + 1` times, interleaved so that the machine's drift hits all alike; the first
round is a warm-up and the best of the rest is kept:

(s) `analyze_many` in one process of its own, to serialised records: `prospects bench`'s (b);
(s1) the same with the BLAS libraries on one thread, as Dask's workers run them (its nanny sets
     OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS to 1 in every worker);
(1) `prospects.batch.run` on a LocalCluster of one worker;
(N) the same on a LocalCluster of `workers` workers.

A batch side is timed from the moment every worker has its pipeline to the last partition
written (`BatchReport.work_seconds`): starting the cluster and loading spaCy are a fixed cost,
reported apart. Parallel efficiency is (N) / (1) / workers; words per second per worker is
(N) / workers, set against (s) and (s1). Peak memory is the largest peak resident set of a
worker process (`ru_maxrss`, read by the task on the worker).

On a shared machine the wall-clock sides move with whatever else runs, so the bench also counts
CPU seconds (of the (s) processes, and of every worker process of (N), read with psutil) and
reports words per CPU second of each, which others' load moves less. The machine's load average
is printed beside the figures.
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
SIDES = ("single", "single_one_thread", "one", "many")
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class BatchBenchResult:
    model: str
    articles: int
    words: int
    runs: int
    workers: int
    partitions: int
    seconds: dict[str, float]  # best wall-clock seconds of each side of SIDES
    cpu_seconds: dict[str, float]  # CPU seconds of the same round's processes
    startup_seconds: float  # the wide cluster's: start, and load a pipeline per worker
    peak_rss_bytes: int  # the largest worker's
    load_before: float  # the machine's 1-minute load average: others' work skews every side
    load_after: float

    def wps(self, side: str) -> float:
        return self.words / self.seconds[side]

    def words_per_cpu_second(self, side: str) -> float:
        return self.words / self.cpu_seconds[side] if self.cpu_seconds.get(side) else 0.0

    @property
    def efficiency(self) -> float:
        return self.wps("many") / self.wps("one") / self.workers

    @property
    def per_worker_wps(self) -> float:
        return self.wps("many") / self.workers

    def per_worker_ratio(self, side: str = "single") -> float:
        """Words per second of one worker of the wide cluster over one process alone."""
        return self.per_worker_wps / self.wps(side)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "articles": self.articles,
            "words": self.words,
            "runs": self.runs,
            "workers": self.workers,
            "partitions": self.partitions,
            "words_per_second": {side: round(self.wps(side), 1) for side in SIDES},
            "words_per_cpu_second": {
                side: round(self.words_per_cpu_second(side), 1) for side in SIDES
            },
            "parallel_efficiency": round(self.efficiency, 3),
            "per_worker_words_per_second": round(self.per_worker_wps, 1),
            "per_worker_ratio": round(self.per_worker_ratio("single"), 3),
            "per_worker_ratio_one_thread": round(self.per_worker_ratio("single_one_thread"), 3),
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
    """Measure every side of SIDES over `articles`; `runs` timed rounds after one warm-up."""
    name = model or DEFAULT_MODEL
    load_before = os.getloadavg()[0]
    timings: dict[str, list[float]] = {side: [] for side in SIDES}
    cpu: dict[str, list[float]] = {side: [] for side in SIDES}
    reports: list[BatchReport] = []
    with tempfile.TemporaryDirectory(prefix="prospects-bench-batch-") as tmp, ExitStack() as stack:
        corpus = _write_jsonl(Path(tmp) / "corpus.jsonl", articles)
        size = corpus.stat().st_size // (PARTITIONS_PER_WORKER * workers) + 1
        alone = {
            "single": stack.enter_context(_single_process(articles, name, {})),
            "single_one_thread": stack.enter_context(_single_process(articles, name, _ONE_THREAD)),
        }
        one, _ = stack.enter_context(connect(None, 1))
        started = time.perf_counter()
        many, _ = stack.enter_context(connect(None, workers))
        startup = time.perf_counter() - started
        clusters = {"one": one, "many": many}

        def batch(side: str, round_: int) -> None:
            client = clusters[side]
            before = client.run(_cpu_seconds)
            report = run(
                [str(corpus)],
                Path(tmp) / f"{side}-{round_}",
                scheduler=str(client.scheduler_info()["address"]),
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
            for side, process in alone.items():
                wall, spent = process()
                timings[side].append(wall)
                cpu[side].append(spent)
            batch("one", round_)
            batch("many", round_)
            if on_round:
                on_round(round_)
    best = {side: _best_round(timings[side]) for side in SIDES}
    return BatchBenchResult(
        model=name,
        articles=len(articles),
        words=sum(a.words for a in articles),
        runs=runs,
        workers=workers,
        partitions=reports[-1].partitions,
        seconds={side: timings[side][best[side]] for side in SIDES},
        cpu_seconds={side: cpu[side][best[side]] for side in SIDES},
        # the first run on the wide cluster loads its pipelines
        startup_seconds=startup + reports[1].startup_seconds,
        peak_rss_bytes=max(rss for r in reports for rss in r.peak_rss.values()),
        load_before=load_before,
        load_after=os.getloadavg()[0],
    )


@contextmanager
def _single_process(
    articles: Sequence[Article], model: str, environ: dict[str, str]
) -> Iterator[Callable[[], tuple[float, float]]]:
    """One process alone with the pipeline loaded once (not this one: it hosts the clusters'
    schedulers, whose threads would take the GIL from it), started with `environ` added. Each
    call is one round: (wall, CPU) seconds."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_single_side, args=(theirs, list(articles), model))
    saved = {key: os.environ.get(key) for key in environ}
    os.environ.update(environ)  # a spawned child takes the environment as it is at start
    try:
        child.start()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
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


def _best_round(seconds: list[float]) -> int:
    """The fastest round after the warm-up (the only round when there is one)."""
    if len(seconds) == 1:
        return 0
    return min(range(1, len(seconds)), key=lambda i: seconds[i])


def _cpu_seconds() -> float:
    """CPU time of this worker process so far, every thread of it (run on each worker)."""
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


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
