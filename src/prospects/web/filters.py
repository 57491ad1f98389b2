"""The forecast list's filters, read from a query string and handed to `Ledger.iter_forecasts`:
one definition for the page, its downloads and the API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

STATUSES = ("open", "due", "resolved", "yes", "no", "partly", "void")
SORTS = ("newest", "oldest", "horizon", "probability", "source")
KINDS = ("prediction", "conditional", "expectation", "pledge")
PAGE_SIZE = 50


class FilterError(ValueError):
    """A filter value that cannot be used, named with the parameter."""


@dataclass(frozen=True)
class ForecastFilters:
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
    def parse(cls, params: dict[str, str]) -> ForecastFilters:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = (params.get(f.name) or "").strip()
            if not raw:
                continue
            if f.name in ("since", "until", "horizon_since", "horizon_until"):
                try:
                    values[f.name] = date.fromisoformat(raw)
                except ValueError:
                    raise FilterError(f"{f.name}: {raw!r} is not a date (YYYY-MM-DD)") from None
            elif f.name == "page":
                if not raw.isdigit() or int(raw) < 1:
                    raise FilterError(f"page: {raw!r} is not a page number")
                values["page"] = min(int(raw), 100_000)
            else:
                values[f.name] = raw[:500]
        found = cls(**values)
        for name, allowed in (("status", STATUSES), ("sort", SORTS), ("kind", KINDS)):
            value = getattr(found, name)
            if value is not None and value not in allowed:
                raise FilterError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
        return found

    def ledger_filters(self) -> dict[str, Any]:
        """The keyword arguments of `Ledger.iter_forecasts` for one page (and one more row, to
        tell whether a next page exists)."""
        given = {
            "search": self.q,
            "source": self.source,
            "source_type": self.source_type,
            "outlet": self.outlet,
            "kind": self.kind,
            "status": self.status,
            "since": self.since,
            "until": self.until,
            "horizon_since": self.horizon_since,
            "horizon_until": self.horizon_until,
            "sort": None if self.sort == "newest" else self.sort,
        }
        return {
            **{k: v for k, v in given.items() if v is not None},
            "limit": PAGE_SIZE + 1,
            "offset": (self.page - 1) * PAGE_SIZE,
        }

    def query(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v is not None and k != "page"}
