"""The Dask cluster a run uses: a LocalCluster on loopback, or a scheduler someone else started.

A local cluster has `workers` worker processes of one thread each: one spaCy pipeline per
process, and the processes side by side on the cores, since a pipeline holds the GIL for most
of its work. Its dashboard needs bokeh; without it there is no dashboard, and the run says so
instead of printing a link to a page that is not served.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dask
from distributed import Client, LocalCluster

LOCAL = "local"
# How long a run waits for a first worker to join a scheduler it was pointed at.
WORKER_WAIT_SECONDS = 120


# What the local workers run with, against Dask's defaults; measured with `prospects bench
# batch` and the same analysis run as one task on a worker and in a plain process:
# - Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536 (glibc then hands freed
#   memory back to the system at once) beside one-thread BLAS; the spaCy pipeline allocates and
#   frees so much that this cost a worker a quarter more CPU (6.0-6.3 s against 4.5-5.0 s for
#   15,000 words; 4.8-4.9 s without it). The BLAS settings stay: they are what makes one worker
#   per core not fight over the cores.
# - its statistical profiler samples every worker thread's stack 100 times a second for the
#   dashboard's profile page; it cost the workers about a tenth more CPU seconds (30,000 words:
#   13.7-15.0 s with it, 12.0-13.9 s without, three runs each).
WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
    "distributed.worker.profile.enabled": False,
}


class ClusterError(RuntimeError):
    """The scheduler cannot be reached, or no worker joined it."""


@dataclass(frozen=True)
class Dashboard:
    link: str | None
    note: str


def has_bokeh() -> bool:
    return importlib.util.find_spec("bokeh") is not None


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[tuple[Client, Dashboard]]:
    """A client of the cluster; a local one is started here and stopped on leaving.

    `scheduler` is None or "local" for a LocalCluster, else a scheduler's address
    (tcp://host:port) or the path of a scheduler file (`dask scheduler --scheduler-file`)."""
    if scheduler is None or scheduler == LOCAL:
        with _local(workers) as (client, dashboard):
            yield client, dashboard
        return
    try:
        if os.path.isfile(scheduler):
            client = Client(scheduler_file=scheduler, timeout="30s")
        else:
            client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            raise ClusterError(
                f"no worker joined the Dask scheduler {scheduler} in {WORKER_WAIT_SECONDS} s"
            ) from None
        # the scheduler's machine, not this one, decides whether bokeh serves the dashboard
        note = "served if bokeh is installed beside the scheduler"
        yield client, Dashboard(client.dashboard_link, note)
    finally:
        client.close()


@contextmanager
def _local(workers: int) -> Iterator[tuple[Client, Dashboard]]:
    bokeh = has_bokeh()
    with dask.config.set(WORKER_CONFIG):
        cluster = _start(workers)
    try:
        with Client(cluster) as client:
            if bokeh:
                dashboard = Dashboard(cluster.dashboard_link, "")
            else:
                dashboard = Dashboard(None, "unavailable: the Dask dashboard needs bokeh")
            yield client, dashboard
    finally:
        cluster.close()


def _start(workers: int) -> LocalCluster:
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        # a free port, so that two runs (or a run beside a notebook's cluster) never collide
        dashboard_address="127.0.0.1:0",
        # the workers' own chatter (event-loop pauses while spaCy holds the GIL) is not news
        silence_logs=logging.ERROR,
    )
