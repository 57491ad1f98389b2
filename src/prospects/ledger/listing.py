"""Which forecasts a listing holds and in what order: the filters of `Ledger.iter_forecasts` and
`Ledger.count_forecasts`, checked, as conditions on the forecasts table, and the sort orders.

Every condition is on the forecasts table itself (a source's name or type as a subquery of
source ids, a search as a subquery of the search index), so that counting needs no join and
listing joins the article and the source only to show them. Each sort order has an index
(schema.py), so the first page of any order reads about a page of index entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, and_, exists, func, not_, or_, select

from prospects.ledger import schema, search
from prospects.ledger.engine import LedgerError
from prospects.records import OUTCOMES, SOURCE_TYPES

F = schema.forecasts
S = schema.sources
R = schema.resolutions
_horizon = schema.HORIZON_OR_NEVER  # a day after every end for no horizon

STATUSES = ("open", "due", "resolved", *OUTCOMES)
SORTS = ("newest", "oldest", "horizon", "probability", "source")
# above this many forecasts, a source filter scans in listing order (see `source_condition`)
MANY_FORECASTS = 5_000
# at most this many forecasts in a horizon filter are fetched and sorted (`ForecastFilters.narrow`)
NARROW = 10_000


class FilterError(LedgerError, ValueError):
    """A filter value that cannot be used; `argument` names it. A LedgerError for the command
    line's one-line errors, a ValueError for callers that check their arguments."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


