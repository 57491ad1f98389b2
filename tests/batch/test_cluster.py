"""`prospects batch` on real Dask clusters on loopback: a `dask scheduler` with two `dask worker`
processes started here, and the CLI's own LocalCluster. The records are those of `prospects
analyze`; a rerun does only what is left; a partition that keeps failing is listed while the rest
finish; kill -9 of a worker or of the client loses nothing."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import psutil
import pytest

from batch.batch_support import (
    BIN,
    EXAMPLES,
    article_rows,
    dask_cluster,
    files_on_disk,
    manifest,
    row_sets,
    stop,
    wait_for,
    write_jsonl,
    write_warc,
)
from prospects.batch import output, run
from prospects.batch.plan import plan
from prospects.batch.write import part_path
from prospects.ingest import read
from prospects.nlp import analyze_many
from prospects.records import Article

PAGES = 200
# Small partitions, so that a run has many and a kill lands between two of them.
PARTITION_BYTES = 8 * 1024


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    return tmp_path_factory.mktemp("batch")


@pytest.fixture(scope="module")
def crawl(place):
    return write_warc(place / "crawl.warc.gz", PAGES)


@pytest.fixture(scope="module")
def cluster(place):
    with dask_cluster(place / "cluster") as started:
        yield started


@pytest.fixture(scope="module")
def inputs(crawl):
    return [str(EXAMPLES), str(crawl)]


@pytest.fixture(scope="module")
def reference(place, cluster, inputs):
    """One clean run on the scheduler's two workers: what every other run must equal."""
    scheduler_file, _ = cluster
    out = place / "reference"
    report = run(inputs, out, scheduler=str(scheduler_file), partition_bytes=PARTITION_BYTES)
    return out, report


def test_the_records_are_those_of_prospects_analyze(reference, inputs, nlp):
    out, report = reference
    assert report.complete and report.errors == () and report.kept == 0
    assert report.partitions > 10
    articles = [a for a in read(inputs) if isinstance(a, Article)]
    analysed = list(analyze_many(articles, nlp))
    expected = sorted(json.dumps(r.to_dict(), sort_keys=True) for r in analysed)
    batched = [r.to_dict() for r in output.records(out)]
    assert sorted(json.dumps(d, sort_keys=True) for d in batched) == expected
    assert len(batched) == PAGES + 6
    assert all(d["pipeline"] == analysed[0].pipeline for d in batched)
    assert report.articles == len(batched)


def test_the_flat_tables_hold_the_records_items(reference):
    out, report = reference
    records = list(output.records(out))
    forecasts = output.table(out, "forecasts")
    assert forecasts.num_rows == sum(len(r.forecasts) for r in records) == report.forecasts
    assert output.table(out, "quotes").num_rows == sum(len(r.quotes) for r in records)
    assert output.table(out, "sources").num_rows == sum(len(r.sources) for r in records)
    assert set(forecasts.column("article_id").to_pylist()) <= {r.article.id for r in records}


def test_the_manifest_lists_each_partition_with_its_range_digest_counts_and_files(reference):
    out, report = reference
    found = manifest(out)
    assert found and found["schema"] == "prospects.batch/1"
    assert found["partitions"] == report.partitions == len(found["done"]) and not found["failed"]
    kinds = {entry["input"]["kind"] for entry in found["done"]}
    assert kinds == {"warc", "files"}
    warc = next(e for e in found["done"] if e["input"]["kind"] == "warc")
    assert set(warc["input"]) == {"kind", "path", "bytes", "first"}
    assert warc["digest"].startswith("sha256:") and warc["counts"]["articles"] >= 1
    assert files_on_disk(out) == {f for e in found["done"] for f in e["files"].values()}
    # the copies found across partitions, linked once every partition is written
    assert found["syndication"] == "syndication.parquet"
    assert (Path(out) / "syndication.parquet").is_file()


def test_a_rerun_keeps_every_done_partition(reference, cluster, inputs):
    out, first = reference
    before = {f: (out / f).stat().st_mtime_ns for f in files_on_disk(out)}
    again = run(inputs, out, scheduler=str(cluster[0]), partition_bytes=PARTITION_BYTES)
    assert (again.done, again.kept, again.articles) == (0, first.partitions, first.articles)
    assert {f: (out / f).stat().st_mtime_ns for f in files_on_disk(out)} == before


