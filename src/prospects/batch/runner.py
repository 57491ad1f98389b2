"""One batch run: plan the partitions, keep those a previous run finished, send the rest to the
cluster, retry a failed one once, and keep the manifest up to date as results come in.

The manifest is saved after planning and then as partitions finish (at most twice a second,
and once at the end), so a run killed at any point is resumed by running it again: what the
manifest lists as done with the same digest and options is kept, everything else is done
again and overwrites whatever a killed run left.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from prospects.batch import manifest
from prospects.batch.cluster import Dashboard, connect
from prospects.batch.copies import link_copies
from prospects.batch.manifest import Manifest
from prospects.batch.partitions import Partition
from prospects.batch.plan import DEFAULT_PARTITION_BYTES, plan
from prospects.batch.tables import TABLES
from prospects.batch.worker import Options, PartitionResult, PipelinePlugin, process
from prospects.batch.write import TEMPORARY
from prospects.ingest import DEFAULT_MAX_BYTES
from prospects.ingest.errors import one_line
from prospects.nlp.pipeline import DEFAULT_MODEL

ATTEMPTS = 2  # a failed partition is tried once more, then listed as failed
SAVE_EVERY_SECONDS = 0.5


class BatchError(RuntimeError):
    """The run cannot start: DIR is another run's, or holds a manifest that is not ours."""


class Listener:
    """What a run tells as it goes (the CLI draws a progress bar from it); all no-ops here."""

    def planned(self, total: int, kept: int) -> None:
        """`total` partitions, of which `kept` were done by an earlier run."""

    def started(self, dashboard: Dashboard) -> None:
        """The cluster is up; its workers are loading the pipeline."""

    def ready(self) -> None:
        """Every worker has the pipeline: the work starts."""

    def finished(self, partition_id: str, ok: bool) -> None:
        """A partition is done (`ok`) or has failed for good."""


@dataclass(frozen=True)
class BatchReport:
    out: Path
    partitions: int
    done: int  # done in this run
    kept: int  # done by an earlier run, skipped
    failed: tuple[tuple[str, str], ...]  # (partition id, error)
    # the bad inputs, and every bad item of the partitions in the output, as `input: reason`
    errors: tuple[str, ...]
    articles: int  # in the whole output
    forecasts: int
    words: int  # analysed in this run
    startup_seconds: float = 0.0  # planning, starting the cluster, loading the pipelines
    work_seconds: float = 0.0  # from the pipelines loaded to the last partition done
    dashboard: Dashboard | None = None
    peak_rss: dict[str, int] = field(default_factory=dict)  # worker -> bytes, this run

    @property
    def complete(self) -> bool:
        return not self.failed and self.done + self.kept == self.partitions

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "partitions": self.partitions,
            "done": self.done,
            "kept": self.kept,
            "failed": [{"id": pid, "error": error} for pid, error in self.failed],
            "errors": list(self.errors),
            "articles": self.articles,
            "forecasts": self.forecasts,
            "words": self.words,
            "startup_seconds": round(self.startup_seconds, 3),
            "work_seconds": round(self.work_seconds, 3),
            "dashboard": self.dashboard.link if self.dashboard else None,
            "peak_rss_bytes": self.peak_rss,
        }


def run(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    scheduler: str | None = None,
    workers: int = 2,
    model: str | None = None,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 8,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    listener: Listener | None = None,
) -> BatchReport:
    """Analyse `inputs` on a Dask cluster into Parquet partitions under `out` (see the package
    docstring and docs/scale.md); a rerun into the same `out` only does what is left."""
    named = [os.fspath(i) for i in ([inputs] if isinstance(inputs, str | os.PathLike) else inputs)]
    options = Options(model or DEFAULT_MODEL, published, max_bytes, batch_size)
    listener = listener or Listener()
    target = Path(out).resolve()
    target.mkdir(parents=True, exist_ok=True)
    begun = time.perf_counter()
    with _exclusive(target):
        found = plan(named, partition_bytes)
        state = Manifest(
            options.recorded(),
            named,
            len(found.partitions),
            [str(e) for e in found.errors],
        )
        state.done = _kept(manifest.load(target), found.partitions, options, target)
        _tidy(target, state)
        state.save(target)
        kept = len(state.done)
        todo = [p for p in found.partitions if p.id not in state.done]
        listener.planned(len(found.partitions), kept)
        dashboard, results, ready = None, [], time.perf_counter()
        if todo:
            with connect(scheduler, workers) as (client, dashboard):
                listener.started(dashboard)
                client.register_plugin(PipelinePlugin(options.model))
                ready = time.perf_counter()
                listener.ready()
                order = {p.id: n for n, p in enumerate(found.partitions)}
                results = _work(client, todo, target, options, state, order, listener)
        # a worker killed mid-write leaves its temporary file, and a partition that failed its
        # last try may have written some of its tables
        _tidy(target, state)
        state.save(target)
        # syndicated copies are found across partitions, so only once all are written
        link_copies(target)
    finished = time.perf_counter()
    return _report(target, state, kept, results, dashboard, ready - begun, finished - ready)


