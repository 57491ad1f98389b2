"""`prospects bench ledger`: a synthetic ledger at the issue's size, listing latency, ingest speed.

Builds (bulk, straight into the tables, with the row builders `Ledger.store` writes with) a
ledger of `forecasts` forecasts over `articles` articles and `sources` sources, 10% of forecasts
resolved; times each listing query of `prospects forecasts` / `sources` / `show` (first page of
`page` rows, `repeats` runs with varying arguments) and reports p50/p95; then stores `ingest`
synthetic article records through `Ledger.store` (one transaction each, as `prospects ingest
--records` does) and reports forecasts per second.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from prospects.ledger import schema
from prospects.ledger.engine import LedgerError
from prospects.ledger.identity import ID_LENGTH, normalise
from prospects.ledger.rows import (
    article_row,
    content_hash,
    forecast_row,
    mention_row,
    resolution_row,
)
from prospects.ledger.source_matching import source_row
from prospects.ledger.store import Ledger, recount
from prospects.records import (
    AUTHOR,
    FORECAST_KINDS,
    Article,
    ArticleRecord,
    Forecast,
    Horizon,
    Likelihood,
    Resolution,
    Source,
)

FULL = {"forecasts": 1_000_000, "articles": 100_000, "sources": 20_000}

_WORDS = [
    "Russia",
    "Ukraine",
    "talks",
    "ceasefire",
    "inflation",
    "rates",
    "election",
    "vote",
    "sanctions",
    "aid",
    "offensive",
    "winter",
    "harvest",
    "exports",
    "tariffs",
    "budget",
    "deficit",
    "parliament",
    "coalition",
    "strike",
    "reform",
    "court",
    "ruling",
    "merger",
    "shares",
    "growth",
    "recession",
    "drought",
    "flooding",
    "summit",
    "treaty",
    "missile",
    "border",
    "refugees",
    "pipeline",
    "gas",
    "oil",
    "prices",
    "wages",
    "unemployment",
    "housing",
    "bank",
    "default",
    "bond",
]
_SURNAMES = [
    "Kofman",
    "Smith",
    "Garcia",
    "Ivanova",
    "Chen",
    "Okafor",
    "Novak",
    "Rossi",
    "Tanaka",
    "Dubois",
    "Silva",
    "Kowalski",
    "Haddad",
    "Larsen",
    "Moreau",
    "Petrov",
    "Nguyen",
    "Schmidt",
    "Costa",
    "Yilmaz",
]
_GIVEN = [
    "Anna",
    "Michael",
    "Li",
    "Maria",
    "Pedro",
    "Olga",
    "Kenji",
    "Amara",
    "Jonas",
    "Sara",
    "Ahmed",
    "Elena",
]
_GROUPS = [
    "officials",
    "analysts",
    "diplomats",
    "economists",
    "investors",
    "lawmakers",
    "traders",
    "experts",
]
_OUTLETS = [f"Outlet {i}" for i in range(50)]


@dataclass
class QueryTiming:
    name: str
    runs: int
    p50_ms: float
    p95_ms: float


@dataclass
class LedgerBenchResult:
    backend: str
    forecasts: int
    articles: int
    sources: int
    build_seconds: float
    queries: list[QueryTiming] = field(default_factory=list)
    ingest_articles: int = 0
    ingest_forecasts: int = 0
    ingest_seconds: float = 0.0

    @property
    def ingest_forecasts_per_s(self) -> float:
        return self.ingest_forecasts / self.ingest_seconds if self.ingest_seconds else 0.0

    @property
    def worst_p95_ms(self) -> float:
        return max((q.p95_ms for q in self.queries), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ingest_forecasts_per_s"] = round(self.ingest_forecasts_per_s, 1)
        d["worst_p95_ms"] = round(self.worst_p95_ms, 2)
        return d


def sizes(scale: float = 1.0, **given: int | None) -> dict[str, int]:
    """The issue's sizes times `scale`, with any size given explicitly taking precedence."""
    return {k: int(given.get(k) or max(1, round(v * scale))) for k, v in FULL.items()}


