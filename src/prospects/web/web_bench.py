"""`prospects bench web`: how fast the pages answer over the million-forecast ledger of
`prospects bench ledger`, through real HTTP on loopback.

The pages timed are the forecast list (plain, filtered and sorted, searched), a source's page
(its track record: the source with the most forecasts, and random ones) and the leaderboard.
Each is requested `repeats` times with varying arguments after one warm-up request, and its
p50/p95 are reported. The baseline, measured in the same run against the same server, is a
static file: what the server, the client and the loopback cost before any page work, so the
ratio page p95 / baseline p95 is comparable across machines. The issue's target is a p95 under
300 ms for the list, search, source and score pages.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from prospects.ledger import Ledger
from prospects.ledger.ledger_bench import fill, sizes
from prospects.web.app import create_app
from prospects.web.server import serving

TARGET_MS = 300.0


@dataclass(frozen=True)
class PageTiming:
    page: str
    runs: int
    p50_ms: float
    p95_ms: float
    ratio: float  # p95 / the baseline's p95
    cold_ms: float  # the first request: for the leaderboard, computing it

    @property
    def within_target(self) -> bool:
        return self.p95_ms < TARGET_MS


@dataclass
class WebBenchResult:
    backend: str
    forecasts: int
    build_seconds: float
    baseline_p95_ms: float = 0.0
    pages: list[PageTiming] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["target_ms"] = TARGET_MS
        d["all_within_target"] = all(p.within_target for p in self.pages)
        return d


def _p95(ms: list[float]) -> float:
    ordered = sorted(ms)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(
    url: str | None = None,
    *,
    scale: float = 1.0,
    repeats: int = 30,
    seed: int = 0,
    on_step: Callable[[str], None] | None = None,
) -> WebBenchResult:
    """Fill a ledger (a temporary SQLite file when `url` is None; it must be empty), serve it,
    and time the pages."""
    import httpx

    say = on_step or (lambda _msg: None)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="prospects-bench-web-") as tmp:
        target = url or str(Path(tmp) / "bench.db")
        with Ledger(target) as ledger:
            n = sizes(scale)
            say(f"building {n['forecasts']:,} forecasts")
            started = time.perf_counter()
            names = fill(ledger, scale=scale, seed=seed)
            result = WebBenchResult(
                ledger.engine.dialect.name, n["forecasts"], round(time.perf_counter() - started, 2)
            )
            sources = ledger.sources(limit=200)
            words = names["surnames"] + names["groups"]
            pages: dict[str, Callable[[], str]] = {
                "baseline: a static file": lambda: "/static/style.css",
                "forecast list": lambda: f"/forecasts?page={rng.randint(1, 20)}",
                "forecast list, filtered and sorted": lambda: (
                    f"/forecasts?kind={rng.choice(['prediction', 'pledge', 'expectation'])}"
                    f"&sort={rng.choice(['horizon', 'probability', 'oldest'])}"
                ),
                "search": lambda: f"/forecasts?q={rng.choice(words)}",
                "source (the most forecasts)": lambda: f"/sources/{sources[0].id}",
                "source (any)": lambda: f"/sources/{rng.choice(sources).id}",
                "scores by source": lambda: "/scores",
                "scores by type": lambda: "/scores?by=type",
            }
            app = create_app(ledger)
            with serving(app) as base, httpx.Client(base_url=base, timeout=600) as client:
                for name, address in pages.items():
                    say(f"timing {name}")
                    cold, ms = _time(client, address, repeats)
                    if name.startswith("baseline"):
                        result.baseline_p95_ms = round(_p95(ms), 2)
                        continue
                    p95 = _p95(ms)
                    result.pages.append(
                        PageTiming(
                            name,
                            len(ms),
                            round(statistics.median(ms), 2),
                            round(p95, 2),
                            round(p95 / result.baseline_p95_ms, 1),
                            round(cold, 1),
                        )
                    )
    return result


def _time(client: Any, address: Callable[[], str], repeats: int) -> tuple[float, list[float]]:
    """(the first request's ms, then each of `repeats` more): the first warms caches, and
    computes the leaderboard."""
    started = time.perf_counter()
    first = client.get(address())
    cold = 1000 * (time.perf_counter() - started)
    first.raise_for_status()
    ms = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(address())
        ms.append(1000 * (time.perf_counter() - started))
        response.raise_for_status()
    return cold, ms
