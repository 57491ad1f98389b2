"""The forecast list's query string: the ledger's listing filters (`ledger.listing`), a sort
and a page, read from text. One reading for the page, its downloads and the API; the values
themselves are checked by the ledger, whose `FilterError` names the argument."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from prospects.ledger.listing import SORTS, STATUSES
from prospects.records import FORECAST_KINDS, SOURCE_TYPES

__all__ = ["FORECAST_KINDS", "PAGE_SIZE", "SORTS", "SOURCE_TYPES", "STATUSES", "ListingQuery"]

PAGE_SIZE = 50
_DATES = ("since", "until", "horizon_since", "horizon_until")


class FilterError(ValueError):
    """A query value that is not of its type (a date, a page number), named."""


@dataclass(frozen=True)
class ListingQuery:
    q: str | None = None  # full-text search
    source: str | None = None
    source_type: str | None = None
    outlet: str | None = None
    kind: str | None = None
    status: str | None = None
    since: date | None = None  # article date
    until: date | None = None
    horizon_since: date | None = None
    horizon_until: date | None = None
    sort: str = "newest"
    page: int = 1

    @classmethod
    def parse(cls, params: dict[str, str]) -> ListingQuery:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = (params.get(f.name) or "").strip()
            if not raw:
                continue
            if f.name in _DATES:
                try:
                    values[f.name] = date.fromisoformat(raw)
                except ValueError:
                    raise FilterError(f"{f.name}: {raw!r} is not a date (YYYY-MM-DD)") from None
            elif f.name == "page":
                if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
                    raise FilterError(f"page: {raw!r} is not a page number")
                values["page"] = int(raw)
            else:
                values[f.name] = raw[:500]
        if values.get("kind") not in (None, *FORECAST_KINDS):
            raise FilterError(f"kind: {values['kind']!r} is not one of {', '.join(FORECAST_KINDS)}")
        if values.get("sort") not in (None, *SORTS):
            raise FilterError(f"sort: {values['sort']!r} is not one of {', '.join(SORTS)}")
        return cls(**values)

    def ledger_arguments(self) -> dict[str, Any]:
        """The keyword arguments of `Ledger.iter_forecasts` for this page, and one row more,
        to tell whether a next page exists."""
        given = {k: v for k, v in asdict(self).items() if k not in ("q", "page")}
        given["search"] = self.q
        return {
            **{k: v for k, v in given.items() if v is not None},
            "limit": PAGE_SIZE + 1,
            "offset": (self.page - 1) * PAGE_SIZE,
        }