def test_a_changed_input_redoes_only_its_partition(place, cluster):
    rows = article_rows(12)
    source = write_jsonl(place / "changed.jsonl", rows)
    out = place / "changed-out"
    first = run([str(source)], out, scheduler=str(cluster[0]), partition_bytes=600)
    assert first.complete and first.partitions >= 3 and first.articles == 12
    rows[-1] = {**rows[-1], "text": rows[-1]["text"].replace("Report", "Record")}
    write_jsonl(source, rows)
    second = run([str(source)], out, scheduler=str(cluster[0]), partition_bytes=600)
    assert (second.done, second.kept) == (1, first.partitions - 1)
    texts = {r.article.text for r in output.records(out)}
    assert rows[-1]["text"] in texts and len(texts) == 12


def test_a_partition_that_fails_twice_is_listed_while_the_rest_finish(place, cluster):
    rows = article_rows(9)
    rows[4] = {"text": ""}  # one bad article: a line of its partition's errors, not a failure
    source = write_jsonl(place / "failing.jsonl", rows)
    out = place / "failing-out"
    partitions = plan([str(source)], 500).partitions
    doomed = partitions[-1].id
    blocker = out / part_path("articles", doomed)
    blocker.mkdir(parents=True)  # the partition's file cannot be put in place
    report = run([str(source)], out, scheduler=str(cluster[0]), partition_bytes=500)
    assert [pid for pid, _ in report.failed] == [doomed]
    assert "IsADirectoryError" in report.failed[0][1]
    found = manifest(out)
    assert found is not None
    (failed,) = found["failed"]
    assert failed["id"] == doomed and failed["attempts"] == 2 and failed["digest"]
    assert len(found["done"]) == len(partitions) - 1
    assert f"{source}#5: empty" in report.errors
    blocker.rmdir()
    rerun = run([str(source)], out, scheduler=str(cluster[0]), partition_bytes=500)
    assert rerun.complete and rerun.done == 1 and rerun.articles == 8


def test_a_worker_killed_mid_run_is_replaced_and_the_run_finishes(
    place, cluster, inputs, reference
):
    scheduler_file, workers = cluster
    out = place / "worker-killed"
    reports = []
    runner = threading.Thread(
        target=lambda: reports.append(
            run(inputs, out, scheduler=str(scheduler_file), partition_bytes=PARTITION_BYTES)
        )
    )
    runner.start()
    try:
        wait_for(lambda: _partly_done(out), 300, "a partition done")
        # the process doing the work is the nanny's child; the nanny starts another
        (victim,) = [
            p
            for p in psutil.Process(workers[0].pid).children()
            if "spawn_main" in " ".join(p.cmdline())
        ]
        victim.send_signal(signal.SIGKILL)
        victim.wait(30)
    finally:
        runner.join(600)
    (report,) = reports
    assert report.complete
    assert row_sets(out) == row_sets(reference[0])
    assert files_on_disk(out) == files_on_disk(reference[0])


def test_the_client_killed_mid_run_then_rerun_gives_the_clean_output(place, inputs, reference):
    """The CLI on its own LocalCluster: kill -9 it after some partitions, run it again."""
    out = place / "client-killed"
    command = [str(BIN / "prospects"), "batch", *inputs, "--out", str(out), "--workers", "2",
               "--partition-bytes", str(PARTITION_BYTES)]  # fmt: skip
    client = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: _partly_done(out), 300, "a partition done")
        family = client.children(recursive=True)
        client.send_signal(signal.SIGKILL)
        client.wait(30)
        # the local workers notice their parent is gone and leave; none is left behind
        _, alive = psutil.wait_procs(family, timeout=60)
        assert not alive, alive
    finally:
        stop(client)
    killed = manifest(out)
    assert killed is not None and 0 < len(killed["done"]) < killed["partitions"]
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "Dask dashboard:" in again.stderr
    assert f"{len(killed['done'])} kept from before" in again.stderr
    assert row_sets(out) == row_sets(reference[0])
    assert files_on_disk(out) == files_on_disk(reference[0])


def _partly_done(out: Path) -> bool:
    found = manifest(out)
    return bool(found) and 0 < len(found["done"]) < found["partitions"]  # type: ignore[arg-type, index]


@pytest.fixture(scope="module", autouse=True)
def _dask_installed():
    if shutil.which("dask", path=str(BIN)) is None:
        pytest.fail(f"the dask command is not installed in {BIN}")