@dataclass(frozen=True)
class ForecastFilters:
    """The filters of a forecast listing, checked when made (`FilterError`).

    `source`: a source id, or words of its name (case-insensitive); `source_type`: person,
    organization, group or author; `outlet`: exact, any case; `since`/`until`: the article's
    publication date; `horizon_since`/`horizon_until`: the horizon's end date within (a forecast
    without one is left out); `due`: the horizon has ended (before `today`) and no resolution is
    recorded; `unresolved`: no resolution recorded; `status`: open (no resolution and the horizon
    not ended, or none), due, resolved (any resolution), or the latest resolution's outcome (yes,
    no, partly, void); `kind`; `min_prob`: probability at least this; `search`: every word in the
    proposition, evidence, source name or article title (search.py); `article`: an article id or
    its prefix; `today`: for due and open, default the date today.
    """

    source: str | None = None
    source_type: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    horizon_since: date | None = None
    horizon_until: date | None = None
    due: bool = False
    unresolved: bool = False
    status: str | None = None
    kind: str | None = None
    min_prob: float | None = None
    search: str | None = None
    article: str | None = None
    include_retired: bool = False
    today: date | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until", "horizon_since", "horizon_until", "today"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, date):
                raise FilterError(name, f"{value!r} is not a date")
        _one_of("status", self.status, STATUSES)
        _one_of("source_type", self.source_type, SOURCE_TYPES)
        if self.min_prob is not None and not isinstance(self.min_prob, int | float):
            raise FilterError("min_prob", f"{self.min_prob!r} is not a number")
        for name in ("source", "outlet", "kind", "search", "article"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise FilterError(name, f"{value!r} is not a string")

    def narrow(self, conn: Connection) -> bool:
        """Whether the horizon filter leaves few enough forecasts (NARROW) to fetch them by the
        horizon index and sort them, rather than read another order's index until a page is
        found: horizons are correlated with publication, so those of one month in 2022 lie far
        down the newest-first listing, past most forecasts of later years."""
        if self.horizon_since is None and self.horizon_until is None:
            return False
        some = select(F.c.id).where(*self._horizon_range()).limit(NARROW + 1).subquery()
        return (conn.execute(select(func.count()).select_from(some)).scalar() or 0) <= NARROW

    def _horizon_range(self) -> list[Any]:
        found: list[Any] = []
        if self.horizon_since:
            found.append(F.c.horizon_end >= self.horizon_since)
            found.append(_horizon >= self.horizon_since)  # as a range of the horizon index
        if self.horizon_until:
            found.append(F.c.horizon_end <= self.horizon_until)
            found.append(_horizon <= self.horizon_until)
        return found

    def conditions(self, conn: Connection, wanted: int | None = None) -> list[Any]:
        """The filters as conditions on the forecasts table. `conn` answers how many forecasts
        a source filter's sources have, or a search matches; `wanted` is how many rows of the
        listing will be read (offset and limit; None for all), which decides how."""
        today = self.today or date.today()
        found: list[Any] = []
        if not self.include_retired:
            found.append(F.c.retired_at.is_(None))
            found.append(F.c.not_a_forecast.is_(False))
        if self.source:
            found.append(source_condition(conn, source_ids_matching(self.source)))
        if self.source_type:
            of_type = select(S.c.id).where(S.c.type == self.source_type)
            found.append(source_condition(conn, of_type))
        if self.outlet:
            found.append(func.lower(F.c.outlet) == self.outlet.lower())
        if self.since:
            found.append(F.c.published >= self.since)
        if self.until:
            found.append(F.c.published <= self.until)
        found.extend(self._horizon_range())
        if self.due:
            found.append(F.c.horizon_end < today)
        if self.due or self.unresolved:
            found.append(_unresolved())
        if self.status:
            found.append(_status(conn, self.status, today, wanted))
        if self.kind:
            found.append(F.c.kind == self.kind)
        if self.min_prob is not None:
            found.append(F.c.probability >= self.min_prob)
        matched = search.condition(conn, self.search, wanted)
        if matched is not None:
            found.append(matched)
        if self.article:
            found.append(prefixed(F.c.article_id, self.article.strip().lower()))
        return found


def order(sort: str, dialect: str, *, by_index: bool = True) -> list[Any]:
    """The ORDER BY of a listing sorted by `sort` (SORTS), each with its index in schema.py.
    `by_index=False` hides that index from the planner (its first key as `coalesce(key, key)`),
    so that it fetches what the filters select by their own index and sorts it."""
    _one_of("sort", sort, SORTS)
    if sort == "newest":
        keys = listing_order(dialect, by_index=by_index)
    elif sort == "source":
        keys = [*schema.SOURCE_NAME_ORDER, *listing_order(dialect)]
    else:
        keys = list(schema.SORT_ORDERS[sort])
    if not by_index and sort != "newest":
        keys[0] = func.coalesce(keys[0], keys[0])
    return keys


def check_page(limit: int | None, offset: int) -> None:
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise FilterError("limit", f"{limit!r} is not a count of forecasts")
    if not isinstance(offset, int) or offset < 0:
        raise FilterError("offset", f"{offset!r} is not a count of forecasts")


def _one_of(argument: str, value: object, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise FilterError(argument, f"{value!r} is not one of {', '.join(allowed)}")


def listing_order(dialect: str, *, by_index: bool = True) -> list[Any]:
    """Newest article first, then position in the article."""
    published = F.c.published if by_index else func.coalesce(F.c.published, F.c.published)
    newest = published.desc()
    # as in schema.py's listing indexes, so the database reads the index in order
    newest = newest.nulls_last() if dialect == "postgresql" else newest
    return [newest, F.c.article_id, F.c.start, F.c.id]


def latest_outcome() -> Any:
    """The outcome of a forecast's latest resolution, or NULL."""
    return (
        select(R.c.outcome)
        .where(R.c.forecast_id == F.c.id)
        .order_by(R.c.seq.desc())
        .limit(1)
        .correlate(F)
        .scalar_subquery()
    )


def _unresolved() -> Any:
    return not_(exists().where(R.c.forecast_id == F.c.id))


def _status(conn: Connection, status: str, today: date, wanted: int | None) -> Any:
    if status == "open":  # no horizon, or one ending today or later: one range of its index
        return and_(_unresolved(), _horizon >= today)
    if status == "due":
        return and_(_unresolved(), F.c.horizon_end < today)
    if status == "resolved":
        return exists().where(R.c.forecast_id == F.c.id)
    # from the resolutions with that outcome (ix_resolutions_outcome) rather than the latest
    # outcome of every forecast: "void" may be no forecast of a million
    later = R.alias("later")
    latest = ~exists().where(and_(later.c.forecast_id == R.c.forecast_id, later.c.seq > R.c.seq))
    decided = select(R.c.forecast_id).where(and_(R.c.outcome == status, latest))
    if wanted is None:  # a count: fetching them is the way
        return F.c.id.in_(decided)
    some = select(R.c.seq).where(R.c.outcome == status).limit(MANY_FORECASTS + 1).subquery()
    many = (conn.execute(select(func.count()).select_from(some)).scalar() or 0) > MANY_FORECASTS
    # as for a source: many of them are found sooner in listing order than fetched and sorted
    return (F.c.id.concat("") if many else F.c.id).in_(decided)


def source_condition(conn: Connection, matching: Select[Any]) -> Any:
    """Forecasts of the sources `matching` selects. When they have many forecasts between them
    ("officials", every person), reading the listing index in order finds a page sooner than
    fetching them all by source and sorting, and counting them reads the table faster than
    looking each up, so the source index is hidden from the planner (`|| ''`)."""
    total = conn.execute(
        select(func.coalesce(func.sum(S.c.n_forecasts), 0)).where(S.c.id.in_(matching))
    ).scalar()
    column = F.c.source_id
    if int(total or 0) > MANY_FORECASTS:
        return column.concat("").in_(matching)
    return column.in_(matching)


def source_ids_matching(source: str) -> Select[Any]:
    """Source ids for a filter: the id itself, or every word in the name (merged ones follow)."""
    conditions = [
        func.lower(S.c.name).like(f"%{escape_like(w.lower())}%", escape="\\")
        for w in source.split()
    ]
    by_name = and_(*conditions) if conditions else S.c.id.is_(None)
    return select(S.c.id).where(or_(S.c.id == source.lower(), by_name))


def prefixed(column: Any, prefix: str) -> Any:
    """Ids starting with `prefix`, as a range the primary key index answers (LIKE would not:
    SQLite's LIKE is case-insensitive and skips the index)."""
    return and_(column >= prefix, column < prefix + "~")


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