def _work(
    client: Any,
    todo: list[Partition],
    out: Path,
    options: Options,
    state: Manifest,
    order: dict[str, int],
    listener: Listener,
) -> list[PartitionResult]:
    from distributed import as_completed

    attempts: dict[str, tuple[Partition, int]] = {}
    pending = as_completed()

    def submit(partition: Partition, attempt: int) -> None:
        key = f"prospects-batch-{partition.id}-{attempt}"
        # retries=0: Dask already moves a task off a worker that died; a task that raised is
        # tried again here, once, so that its error reaches the manifest
        future = client.submit(process, partition, str(out), options, key=key, pure=False)
        attempts[future.key] = (partition, attempt)
        pending.add(future)

    # Dask runs independent tasks first in, first out: biggest first, the run ends on small ones
    for partition in sorted(todo, key=lambda p: -p.size):
        submit(partition, 1)
    results = []
    saved = time.monotonic()
    for future in pending:
        partition, attempt = attempts.pop(future.key)
        try:
            result: PartitionResult = future.result()
        except Exception as exc:
            if attempt < ATTEMPTS:
                submit(partition, attempt + 1)
                continue
            state.failed[partition.id] = {
                "id": partition.id,
                "input": partition.describe(),
                "digest": partition.digest,
                "error": one_line(f"{type(exc).__name__}: {exc}"),
                "attempts": attempt,
            }
            listener.finished(partition.id, False)
        else:
            results.append(result)
            state.done[partition.id] = {**result.entry(partition), "attempts": attempt}
            listener.finished(partition.id, True)
        finally:
            future.release()
        if time.monotonic() - saved >= SAVE_EVERY_SECONDS:
            _in_order(state, order)
            state.save(out)
            saved = time.monotonic()
    _in_order(state, order)
    return results


def _in_order(state: Manifest, order: dict[str, int]) -> None:
    """Entries in input order, whatever order the workers finished them in."""
    state.done = dict(sorted(state.done.items(), key=lambda item: order.get(item[0], -1)))
    state.failed = dict(sorted(state.failed.items(), key=lambda item: order.get(item[0], -1)))


def _kept(
    previous: dict[str, Any] | None,
    partitions: tuple[Partition, ...],
    options: Options,
    out: Path,
) -> dict[str, dict[str, Any]]:
    """The previous run's done partitions that this run would make again, unchanged: same
    range (id), same content (digest), same options, and their files all there."""
    if previous is None or previous.get("options") != options.recorded():
        return {}
    planned = {p.id: p for p in partitions}
    entries = {e.get("id"): e for e in previous.get("done", []) if isinstance(e, dict)}
    kept = {}
    for partition_id, partition in planned.items():
        entry = entries.get(partition_id)
        if entry is None or entry.get("digest") != partition.digest:
            continue
        files = entry.get("files") or {}
        if set(files) == set(TABLES) and all((out / f).is_file() for f in files.values()):
            kept[partition_id] = entry
    return kept


def _tidy(out: Path, state: Manifest) -> None:
    """Remove what is not output: temporary files of killed writes, and partition files that no
    done partition lists (a killed run's, or a changed input's old ranges)."""
    listed = {f for entry in state.done.values() for f in entry["files"].values()}
    for path in out.glob(f"{TEMPORARY}*"):
        path.unlink(missing_ok=True)  # a manifest a killed run was writing
    for name in TABLES:
        folder = out / name
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            relative = f"{name}/{path.name}"
            stray = path.name.startswith("part-") and path.suffix == ".parquet"
            if not path.is_file():
                continue  # not ours to remove
            if path.name.startswith(TEMPORARY) or (stray and relative not in listed):
                path.unlink(missing_ok=True)


@contextmanager
def _exclusive(out: Path) -> Iterator[None]:
    """One run at a time per output directory; the lock goes with the process, kill -9 too."""
    with open(out / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError(f"another prospects batch run is writing {out}") from None
        yield


def _report(
    out: Path,
    state: Manifest,
    kept: int,
    results: list[PartitionResult],
    dashboard: Dashboard | None,
    startup: float,
    work: float,
) -> BatchReport:
    peak: dict[str, int] = {}
    for result in results:
        peak[result.worker] = max(peak.get(result.worker, 0), result.peak_rss)
    entries = list(state.done.values())
    errors = [*state.input_errors, *(e for entry in entries for e in entry.get("errors", []))]
    return BatchReport(
        out=out,
        partitions=state.partitions,
        done=len(results),
        kept=kept,
        failed=tuple((pid, entry["error"]) for pid, entry in state.failed.items()),
        errors=tuple(errors),
        articles=sum(entry["counts"]["articles"] for entry in entries),
        forecasts=sum(entry["counts"]["forecasts"] for entry in entries),
        words=sum(result.words for result in results),
        startup_seconds=startup,
        work_seconds=work,
        dashboard=dashboard,
        peak_rss=peak,
    )
