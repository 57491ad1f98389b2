"""`ForecastView`: the flat shape of one ledger forecast that resolution and scoring work on.

The ledger returns richer rows; reality only needs these fields, so every pure function here takes
views and can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The view's fields whose flat-export column (`ForecastRow.flat`) has another name; every other
# field is the column of its own name, so a view field needs no mapping code of its own.
VIEW_COLUMNS = {
    "horizon_precision": "precision",
    "anonymous": "source_anonymous",
    "outcome": "resolution",
}


@dataclass(frozen=True)
class ForecastView:
    """One forecast with its article, its source and its latest resolution outcome (or None)."""

    id: str
    proposition: str
    kind: str
    probability: float | None = None
    text: str = ""
    condition: str | None = None
    horizon_start: date | None = None
    horizon_end: date | None = None
    horizon_precision: str | None = None
    horizon_cue: str | None = None
    published: date | None = None
    outlet: str | None = None
    article_title: str | None = None
    source_id: str | None = None
    source_name: str | None = None
    source_type: str = "author"
    anonymous: bool = False
    outcome: str | None = None

    @property
    def source_label(self) -> str:
        """How a person reads the source: its name, or its type when it has none (the author)."""
        if self.source_name:
            return self.source_name
        return "author" if self.source_type == "author" else f"unnamed {self.source_type}"
