"""Builders and helpers for the batch tests: a generated crawl, JSONL and Parquet inputs, a Dask
cluster on loopback, and the rows of an output as comparable sets."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from prospects.batch import output
from prospects.batch.tables import TABLES

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"

_WHO = ("Jane Roe, an economist at Harbour Bank", "Mayor Ann Lee", "Officials", "Tom Park")
_WHAT = (
    "interest rates will probably rise again in the spring",
    "the new bridge is likely to open by the end of next year",
    "inflation could ease to 2% by March",
    "the council will vote on the budget next week",
)


def page(n: int) -> bytes:
    """A small news page, different for every `n` (so every page is its own article)."""
    who, what = _WHO[n % len(_WHO)], _WHAT[(n // len(_WHO)) % len(_WHAT)]
    day = 1 + n % 28
    return f"""<!DOCTYPE html><html><head><title>Report {n}: what comes next</title>
<meta property="og:site_name" content="Test Gazette">
<meta property="article:published_time" content="2024-03-{day:02d}T10:00:00Z">
</head><body><article><h1>Report {n}: what comes next</h1>
<p>{who} said on Thursday that {what}, according to report number {n}.</p>
<p>"We expect {3 + n % 5} more meetings before a decision," {who.split(",")[0]} said.</p>
</article></body></html>""".encode()


def write_warc(path: Path, pages: int, *, gzip: bool = True) -> Path:
    """A crawl of `pages` HTML responses, each with a request record and an image beside it."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for n in range(pages):
        url = f"https://gazette.test/news/{n}"
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "gazette.test")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        headers = {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>",
            "WARC-Date": "2024-03-05T12:30:00Z",
        }
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(page(n)), http_headers=http,
                warc_headers_dict=headers,
            )
        )  # fmt: skip
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url + ".png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" * 4),
                http_headers=image,
            )
        )  # fmt: skip
    path.write_bytes(buffer.getvalue())
    return path


def article_rows(n: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        row: dict[str, object] = {"text": f"Report {i}\n\n" + page(i).decode().split("<p>")[1][:-5]}
        if i % 2 == 0:
            row.update(title=f"Report {i}", published=f"2024-03-{1 + i % 28:02d}", id=f"row-{i}")
        if i % 3 == 0:
            row.update(authors=["Jane Roe"], genre="opinion", outlet="Test Gazette")
        rows.append(row)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def row_sets(out: Path) -> dict[str, set[str]]:
    """Every table of an output as a set of JSON rows, read through the manifest."""
    return {
        name: {
            json.dumps(r, sort_keys=True, default=str) for r in output.table(out, name).to_pylist()
        }
        for name in TABLES
    }


def files_on_disk(out: Path) -> set[str]:
    return {
        f"{name}/{p.name}"
        for name in TABLES
        if (out / name).is_dir()
        for p in (out / name).iterdir()
    }


def manifest(out: Path) -> dict[str, object] | None:
    try:
        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def wait_for(condition, timeout: float, what: str, every: float = 0.05):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def stop(process: psutil.Process | subprocess.Popen[bytes], timeout: float = 20) -> None:
    """Stop a process this test started, and its children, by pid."""
    try:
        parent = psutil.Process(process.pid)
        family = [*parent.children(recursive=True), parent]
    except psutil.NoSuchProcess:
        return
    for member in family:
        with suppress(psutil.NoSuchProcess):
            member.send_signal(signal.SIGTERM)
    _, alive = psutil.wait_procs(family, timeout=timeout)
    for member in alive:
        with suppress(psutil.NoSuchProcess):
            member.kill()
    psutil.wait_procs(alive, timeout=timeout)


@contextmanager
def dask_cluster(
    tmp: Path, workers: int = 2
) -> Iterator[tuple[Path, list[subprocess.Popen[bytes]]]]:
    """A `dask scheduler` and `workers` `dask worker` processes on loopback; yields the
    scheduler file and the worker processes. Everything is stopped on leaving."""
    scheduler_file = tmp / "scheduler.json"
    env = dict(os.environ)
    logs = tmp / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    started: list[subprocess.Popen[bytes]] = []

    def spawn(name: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(logs / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen(
            [str(BIN / "dask"), *args], stdout=log, stderr=log, env=env, cwd=tmp
        )
        started.append(process)
        return process

    loopback = ["--host", "127.0.0.1", "--scheduler-file", str(scheduler_file)]
    try:
        spawn(
            "scheduler", "scheduler", *loopback, "--port", "0", "--dashboard-address", "127.0.0.1:0"
        )
        wait_for(scheduler_file.exists, 60, "the Dask scheduler to write its file")
        one_thread = ["--nthreads", "1", "--no-dashboard"]
        workers_started = [
            spawn(f"worker-{n}", "worker", *loopback, *one_thread, "--local-directory", f"w{n}")
            for n in range(workers)
        ]
        yield scheduler_file, workers_started
    finally:
        for process in reversed(started):
            stop(process)