def run(
    url: str | None = None,
    *,
    scale: float = 1.0,
    forecasts: int | None = None,
    articles: int | None = None,
    sources: int | None = None,
    repeats: int = 20,
    page: int = 100,
    ingest: int | None = None,
    seed: int = 0,
    on_step: Callable[[str], None] | None = None,
) -> LedgerBenchResult:
    """Build, time and report; with no `url` a temporary SQLite file is used and removed."""
    n = sizes(scale, forecasts=forecasts, articles=articles, sources=sources)
    ingest = ingest if ingest is not None else max(20, round(1000 * scale))
    say = on_step or (lambda _msg: None)
    with tempfile.TemporaryDirectory(prefix="prospects-bench-") as tmp:
        target = url or str(Path(tmp) / "bench.db")
        with Ledger(target) as ledger:
            if ledger.counts()["articles"]:
                raise LedgerError(f"{ledger.location} is not empty: bench needs an empty ledger")
            rng = random.Random(seed)
            say(f"building {n['forecasts']:,} forecasts over {n['articles']:,} articles")
            started = time.perf_counter()
            names = _build(ledger, rng, **n)
            result = LedgerBenchResult(
                backend=ledger.engine.dialect.name,
                forecasts=n["forecasts"],
                articles=n["articles"],
                sources=n["sources"],
                build_seconds=round(time.perf_counter() - started, 2),
            )
            say("timing listing queries")
            result.queries = _time_queries(ledger, rng, names, repeats=repeats, page=page)
            say(f"storing {ingest} article records")
            people = max(1, n["sources"] * 6 // 10)
            records = [_record(rng, i, people) for i in range(ingest)]
            started = time.perf_counter()
            for record in records:
                ledger.store(record)
            result.ingest_seconds = round(time.perf_counter() - started, 3)
            result.ingest_articles = ingest
            result.ingest_forecasts = sum(len(r.forecasts) for r in records)
    return result


def fill(
    ledger: Ledger,
    *,
    scale: float = 1.0,
    forecasts: int | None = None,
    articles: int | None = None,
    sources: int | None = None,
    seed: int = 0,
) -> dict[str, list[str]]:
    """Fill an empty ledger with the benchmark's synthetic articles, sources, forecasts and
    resolutions (for other benchmarks over a big ledger, such as `prospects bench web`); returns
    words that name its sources ("surnames", "groups"), for queries."""
    if ledger.counts()["articles"]:
        raise LedgerError(f"{ledger.location} is not empty: bench needs an empty ledger")
    n = sizes(scale, forecasts=forecasts, articles=articles, sources=sources)
    return _build(ledger, random.Random(seed), **n)


def _unique_id(n: int, used: set[str]) -> str:
    """A forecast id as the ledger makes them: 10 hex digits, salted on a (birthday) collision."""
    salt = 0
    while True:
        candidate = hashlib.sha256(f"bench {n} {salt}".encode()).hexdigest()[:ID_LENGTH]
        if candidate not in used:
            used.add(candidate)
            return candidate
        salt += 1


def person_name(i: int) -> str:
    """The i-th synthetic person: about three people share each surname, as in real news."""
    surname = f"{_SURNAMES[i % len(_SURNAMES)]}{i // (3 * len(_SURNAMES))}"
    return f"{_GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)]} {surname}"


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def _build(
    ledger: Ledger, rng: random.Random, *, forecasts: int, articles: int, sources: int
) -> dict[str, list[str]]:
    """Synthetic records, made rows by the builders `Ledger.store` uses, inserted in bulk: the
    statements only, without the reads that match speakers and forecast ids."""
    now = datetime.now(UTC)
    source_rows: list[dict[str, Any]] = []
    for i in range(sources):
        roll = i % 10
        if roll < 6:
            speaker = Source("s", person_name(i), "person")
        elif roll < 9:
            group = f"{rng.choice(_WORDS)} {_GROUPS[i % len(_GROUPS)]}"
            speaker = Source("s", group, "group", anonymous=True)
        else:
            speaker = Source("s", f"{rng.choice(_WORDS).title()} Institute {i}", "organization")
        # `source_row` keys it by the ledger's id, not the speaker's id within a record
        source_rows.append(source_row(speaker, f"b{i:07x}", normalise(speaker.name or ""), now))
    source_ids = [r["id"] for r in source_rows]
    start_day = date(2020, 1, 1)
    per_article = max(1, forecasts // articles)
    with ledger.engine.begin() as conn:
        conn.execute(schema.sources.insert(), source_rows)
    chunk = 20_000
    made = 0
    used_ids: set[str] = set()
    for first in range(0, articles, chunk // per_article or 1):
        article_rows, mention_rows, forecast_rows = [], [], []
        for a in range(first, min(articles, first + (chunk // per_article or 1))):
            text = f"Synthetic article {a}. " + _sentence(rng, 40)
            published = start_day + timedelta(days=rng.randrange(0, 1800))
            record = ArticleRecord(
                Article(
                    text=text,
                    title=f"Article {a}",
                    published=published,
                    published_basis="given",
                    outlet=_OUTLETS[a % len(_OUTLETS)],
                ),
                pipeline="bench",
            )
            # the stored record holds the article only: its forecasts are the rows below
            as_dict = record.to_dict()
            article_rows.append(article_row(record, as_dict, content_hash(as_dict), now))
            count = per_article if a < articles - 1 else max(per_article, forecasts - made)
            speakers = rng.sample(source_ids, k=min(len(source_ids), max(1, count // 2)))
            for s_index, sid in enumerate(speakers):
                mention = Source(f"s{s_index + 1}", None, "person")
                mention_rows.append(mention_row(record, mention, sid))
            for k in range(count):
                if made >= forecasts:
                    break
                made += 1
                said_by = rng.randrange(len(speakers))
                forecast = _forecast(rng, k, f"s{said_by + 1}", published)
                forecast_rows.append(
                    forecast_row(record, forecast, _unique_id(made, used_ids), speakers[said_by])
                )
        with ledger.engine.begin() as conn:
            conn.execute(schema.articles.insert(), article_rows)
            conn.execute(schema.source_mentions.insert(), mention_rows)
            if forecast_rows:
                conn.execute(schema.forecasts.insert(), forecast_rows)
            resolved = []
            for f in forecast_rows:
                if rng.random() < 0.1:
                    outcome = rng.choice(["yes", "no"])
                    entry = Resolution(f["id"], outcome, "bench", "bench", f["published"])
                    resolved.append(resolution_row(entry, now))
            if resolved:
                conn.execute(schema.resolutions.insert(), resolved)
    with ledger.engine.begin() as conn:
        recount(conn, source_ids)
    with ledger.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # fresh statistics, as a long-lived ledger has
    persons = [str(r["name"]).split()[-1] for r in source_rows if r["type"] == "person"]
    groups = [str(r["name"]).split()[-1] for r in source_rows if r["type"] == "group"]
    return {"surnames": persons or ["nobody"], "groups": groups or ["nobody"]}


def _forecast(rng: random.Random, k: int, source: str, published: date) -> Forecast:
    """The k-th synthetic forecast of an article: 60% with a horizon, all with a probability."""
    p = round(rng.random(), 3)
    has_horizon = rng.random() < 0.6
    end = published + timedelta(days=rng.randrange(1, 900))
    return Forecast(
        id=f"f{k + 1}",
        start=k * 100,
        end=k * 100 + 90,
        text=_sentence(rng, 16),
        proposition=_sentence(rng, 6),
        kind=FORECAST_KINDS[rng.randrange(len(FORECAST_KINDS))],
        source=source,
        likelihood=Likelihood("likely", p, max(0.0, p - 0.1), min(1.0, p + 0.1), "bench"),
        horizon=Horizon("by then", published, end, "day", published) if has_horizon else None,
    )


def _time_queries(
    ledger: Ledger, rng: random.Random, names: dict[str, list[str]], *, repeats: int, page: int
) -> list[QueryTiming]:
    some_ids = [f.id for f in ledger.forecasts(limit=200)]
    queries: dict[str, Callable[[], Any]] = {
        "forecasts": lambda: ledger.forecasts(limit=page),
        "forecasts --source": lambda: ledger.forecasts(
            source=rng.choice(names["surnames"]), limit=page
        ),
        "forecasts --outlet": lambda: ledger.forecasts(outlet=rng.choice(_OUTLETS), limit=page),
        "forecasts --since": lambda: ledger.forecasts(
            since=date(2020, 1, 1) + timedelta(days=rng.randrange(0, 1800)), limit=page
        ),
        "forecasts --due": lambda: ledger.forecasts(due=True, limit=page),
        "forecasts --unresolved": lambda: ledger.forecasts(unresolved=True, limit=page),
        "forecasts --kind": lambda: ledger.forecasts(kind=rng.choice(FORECAST_KINDS), limit=page),
        "forecasts --min-prob": lambda: ledger.forecasts(
            min_prob=round(rng.uniform(0.5, 0.99), 2), limit=page
        ),
        "forecasts --search": lambda: ledger.forecasts(
            search=f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}", limit=page
        ),
        "forecasts --source --unresolved --min-prob": lambda: ledger.forecasts(
            source=rng.choice(names["groups"]), unresolved=True, min_prob=0.5, limit=page
        ),
        # the web UI's filters and orders (issue 16)
        "forecasts --search (3 words)": lambda: ledger.forecasts(
            search=" ".join(rng.choice(_WORDS) for _ in range(3)), limit=page
        ),
        "forecasts --source-type": lambda: ledger.forecasts(
            source_type=rng.choice(["person", "group", "organization", "author"]), limit=page
        ),
        "forecasts --status": lambda: ledger.forecasts(
            status=rng.choice(["open", "due", "resolved", "yes", "no", "void"]), limit=page
        ),
        "forecasts --horizon-since --horizon-until": lambda: _horizon_month(ledger, rng, page),
        "forecasts --sort oldest": lambda: ledger.forecasts(sort="oldest", limit=page),
        "forecasts --sort horizon": lambda: ledger.forecasts(sort="horizon", limit=page),
        "forecasts --sort probability": lambda: ledger.forecasts(sort="probability", limit=page),
        "forecasts --sort source": lambda: ledger.forecasts(sort="source", limit=page),
        "forecasts --search --status --sort": lambda: ledger.forecasts(
            search=rng.choice(_WORDS), status="open", sort="horizon", limit=page
        ),
        "sources": lambda: ledger.sources(limit=page),
        "sources --name": lambda: ledger.sources(name=rng.choice(names["surnames"]), limit=page),
        "show": lambda: ledger.forecast(rng.choice(some_ids)[:8]) if some_ids else None,
    }
    timings = []
    for name, query in queries.items():
        query()  # warm the cache once, as a user's second query would be
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            query()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))]
        timings.append(
            QueryTiming(name, repeats, round(statistics.median(samples), 2), round(p95, 2))
        )
    return timings


def _horizon_month(ledger: Ledger, rng: random.Random, page: int) -> Any:
    """Forecasts whose horizon ends in one month of the synthetic ledger's five years."""
    first = date(2020, 1, 1) + timedelta(days=30 * rng.randrange(0, 80))
    return ledger.forecasts(
        horizon_since=first, horizon_until=first + timedelta(days=30), limit=page
    )


def _record(rng: random.Random, i: int, people: int) -> ArticleRecord:
    """A synthetic analysed article: 10 forecasts by three speakers."""
    sentences = [
        f"Synthetic stored article {i} sentence {k}: " + _sentence(rng, 12) + "." for k in range(10)
    ]
    text = " ".join(sentences)
    speakers = (
        Source(
            "s1",
            person_name(rng.randrange(people)),
            "person",
            False,
            "Bench Institute",
        ),
        Source("s2", f"{rng.choice(_WORDS)} {rng.choice(_GROUPS)}", "group", True),
        AUTHOR,
    )
    published = date(2024, 1, 1) + timedelta(days=i % 365)
    forecasts = []
    for k, sentence in enumerate(sentences):
        start = text.index(sentence)
        p = rng.random()
        forecasts.append(
            Forecast(
                id=f"f{k + 1}",
                start=start,
                end=start + len(sentence),
                text=sentence,
                proposition=sentence[:40],
                kind=FORECAST_KINDS[k % len(FORECAST_KINDS)],
                source=speakers[k % 3].id,
                likelihood=Likelihood("likely", p, max(0, p - 0.1), min(1, p + 0.1), "bench"),
                horizon=Horizon("next year", published, published + timedelta(days=365), "year"),
            )
        )
    return ArticleRecord(
        article=Article(text=text, title=f"Stored {i}", published=published, outlet="Bench Post"),
        sources=speakers,
        forecasts=tuple(forecasts),
        pipeline="bench",
    )
