"""`Ledger`: the one place that reads and writes the forecast ledger (SQLite or PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Select,
    String,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.sql import util as sql_util

from prospects.ledger import corrections, identity, listing, migrations, schema, source_matching
from prospects.ledger.engine import (
    LedgerError,
    as_utc,
    describe,
    is_read_only,
    one_line,
    open_engine,
    pipelined,
    resolve_url,
    sqlite_path,
    use_wal,
    writing,
)
from prospects.ledger.listing import ForecastFilters
from prospects.ledger.rows import (
    ARTICLE_KEPT_ON_UPDATE,
    FORECAST_KEPT_ON_UPDATE,
    ForecastRow,
    SourceRef,
    SourceRow,
    StoredArticle,
    StoreResult,
    TokenRow,
    article_row,
    content_hash,
    forecast_row,
    mention_row,
    quote_row,
    resolution_row,
)
from prospects.records import (
    ArticleRecord,
    Correction,
    Question,
    Resolution,
    Source,
)

T = TypeVar("T")

F = schema.forecasts
A = schema.articles
S = schema.sources
R = schema.resolutions
C = schema.corrections
TOKENS = schema.tokens
MIN_PREFIX = 4
# what may be a source id or its prefix (a name like "Ann" is not looked up as one)
_SOURCE_ID = re.compile(rf"[0-9a-f]{{{MIN_PREFIX},16}}")


def record_hash(record: ArticleRecord) -> str:
    """What makes a second store of one article "unchanged": everything but where it was read."""
    return content_hash(record.to_dict())


class Ledger:
    """The forecast ledger.

    `Ledger()` opens $PROSPECTS_DB or ./prospects.db; `Ledger("x.db")` a SQLite file;
    `Ledger("postgresql+psycopg://user@host/db")` a PostgreSQL database. An older schema is upgraded
    on open (with `upgrade=False` the caller calls `upgrade()` itself); `create=False` refuses a
    ledger that does not exist yet, for commands that only read. Every failure to open or write is
    a `LedgerError` with a one-line message, and leaves the database as it was.
    """

    def __init__(
        self,
        url_or_path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        upgrade: bool = True,
    ) -> None:
        self.url = resolve_url(url_or_path)
        self.location = describe(self.url)
        path = sqlite_path(self.url)
        if path is not None and not path.exists() and not create:
            raise LedgerError(f"no ledger at {path} yet", need="articles")
        if path is not None and not path.exists() and not path.parent.is_dir():
            raise LedgerError(f"cannot create {path}: folder {path.parent} does not exist")
        self.read_only = path is not None and is_read_only(path)
        self.engine = open_engine(self.url, read_only=self.read_only)
        try:
            self._open(upgrade=upgrade)
        except BaseException:
            self.engine.dispose()
            raise

    def _open(self, *, upgrade: bool) -> None:
        with self._errors(), self.engine.connect() as conn:
            version = migrations.current_version(conn)
        if version is None:
            raise LedgerError(f"{self.location} is a database but not a prospects ledger")
        if version > schema.SCHEMA_VERSION:
            raise LedgerError(
                f"{self.location} has ledger schema version {version}, newer than this prospects "
                f"supports ({schema.SCHEMA_VERSION}): upgrade prospects"
            )
        if version < schema.SCHEMA_VERSION:
            if self.read_only:
                if version == 0:
                    raise LedgerError(f"{self.location} is read-only and holds no ledger")
                raise LedgerError(
                    f"{self.location} is read-only and its schema (version {version}) needs an "
                    f"upgrade to version {schema.SCHEMA_VERSION}",
                    need="upgrade",
                )
            if upgrade:
                self.upgrade()
        if self.engine.dialect.name == "sqlite" and not self.read_only:
            with self._errors():
                use_wal(self.engine)

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except LedgerError:
            raise
        except migrations.SchemaTooNewError as error:
            raise LedgerError(f"{self.location}: {error}") from error
        except (sa_exc.OperationalError, sa_exc.DatabaseError, sa_exc.InterfaceError) as error:
            raise LedgerError(one_line(self.url, error)) from error

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self.read_only:
            raise LedgerError(f"{self.location} is read-only: nothing was written")
        with self._errors(), writing(self.engine) as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with self._read() as conn:
            return migrations.current_version(conn) or 0

    def upgrade(self) -> tuple[int, int]:
        """Bring the schema to this release's version: (before, after)."""
        if self.read_only:
            raise LedgerError(f"{self.location} is read-only: nothing was written")
        with self._errors():
            before, after = migrations.upgrade(self.engine.execution_options(ledger_write=True))
        if 0 < before < after:
            self.analyze()  # the new indexes, which the planner would otherwise guess about
        return before, after

    def analyze(self) -> None:
        """Refresh the query planner's statistics. SQLite keeps none unless asked, and without
        them it guesses: on a million forecasts it sorted all of them for a page by source name
        (1.2 s) instead of reading the sources in order (3 ms). Sampled (`analysis_limit`), it
        takes a tenth of a second there. PostgreSQL's autovacuum keeps its own; asked, it samples
        too. `prospects ingest` runs it after storing, an upgrade after its steps."""
        if self.read_only:
            return
        with self._errors(), writing(self.engine) as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
            conn.exec_driver_sql("ANALYZE")

    # -- storing ----------------------------------------------------------------------------

    def has_article(self, article_id: str, pipeline: str | None = None) -> bool:
        """Whether the article is stored (by the given pipeline, when one is named)."""
        query = select(A.c.pipeline).where(A.c.id == article_id)
        with self._read() as conn:
            row = conn.execute(query).first()
        return row is not None and (pipeline is None or row.pipeline == pipeline)

    def store(self, record: ArticleRecord) -> StoreResult:
        """Store one analysed article in one transaction: new, unchanged or updated."""
        with self._write() as conn:
            return _store(conn, record)

    # -- reading forecasts ------------------------------------------------------------------

    def iter_forecasts(
        self,
        *,
        source: str | None = None,
        source_type: str | None = None,
        outlet: str | None = None,
        since: date | None = None,
        until: date | None = None,
        horizon_since: date | None = None,
        horizon_until: date | None = None,
        due: bool = False,
        unresolved: bool = False,
        status: str | None = None,
        kind: str | None = None,
        min_prob: float | None = None,
        search: str | None = None,
        article: str | None = None,
        include_retired: bool = False,
        today: date | None = None,
        sort: str = "newest",
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[ForecastRow]:
        """Stored forecasts, newest article first (or by `sort`: oldest, horizon (the soonest
        end first), probability (the highest first), source (by name); empty values last).

        The filters (`listing.ForecastFilters` says each) all apply together. `source`: a source
        id, or words of its name; `source_type`; `outlet`; `since`/`until`: the article's date;
        `horizon_since`/`horizon_until`: the horizon's end; `due`, `unresolved`, `status` (open,
        due, resolved, yes, no, partly, void); `kind`; `min_prob`; `search`: every word in the
        proposition, evidence, source name or article title, the last also as a prefix;
        `article`: an article id or its prefix. A bad value raises `FilterError` (a LedgerError
        and a ValueError) naming the argument, here rather than on the first row.
        """
        filters = ForecastFilters(
            source=source,
            source_type=source_type,
            outlet=outlet,
            since=since,
            until=until,
            horizon_since=horizon_since,
            horizon_until=horizon_until,
            due=due,
            unresolved=unresolved,
            status=status,
            kind=kind,
            min_prob=min_prob,
            search=search,
            article=article,
            include_retired=include_retired,
            today=today,
        )
        listing.order(sort, self.engine.dialect.name)  # a bad sort is refused before any read
        listing.check_page(limit, offset)
        with self._read() as conn:
            conditions = filters.conditions(conn, None if limit is None else offset + limit)
            by_index = sort == "horizon" or not filters.narrow(conn)
        ordering = listing.order(sort, self.engine.dialect.name, by_index=by_index)
        if limit is None:
            query = _forecast_query().where(*conditions).order_by(*ordering).offset(offset)
            return self._rows_of(query)
        # The page's ids first, from the forecasts (and the tables a condition or the order
        # reads), then its rows with their article, source and resolution: a page picked from
        # many sorted candidates then joins a hundred articles, not all of the candidates' (a
        # random read each in a big ledger). The join keys are expressions (`|| ''`), so that the
        # planner reads the forecasts and looks their source and article up, never each source's
        # forecasts through their index, as SQLite does when its statistics lack that index (a
        # ledger never analysed, or just upgraded): only the listing sorted by source name is
        # meant to go from the sources to their forecasts.
        read = {
            t for c in [*conditions, *ordering] for t in sql_util.find_tables(c, check_columns=True)
        }
        picked: Any = F
        if S in read:
            by_source = F.c.source_id if sort == "source" else F.c.source_id.concat("")
            picked = picked.join(S, S.c.id == by_source)
        if A in read:
            picked = picked.join(A, A.c.id == F.c.article_id.concat(""))
        page = (
            select(F.c.id)
            .select_from(picked)
            .where(*conditions)
            .order_by(*ordering)
            .offset(offset)
            .limit(limit)
            .subquery()
        )
        query = _forecast_query().join(page, page.c.id == F.c.id).order_by(*ordering)
        return self._rows_of(query)

    def _rows_of(self, query: Select[Any]) -> Iterator[ForecastRow]:
        with self._read() as conn:
            for row in conn.execution_options(yield_per=1000).execute(query):
                yield _forecast_row(row)

    def count_forecasts(self, **filters: Any) -> int:
        """How many forecasts `iter_forecasts` with these filters would give in all: its keyword
        arguments, where `sort`, `limit` and `offset` (a page of them) change nothing."""
        for page in ("sort", "limit", "offset"):
            filters.pop(page, None)
        checked = ForecastFilters(**filters)
        with self._read() as conn:
            conditions = checked.conditions(conn)
            query = select(func.count()).select_from(F).where(*conditions)
            return int(conn.execute(query).scalar() or 0)

    def forecasts(self, **filters: Any) -> list[ForecastRow]:
        """`iter_forecasts` as a list; the filters are the same."""
        return list(self.iter_forecasts(**filters))

    def forecast(self, forecast_id: str) -> ForecastRow | None:
        """One forecast by its id or a unique prefix of it (retired ones too)."""
        found = self._by_prefix(F, F.c.id, forecast_id, "forecast")
        if found is None:
            return None
        query = _forecast_query().where(F.c.id == found)
        with self._read() as conn:
            row = conn.execute(query).first()
        return _forecast_row(row) if row else None

    def article(self, article_id: str) -> StoredArticle | None:
        """One article by its id or a unique prefix: the record with text, and its forecasts."""
        found = self._by_prefix(A, A.c.id, article_id, "article")
        if found is None:
            return None
        with self._read() as conn:
            row = conn.execute(
                select(A.c.record, A.c.text, A.c.pipeline).where(A.c.id == found)
            ).one()
        record = ArticleRecord.from_dict(json.loads(row.record), text=row.text)
        rows = self.forecasts(article=found, include_retired=True)
        return StoredArticle(record=record, forecasts=tuple(rows), pipeline=row.pipeline)

    def article_text(self, article_id: str) -> str | None:
        """An article's text alone, by its full id (a forecast's page shows its sentence in
        context without reading the whole record and every forecast of the article)."""
        with self._read() as conn:
            return conn.execute(select(A.c.text).where(A.c.id == article_id)).scalar()

    def _by_prefix(self, table: Any, column: Any, prefix: str, what: str) -> str | None:
        prefix = prefix.strip().lower()
        if len(prefix) < MIN_PREFIX:
            raise LedgerError(
                f"{what} id {prefix!r} is too short: give at least {MIN_PREFIX} characters"
            )
        query = select(column).where(listing.prefixed(column, prefix)).limit(6)
        with self._read() as conn:
            found = list(conn.execute(query).scalars())
        if len(found) > 1:
            if prefix in found:
                return prefix
            raise LedgerError(f"{what} id {prefix!r} is ambiguous: {', '.join(found[:5])}")
        return found[0] if found else None

    def articles(self, *, limit: int | None = None) -> Iterator[ArticleRecord]:
        """Every stored article record with its text, oldest first (for export)."""
        query = select(A.c.record, A.c.text).order_by(A.c.stored_at, A.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            for row in conn.execution_options(yield_per=500).execute(query):
                yield ArticleRecord.from_dict(json.loads(row.record), text=row.text)

    def counts(self) -> dict[str, int]:
        """Rows per kind: articles, forecasts (current: neither retired nor marked not a
        forecast), sources (not merged), resolutions, corrections."""
        with self._read() as conn:
            return {
                "articles": conn.execute(select(func.count()).select_from(A)).scalar() or 0,
                "forecasts": conn.execute(
                    select(func.count()).select_from(F).where(_CURRENT)
                ).scalar()
                or 0,
                "sources": conn.execute(
                    select(func.count()).select_from(S).where(S.c.merged_into.is_(None))
                ).scalar()
                or 0,
                "resolutions": conn.execute(select(func.count()).select_from(R)).scalar() or 0,
                "corrections": conn.execute(select(func.count()).select_from(C)).scalar() or 0,
            }

    def revision(self) -> str:
        """Changes whenever anything a score depends on does: an article stored or updated, a
        resolution or correction appended, a source merged or split. Cheap (indexed maxima
        and counts), so a reader can cache what it computed from the ledger until it moves."""
        with self._read() as conn:
            marks = conn.execute(
                select(
                    select(func.max(A.c.updated_at)).scalar_subquery(),
                    select(func.count()).select_from(A).scalar_subquery(),
                    select(func.max(R.c.seq)).scalar_subquery(),
                    select(func.max(C.c.seq)).scalar_subquery(),
                    select(func.count()).select_from(S).scalar_subquery(),
                    select(func.count())
                    .select_from(S)
                    .where(S.c.merged_into.is_not(None))
                    .scalar_subquery(),
                )
            ).one()
        return hashlib.sha256(repr(tuple(marks)).encode("utf-8")).hexdigest()[:16]

    # -- sources ----------------------------------------------------------------------------

    def sources(
        self,
        *,
        name: str | None = None,
        type: str | None = None,
        include_merged: bool = False,
        limit: int | None = None,
    ) -> list[SourceRow]:
        """Sources across articles with how many articles and current forecasts each has."""
        query = select(S)
        if not include_merged:
            query = query.where(S.c.merged_into.is_(None))
        if name:
            query = query.where(S.c.id.in_(listing.source_ids_matching(name)))
        if type:
            query = query.where(S.c.type == type)
        query = query.order_by(S.c.n_forecasts.desc(), S.c.n_articles.desc(), S.c.name, S.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            return [_source_row(r) for r in conn.execute(query)]

    def source(self, source_id: str) -> SourceRow | None:
        found = self._by_prefix(S, S.c.id, source_id, "source")
        if found is None:
            return None
        with self._read() as conn:
            row = conn.execute(select(S).where(S.c.id == found)).first()
        return _source_row(row) if row else None

    def merge_sources(self, keep: str, merge: str) -> SourceRow:
        """Make `merge` the same source as `keep`: its mentions and forecasts move to `keep`, and
        later ingests that would land on `merge` land on `keep`."""
        keep_id = self._existing_source(keep)
        merge_id = self._existing_source(merge)
        if keep_id == merge_id:
            raise LedgerError(f"cannot merge source {keep_id} into itself")
        with self._write() as conn:
            for table in (schema.source_mentions, schema.quotes, F, schema.source_pins):
                conn.execute(
                    update(table).where(table.c.source_id == merge_id).values(source_id=keep_id)
                )
            conn.execute(
                update(S)
                .where(or_(S.c.id == merge_id, S.c.merged_into == merge_id))
                .values(merged_into=keep_id)
            )
            recount(conn, {keep_id, merge_id})
        kept = self.source(keep_id)
        assert kept is not None
        return kept

    def split_source(
        self, source_id: str, articles: Iterable[str], *, name: str | None = None
    ) -> SourceRow:
        """Give a source's mentions in `articles` (ids or prefixes) a new source of their own, for
        when one stored source is really two people. Survives re-ingest of those articles."""
        sid = self._existing_source(source_id)
        article_ids = []
        for prefix in articles:
            found = self._by_prefix(A, A.c.id, prefix, "article")
            if found is None:
                raise LedgerError(f"no article {prefix!r} in {self.location}")
            article_ids.append(found)
        if not article_ids:
            raise LedgerError("name the articles whose mentions are another source")
        with self._write() as conn:
            old = conn.execute(select(S).where(S.c.id == sid)).one()
            mentions = conn.execute(
                select(schema.source_mentions).where(
                    and_(
                        schema.source_mentions.c.source_id == sid,
                        schema.source_mentions.c.article_id.in_(article_ids),
                    )
                )
            ).all()
            if not mentions:
                raise LedgerError(f"source {sid} is not mentioned in those articles")
            split = Source(
                id="split",
                name=name or old.name,
                type=old.type,
                anonymous=bool(old.anonymous),
                affiliation=mentions[0].affiliation if name is None else None,
                role=mentions[0].role,
            )
            note = f"split from {sid} at {datetime.now(UTC).isoformat()}"
            new_id = source_matching.create(
                conn, split, norm_name=identity.normalise(split.name or ""), note=note
            )
            now = datetime.now(UTC)
            for m in mentions:
                norm = identity.normalise(m.name or m.role or "unnamed")
                pin = schema.source_pins
                conn.execute(
                    delete(pin).where(
                        and_(pin.c.article_id == m.article_id, pin.c.norm_name == norm)
                    )
                )
                conn.execute(
                    insert(pin).values(
                        article_id=m.article_id, norm_name=norm, source_id=new_id, created_at=now
                    )
                )
            for table in (schema.source_mentions, schema.quotes, F):
                conn.execute(
                    update(table)
                    .where(and_(table.c.source_id == sid, table.c.article_id.in_(article_ids)))
                    .values(source_id=new_id)
                )
            recount(conn, {sid, new_id})
        created = self.source(new_id)
        assert created is not None
        return created

    def _existing_source(self, source_id: str) -> str:
        found = self._by_prefix(S, S.c.id, source_id, "source")
        if found is None:
            raise LedgerError(f"no source {source_id!r} in {self.location}")
        return found

    # -- resolutions ------------------------------------------------------------------------

    def append_resolution(self, entry: Resolution) -> Resolution:
        """Append to the resolution log. Refuses (`LogMovedOn`, a ValueError) an entry whose
        `prev_hash` is not the hash of the current last entry (a resolution's or a
        correction's), checked under the write lock, so the chain cannot fork."""
        with self._write() as conn:
            seq, last_hash = _log_head(conn)
            _check_link(entry.prev_hash, last_hash)
            recorded_at = entry.recorded_at or datetime.now(UTC)
            # the log's next number, shared with the corrections table, not the table's own
            entry = replace(entry, seq=seq + 1, recorded_at=recorded_at)
            conn.execute(insert(R).values(**resolution_row(entry, recorded_at)))
            if conn.dialect.name == "postgresql":
                # keep the serial's counter level, for an insert that leaves the number to it
                conn.execute(
                    text("SELECT setval(pg_get_serial_sequence('resolutions', 'seq'), :seq)"),
                    {"seq": seq + 1},
                )
        return entry

    def resolutions(self, forecast_id: str | None = None) -> list[Resolution]:
        """The resolution log in order, or one forecast's entries."""
        query = select(R).order_by(R.c.seq)
        if forecast_id is not None:
            query = query.where(R.c.forecast_id == forecast_id)
        with self._read() as conn:
            return [_resolution(row) for row in conn.execute(query)]

    def last_resolution_hash(self) -> str | None:
        """The hash of the log's last entry, a resolution or a correction: what the next entry
        of either is sealed after."""
        with self._read() as conn:
            return _log_head(conn)[1]

    # -- corrections ------------------------------------------------------------------------

    def append_corrections(
        self, entries: Sequence[Correction], new_source: SourceRef | None = None
    ) -> list[Correction]:
        """Append sealed corrections to the log (the first after its last entry, each after the
        one before) and lay each over its forecast's row, in one transaction: all or none.
        `new_source` is a new person `source_for` planned for a source correction, created here.

        Refuses (`LogMovedOn`) entries sealed after a hash that is no longer the last, or whose
        `old` is no longer what the forecast says (another writer corrected it first), so that
        `retrying` makes and seals them again."""
        if not entries:
            return []
        now = datetime.now(UTC)
        made: list[Correction] = []
        with self._write() as conn:
            seq, last_hash = _log_head(conn)
            if new_source is not None:
                person = Source(new_source.id, new_source.name, "person")
                norm = identity.normalise(new_source.name or "")
                conn.execute(
                    insert(S).values(**source_matching.source_row(person, new_source.id, norm, now))
                )
            moved: set[str] = set()
            for entry in entries:
                _check_link(entry.prev_hash, last_hash)
                row = conn.execute(_forecast_query().where(F.c.id == entry.forecast_id)).first()
                if row is None:
                    raise LedgerError(f"no forecast {entry.forecast_id!r} in {self.location}")
                now_says = corrections.value_of(entry.field, _forecast_row(row))
                if not corrections.same(entry.field, now_says, entry.old):
                    raise LogMovedOn(
                        f"forecast {entry.forecast_id} moved on: its {entry.field} is "
                        f"{now_says!r}, not {entry.old!r}"
                    )
                target = entry.new.get("id") if entry.field == "source" else None
                change = corrections.changes(
                    entry, row._mapping, source_matching.final(conn, target) if target else None
                )
                seq += 1
                entry = replace(entry, seq=seq, recorded_at=entry.recorded_at or now)
                conn.execute(insert(C).values(**corrections.entry_row(entry)))
                conn.execute(update(F).where(F.c.id == entry.forecast_id).values(**change))
                if entry.field in ("source", "not_a_forecast"):
                    moved.update({row.source_id, change.get("source_id", row.source_id)})
                made.append(entry)
                last_hash = entry.hash
            recount(conn, moved)
        return made

    def corrections(self, forecast_id: str | None = None) -> list[Correction]:
        """The corrections in log order, or one forecast's."""
        query = select(C).order_by(C.c.seq)
        if forecast_id is not None:
            query = query.where(C.c.forecast_id == forecast_id)
        with self._read() as conn:
            return [corrections.entry_of(row) for row in conn.execute(query)]

    def source_for(self, value: str) -> tuple[SourceRef, bool]:
        """The source a correction's `source` names: a source id or unique prefix of one (a
        merged source stands for the one it was merged into); else the unmerged source of
        exactly that name, in any case (the one with most forecasts); else a new person of that
        name, with a free id, which is not created here (`append_corrections` creates it). The
        flag says whether it is new."""
        value = " ".join(value.split())
        if not value:
            raise LedgerError("a source needs an id or a name")
        with self._read() as conn:
            if _SOURCE_ID.fullmatch(value.lower()):
                found = self._by_prefix(S, S.c.id, value, "source")
                if found is not None:
                    row = conn.execute(
                        select(S).where(S.c.id == source_matching.final(conn, found))
                    ).one()
                    return _source_ref(row), False
            named = conn.execute(
                select(S)
                .where(and_(func.lower(S.c.name) == value.lower(), S.c.merged_into.is_(None)))
                .order_by(S.c.n_forecasts.desc(), S.c.created_at, S.c.id)
                .limit(1)
            ).first()
            if named is not None:
                return _source_ref(named), False
            norm = identity.normalise(value)
            sid = source_matching.new_source_id(conn, f"person\0{norm}\0False\0None\0correction")
        return SourceRef(sid, value, "person", False), True

    # -- rejected question matches ----------------------------------------------------------

    def reject_match(self, forecast_id: str, question_id: str, by: str) -> None:
        """Never propose this question for this forecast again (`reality.match` leaves the
        pair out). Rejecting a pair twice keeps the first rejection."""
        who = by.strip() if isinstance(by, str) else ""
        if not who:
            raise LedgerError("rejecting a match needs the name of who rejects it")
        found = self._by_prefix(F, F.c.id, forecast_id, "forecast")
        if found is None:
            raise LedgerError(f"no forecast {forecast_id!r} in {self.location}")
        RM = schema.rejected_matches
        pair = and_(RM.c.forecast_id == found, RM.c.question_id == question_id)
        with self._write() as conn:
            if conn.execute(select(RM.c.forecast_id).where(pair)).first() is None:
                conn.execute(
                    insert(RM).values(
                        forecast_id=found,
                        question_id=question_id,
                        by=who,
                        rejected_at=datetime.now(UTC),
                    )
                )

    def rejected_matches(self) -> set[tuple[str, str]]:
        """Every rejected (forecast id, question id) pair."""
        RM = schema.rejected_matches
        with self._read() as conn:
            return {(r.forecast_id, r.question_id) for r in conn.execute(select(RM))}

    # -- questions --------------------------------------------------------------------------

    def load_questions(self, questions: Iterable[Question]) -> int:
        """Insert or replace questions by id; returns how many were given."""
        Q = schema.questions
        n = 0
        with self._write() as conn:
            for q in questions:
                values = _question_values(q)
                done = conn.execute(update(Q).where(Q.c.id == q.id).values(**values)).rowcount
                if not done:
                    conn.execute(insert(Q).values(id=q.id, **values))
                n += 1
        return n

    def questions(
        self,
        text_like: str | None = None,
        *,
        platform: str | None = None,
        limit: int | None = None,
    ) -> list[Question]:
        """Stored questions, all or those whose text contains every word of `text_like`."""
        Q = schema.questions
        query = select(Q).order_by(Q.c.platform, Q.c.id)
        for word in (text_like or "").split():
            pattern = f"%{listing.escape_like(word.lower())}%"
            query = query.where(func.lower(Q.c.question).like(pattern, escape="\\"))
        if platform:
            query = query.where(Q.c.platform == platform)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            return [_question(row) for row in conn.execute(query)]

    # -- API tokens -------------------------------------------------------------------------

    def create_token(self, name: str) -> tuple[TokenRow, str]:
        """A new API token called `name` (unique among tokens, revoked ones too): its row, and
        its secret, which is not stored (only its sha256 is) and so can be shown only now."""
        name = name.strip() if isinstance(name, str) else ""
        if not name:
            raise LedgerError("a token needs a name (who or what writes with it)")
        secret = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self._write() as conn:
            if conn.execute(select(TOKENS.c.id).where(TOKENS.c.name == name)).first() is not None:
                raise LedgerError(f"a token named {name!r} exists already: choose another name")
            token_id = _new_token_id(conn)
            conn.execute(
                insert(TOKENS).values(
                    id=token_id, name=name, secret_hash=_secret_hash(secret), created_at=now
                )
            )
        return TokenRow(id=token_id, name=name, created_at=now), secret

    def check_token(self, secret: str) -> TokenRow | None:
        """The token whose secret this is, or None when it is unknown or revoked. Looked up by
        the secret's hash, so no comparison of secrets takes a time that depends on them."""
        if not isinstance(secret, str) or not secret:
            return None
        with self._read() as conn:
            row = conn.execute(
                select(TOKENS).where(TOKENS.c.secret_hash == _secret_hash(secret))
            ).first()
        found = _token_row(row) if row else None
        return found if found is not None and not found.revoked else None

    def token(self, token_id: str) -> TokenRow | None:
        """One token by its id (revoked ones too), or None."""
        with self._read() as conn:
            row = conn.execute(select(TOKENS).where(TOKENS.c.id == token_id)).first()
        return _token_row(row) if row else None

    def tokens(self) -> list[TokenRow]:
        """Every token, revoked ones too, oldest first."""
        with self._read() as conn:
            return [
                _token_row(r)
                for r in conn.execute(select(TOKENS).order_by(TOKENS.c.created_at, TOKENS.c.id))
            ]

    def revoke_token(self, name_or_id: str) -> TokenRow:
        """Revoke a token, by its name or else its id: its secret no longer checks. A token
        revoked already stays as it was; an unknown one is a LedgerError."""
        with self._write() as conn:
            row = None
            for column in (TOKENS.c.name, TOKENS.c.id):
                row = conn.execute(select(TOKENS).where(column == name_or_id)).first()
                if row is not None:
                    break
            if row is None:
                raise LedgerError(f"no token {name_or_id!r} in {self.location}")
            found = _token_row(row)
            if found.revoked:
                return found
            now = datetime.now(UTC)
            conn.execute(update(TOKENS).where(TOKENS.c.id == found.id).values(revoked_at=now))
        return replace(found, revoked_at=now)

    # -- bulk (benchmark and import) --------------------------------------------------------

    def retrying(self, action: Callable[[], T], attempts: int = 5) -> T:
        """Run a write again when another writer made it fail transiently: it held the lock,
        took a key first, or appended to the resolution log first (`LogMovedOn`; an `action`
        that seals an entry seals it again against the new last one)."""
        for attempt in range(attempts):
            try:
                return action()
            except (LedgerError, LogMovedOn) as error:
                if not _transient(error) or attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")


class LogMovedOn(ValueError):
    """An entry sealed after a last hash that is no longer the resolution log's last."""


def _transient(error: Exception) -> bool:
    if isinstance(error, LogMovedOn):
        return True
    return isinstance(error.__cause__, sa_exc.OperationalError | sa_exc.IntegrityError)


# -- helpers ---------------------------------------------------------------------------------


def _forecast_query() -> Select[Any]:
    return (
        select(
            F,
            A.c.title.label("article_title"),
            S.c.name.label("source_name"),
            S.c.type.label("source_type"),
            S.c.anonymous.label("source_anonymous"),
            listing.latest_outcome().label("resolution"),
        )
        .join(A, A.c.id == F.c.article_id)
        .join(S, S.c.id == F.c.source_id)
    )


TOKEN_ID_LENGTH = 8


def _secret_hash(secret: str) -> str:
    # the secret is 32 random bytes: a plain hash cannot be reversed by guessing, no salt needed
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _new_token_id(conn: Connection) -> str:
    """A short random id, to name a token in a session cookie or a command without its secret."""
    while True:
        candidate = secrets.token_hex(TOKEN_ID_LENGTH // 2)
        if conn.execute(select(TOKENS.c.id).where(TOKENS.c.id == candidate)).first() is None:
            return candidate


def _token_row(row: Any) -> TokenRow:
    created = as_utc(row.created_at)
    assert created is not None
    return TokenRow(id=row.id, name=row.name, created_at=created, revoked_at=as_utc(row.revoked_at))


def _source_row(r: Any) -> SourceRow:
    return SourceRow(
        id=r.id,
        name=r.name,
        type=r.type,
        anonymous=bool(r.anonymous),
        affiliation=r.affiliation,
        role=r.role,
        articles=int(r.n_articles),
        forecasts=int(r.n_forecasts),
        merged_into=r.merged_into,
    )


def recount(conn: Connection, source_ids: Iterable[str]) -> None:
    """Refresh the article and forecast counters of these sources (after a write moved rows)."""
    ids = sorted(set(source_ids))
    if not ids:
        return
    M = schema.source_mentions
    articles = (
        select(func.count(func.distinct(M.c.article_id)))
        .where(M.c.source_id == S.c.id)
        .correlate(S)
        .scalar_subquery()
    )
    made = (
        select(func.count())
        .select_from(F)
        .where(and_(F.c.source_id == S.c.id, _CURRENT))
        .correlate(S)
        .scalar_subquery()
    )
    for i in range(0, len(ids), 500):
        conn.execute(
            update(S)
            .where(S.c.id.in_(ids[i : i + 500]))
            .values(n_articles=articles, n_forecasts=made)
        )


def _forecast_row(row: Any) -> ForecastRow:
    return ForecastRow.from_columns(row._mapping)


# a forecast that counts: not retired by a newer analysis, not corrected into no forecast
_CURRENT = and_(F.c.retired_at.is_(None), F.c.not_a_forecast.is_(False))


def _log_head(conn: Connection) -> tuple[int, str | None]:
    """The log's last number and hash: its resolutions and corrections are one sequence. Each
    table's last entry by its key, rather than a union sorted, which would read them all."""
    last = [
        conn.execute(select(t.c.seq, t.c.hash).order_by(t.c.seq.desc()).limit(1)).first()
        for t in (R, C)
    ]
    found = max((r for r in last if r is not None), key=lambda r: r.seq, default=None)
    return (int(found.seq), found.hash) if found is not None else (0, None)


def _check_link(prev_hash: str | None, last_hash: str | None) -> None:
    if prev_hash != last_hash:
        raise LogMovedOn(
            f"resolution log moved on: prev_hash {prev_hash!r} is not the last entry's hash "
            f"{last_hash!r}"
        )


def _source_ref(row: Any) -> SourceRef:
    return SourceRef(row.id, row.name, row.type, bool(row.anonymous))


def _resolution(row: Any) -> Resolution:
    recorded = as_utc(row.recorded_at)
    return Resolution(
        forecast_id=row.forecast_id,
        outcome=row.outcome,
        evidence=row.evidence,
        by=row.by,
        on=row.on,
        reason=row.reason,
        method=row.method,
        recorded_at=recorded,
        capture_hash=row.capture_hash,
        prev_hash=row.prev_hash,
        hash=row.hash,
        seq=row.seq,
    )


def _question_values(q: Question) -> dict[str, Any]:
    return {
        "platform": q.platform,
        "question": q.question,
        "outcome": q.outcome,
        "resolve_date": q.resolve_date,
        "open_date": q.open_date,
        "close_date": q.close_date,
        "url": q.url,
        "resolution_criteria": q.resolution_criteria,
        "background": q.background,
        "topics": json.dumps(list(q.topics)),
        "license": q.license,
    }


def _question(row: Any) -> Question:
    return Question(
        id=row.id,
        platform=row.platform,
        question=row.question,
        outcome=row.outcome,
        resolve_date=row.resolve_date,
        open_date=row.open_date,
        close_date=row.close_date,
        url=row.url,
        resolution_criteria=row.resolution_criteria,
        background=row.background,
        topics=tuple(json.loads(row.topics or "[]")),
        license=row.license,
    )


# The statements of `_store`, built once: SQLAlchemy then finds their compiled form in its cache
# without building and hashing a new statement for each of an ingest's thousands of articles.
# One question answers both "is the article stored, and as what" and "which of the forecast ids it
# would get are taken": one round trip instead of two.
_STORED_AND_TAKEN = union_all(
    select(literal("article", String).label("what"), A.c.record_hash.label("value")).where(
        A.c.id == bindparam("aid")
    ),
    select(literal("forecast", String), F.c.id).where(F.c.id.in_(bindparam("ids", expanding=True))),
)
_CURRENT_IDS = (
    select(F.c.id)
    .where(and_(F.c.article_id == bindparam("aid"), F.c.retired_at.is_(None)))
    .order_by(F.c.start, F.c.id)
)
_INSERT_ARTICLE = insert(A)
_INSERT_MENTIONS = insert(schema.source_mentions)
_INSERT_QUOTES = insert(schema.quotes)
_INSERT_FORECASTS = insert(F)
_OLD_FORECASTS = select(F.c.id, F.c.start, F.c.end, F.c.text, F.c.proposition).where(
    F.c.article_id == bindparam("aid")
)
_ID_TAKEN = select(F.c.id).where(F.c.id == bindparam("fid"))
# a new article only adds to its sources' counters, so it adds instead of recounting them
_ADD_TO_COUNTERS = (
    update(S)
    .where(S.c.id == bindparam("sid"))
    .values(
        n_articles=S.c.n_articles + bindparam("more_articles"),
        n_forecasts=S.c.n_forecasts + bindparam("more_forecasts"),
    )
)


def _store(conn: Connection, record: ArticleRecord) -> StoreResult:
    """Plan what the record changes against what is stored, build its rows, write them."""
    record_dict = record.to_dict()  # serialised once: for the hash and for the stored record
    digest = content_hash(record_dict)
    plan = _plan(conn, record, digest)
    if plan.status != "unchanged":
        now = datetime.now(UTC)
        _write(conn, plan, _rows(record, plan, record_dict, digest, now), now)
    return StoreResult(plan.article_id, plan.status, plan.forecast_ids, plan.retired)


@dataclass(frozen=True)
class _Plan:
    """What storing one record changes, decided from what the ledger holds (read here, in the
    transaction of the write): nothing when it is unchanged; else the ids its forecasts get,
    which of them are already stored, which stored ones it no longer has, and its speakers'
    ledger sources."""

    article_id: str
    status: str  # "new" | "updated" | "unchanged"
    forecast_ids: tuple[str, ...]  # in the record's order; the stored ones when unchanged
    forecast_sources: tuple[str, ...] = ()  # each forecast's ledger source, in the same order
    kept: frozenset[str] = frozenset()  # forecast ids stored before: updated, not inserted
    retired: tuple[str, ...] = ()  # stored forecasts the record no longer has
    sources: Mapping[str, str] = field(default_factory=dict)  # record's speaker id -> ledger's
    touched: frozenset[str] = frozenset()  # sources whose counters an update must count again
    # the corrections of the forecasts it keeps, in log order, to lay over the new analysis
    corrections: Mapping[str, tuple[Correction, ...]] = field(default_factory=dict)
    final_sources: Mapping[str, str] = field(default_factory=dict)  # corrected source -> now


def _plan(conn: Connection, record: ArticleRecord, digest: str) -> _Plan:
    """Read what the article needs (is it stored, its old forecasts, its speakers' sources, free
    forecast ids). Speakers new to the ledger are created here: their ids are needed for rows."""
    article = record.article
    aid = article.id
    fresh = [
        identity.Fresh(i, f.start, f.end, f.text, f.proposition)
        for i, f in enumerate(record.forecasts)
    ]
    candidates = {identity.forecast_id(aid, f.text, f.proposition) for f in fresh}
    found = conn.execute(_STORED_AND_TAKEN, {"aid": aid, "ids": sorted(candidates)}).all()
    stored_hash = next((r.value for r in found if r.what == "article"), None)
    existing = stored_hash is not None
    if existing and stored_hash == digest:
        current = conn.execute(_CURRENT_IDS, {"aid": aid}).scalars()
        return _Plan(aid, "unchanged", tuple(current))

    touched: set[str] = set()
    old = []
    fixed: dict[str, list[Correction]] = {}
    if existing:  # a new article has no forecasts to match, mentions, pins or corrections
        for table in (schema.source_mentions, F):
            touched.update(
                conn.execute(select(table.c.source_id).where(table.c.article_id == aid)).scalars()
            )
        stored = conn.execute(_OLD_FORECASTS, {"aid": aid}).all()
        fixed = corrections.of_forecasts(conn, [r.id for r in stored])
        # matched by what the analysis said, not by a person's rewording of it
        old = [
            identity.Stored(
                r.id, r.start, r.end, r.text, _analysed_proposition(r.proposition, fixed.get(r.id))
            )
            for r in stored
        ]

    # speakers: the record's local ids -> the ledger's cross-article sources
    local: dict[str, str] = {}
    pinned = source_matching.pins(conn, aid) if existing else {}
    for src in record.sources:
        local[src.id] = source_matching.resolve(conn, aid, src, article.outlet, pinned)
    author = local.get("author") or source_matching.resolve(
        conn, aid, Source(id="author", name=None, type="author"), article.outlet
    )

    # forecasts: keep the ids of those a new analysis still finds (identity.py)
    own = {s.id for s in old}
    elsewhere = {r.value for r in found if r.what == "forecast"} - own

    def taken(candidate: str) -> bool:
        if candidate in own or candidate in elsewhere:
            return True
        if candidate in candidates:
            return False  # looked up above
        return conn.execute(_ID_TAKEN, {"fid": candidate}).first() is not None

    ids = identity.assign(aid, old, fresh, taken)
    said_by = tuple(local.get(f.source) or author for f in record.forecasts)
    kept = own.intersection(ids)
    fixes = {fid: tuple(fixed[fid]) for fid in kept if fid in fixed}
    named = {c.new["id"] for entries in fixes.values() for c in entries if c.field == "source"}
    final_sources = {sid: source_matching.final(conn, sid) for sid in sorted(named)}
    touched.update(final_sources.values())
    return _Plan(
        article_id=aid,
        status="updated" if existing else "new",
        forecast_ids=tuple(ids),
        forecast_sources=said_by,
        kept=frozenset(kept),
        retired=tuple(identity.unmatched(old, ids)),
        sources=local,
        touched=frozenset(touched | set(said_by) | set(local.values())),
        corrections=fixes,
        final_sources=final_sources,
    )


def _analysed_proposition(stored: str, fixed: Iterable[Correction] | None) -> str:
    corrected, before = corrections.original(fixed or (), "proposition")
    return str(before) if corrected else stored


@dataclass(frozen=True)
class _Rows:
    """The column values of one store, from the record and its plan (no database here)."""

    article: dict[str, Any]
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    forecasts: list[dict[str, Any]]  # new ones, to insert
    kept: list[dict[str, Any]]  # stored before, to update


def _rows(
    record: ArticleRecord,
    plan: _Plan,
    record_dict: dict[str, Any],
    digest: str,
    now: datetime,
) -> _Rows:
    local = plan.sources
    forecasts = [
        forecast_row(record, f, fid, sid)
        for fid, f, sid in zip(
            plan.forecast_ids, record.forecasts, plan.forecast_sources, strict=True
        )
    ]
    return _Rows(
        article=article_row(record, record_dict, digest, now),
        mentions=[mention_row(record, src, local[src.id]) for src in record.sources],
        quotes=[
            quote_row(record, q, local.get(q.source) if q.source else None) for q in record.quotes
        ],
        forecasts=[r for r in forecasts if r["id"] not in plan.kept],
        kept=[
            corrections.lay_over(r, plan.corrections[r["id"]], plan.final_sources.__getitem__)
            if r["id"] in plan.corrections
            else r
            for r in forecasts
            if r["id"] in plan.kept
        ],
    )


def _write(conn: Connection, plan: _Plan, rows: _Rows, now: datetime) -> None:
    """Write a new or updated article's rows with statements whose answers are not read, sent
    together."""
    aid = plan.article_id
    with pipelined(conn):
        if plan.status == "new":
            conn.execute(_INSERT_ARTICLE, rows.article)
        else:
            changed = {k: v for k, v in rows.article.items() if k not in ARTICLE_KEPT_ON_UPDATE}
            conn.execute(update(A).where(A.c.id == aid).values(**changed))
            for table in (schema.source_mentions, schema.quotes):
                conn.execute(delete(table).where(table.c.article_id == aid))
        if rows.mentions:
            conn.execute(_INSERT_MENTIONS, rows.mentions)
        if rows.quotes:
            conn.execute(_INSERT_QUOTES, rows.quotes)
        for row in rows.kept:
            changed = {k: v for k, v in row.items() if k not in FORECAST_KEPT_ON_UPDATE}
            conn.execute(update(F).where(F.c.id == row["id"]).values(**changed))
        if rows.forecasts:
            conn.execute(_INSERT_FORECASTS, rows.forecasts)
        if plan.retired:
            conn.execute(
                update(F)
                .where(and_(F.c.id.in_(plan.retired), F.c.retired_at.is_(None)))
                .values(retired_at=now)
            )
        if plan.status == "new":
            _add_to_counters(conn, set(plan.sources.values()), list(plan.forecast_sources))
        else:  # rows moved between sources and some retired: count them again
            recount(conn, plan.touched)


def _add_to_counters(conn: Connection, mentioned: set[str], forecast_sources: list[str]) -> None:
    """What `recount` would find after a new article: one more article for each source it
    mentions, one more forecast for each of its forecasts (none of a new article's is retired)."""
    made = Counter(forecast_sources)
    rows = [
        {"sid": sid, "more_articles": int(sid in mentioned), "more_forecasts": made[sid]}
        for sid in sorted(mentioned | made.keys())
    ]
    if rows:
        conn.execute(_ADD_TO_COUNTERS, rows)
