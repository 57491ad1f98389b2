"""Throughput of `analyze` against the spaCy pipeline it is built on, measured in one run.

Every spaCy-based extractor pays for the model's own pipeline; what prospects adds on top is the
cost worth watching. So the figure that matters is a ratio, (b) / (a):

(a) baseline: `nlp.pipe` of the bare pipeline (all its components) over the texts, one process;
(b) analyze: the same texts through prospects' pipeline to serialised article records;
(c) analyze with `jobs` worker processes (2 by default), the same records.

(b)/(a) is what prospects costs on top of spaCy; (c)/(b) is what the processes gain, and
(c)/(b)/jobs the parallel efficiency (below 1: the work of starting workers and of shipping
Docs between processes, or fewer cores than jobs).

Each side runs `runs + 1` times, interleaved so that drift of the machine hits both alike; the
first round is a warm-up and is discarded, and the best of the rest is kept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from prospects.ingest import read
from prospects.nlp import analyze_many, load
from prospects.nlp.pipeline import DEFAULT_MODEL, MAX_CHARS
from prospects.records import Article, IngestError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@dataclass(frozen=True)
class BenchResult:
    model: str
    articles: int
    words: int
    runs: int
    baseline_seconds: float
    analyze_seconds: float
    jobs: int
    parallel_seconds: float

    @property
    def baseline_wps(self) -> float:
        return self.words / self.baseline_seconds

    @property
    def analyze_wps(self) -> float:
        return self.words / self.analyze_seconds

    @property
    def parallel_wps(self) -> float:
        return self.words / self.parallel_seconds

    @property
    def ratio(self) -> float:
        return self.analyze_wps / self.baseline_wps

    @property
    def parallel_ratio(self) -> float:
        return self.parallel_wps / self.baseline_wps

    @property
    def speedup(self) -> float:
        return self.parallel_wps / self.analyze_wps

    @property
    def efficiency(self) -> float:
        return self.speedup / self.jobs

    def to_dict(self) -> dict[str, object]:
        return {
            "model": self.model,
            "articles": self.articles,
            "words": self.words,
            "runs": self.runs,
            "baseline_words_per_second": round(self.baseline_wps, 1),
            "analyze_words_per_second": round(self.analyze_wps, 1),
            "ratio": round(self.ratio, 3),
            "jobs": self.jobs,
            "parallel_words_per_second": round(self.parallel_wps, 1),
            "parallel_ratio": round(self.parallel_ratio, 3),
            "speedup": round(self.speedup, 3),
            "parallel_efficiency": round(self.efficiency, 3),
        }


def example_articles(min_words: int = 20_000) -> list[Article]:
    """The bundled example articles, repeated until they hold at least `min_words` words."""
    if not EXAMPLES.is_dir():
        raise FileNotFoundError(f"bundled examples not found at {EXAMPLES}: pass input files")
    found = [a for a in read([str(EXAMPLES)]) if isinstance(a, Article)]
    if not found:
        raise FileNotFoundError(f"no readable articles in {EXAMPLES}")
    words = sum(a.words for a in found)
    return found * max(1, -(-min_words // words))


def _best(seconds: list[float]) -> float:
    return min(seconds[1:]) if len(seconds) > 1 else seconds[0]


def run(
    articles: Sequence[Article],
    model: str | None = None,
    runs: int = 3,
    on_round: Callable[[int], None] | None = None,
    jobs: int = 2,
) -> BenchResult:
    """Measure (a), (b) and (c) over `articles`; `runs` timed rounds after one warm-up round."""
    import spacy

    name = model or DEFAULT_MODEL
    baseline = spacy.load(name)
    baseline.max_length = max(baseline.max_length, MAX_CHARS)
    ours = load(name)
    texts = [a.text for a in articles]

    def spacy_only() -> None:
        for _ in baseline.pipe(texts):
            pass

    def end_to_end(processes: int) -> Callable[[], None]:
        def job() -> None:
            for record in analyze_many(articles, ours, jobs=processes):
                if isinstance(record, IngestError):
                    raise RuntimeError(f"the bench cannot measure a failing article: {record}")
                json.dumps(record.to_dict())

        return job

    sides = (("baseline", spacy_only), ("analyze", end_to_end(1)), ("parallel", end_to_end(jobs)))
    timings: dict[str, list[float]] = {key: [] for key, _ in sides}
    for round_ in range(runs + 1):
        for key, job in sides:
            started = time.perf_counter()
            job()
            timings[key].append(time.perf_counter() - started)
        if on_round:
            on_round(round_)
    return BenchResult(
        model=name,
        articles=len(articles),
        words=sum(a.words for a in articles),
        runs=runs,
        baseline_seconds=_best(timings["baseline"]),
        analyze_seconds=_best(timings["analyze"]),
        jobs=jobs,
        parallel_seconds=_best(timings["parallel"]),
    )
