"""Publication dates: which one an article gets, and how sure we are of it (its basis).

Order of trust: a date the user gave (`--published`, basis "given") beats the document's own
metadata (HTML meta tags, a feed entry's date, a sidecar `.meta.yaml`: basis "metadata"), which
beats a date written in the file name (`..._2019-11-18_...`: basis "inferred"), which beats
nothing (None). A crawl date (WARC-Date) is never a publication date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from prospects.ingest.errors import one_line

_ISO_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Two far-apart "today"s: a value that means a different day from each is relative
# ("yesterday", "3 days ago") and needs an anchor we do not have.
_BASES = (datetime(2001, 3, 14), datetime(2017, 9, 27))
_ORDERS = ("DMY", "MDY")
_EXAMPLE = "use YYYY-MM-DD, e.g. 2024-07-10"


def parse_published(value: str) -> date:
    """A date given by a person (`--published`): ISO, or what dateparser reads ("10 July 2024").

    Raises ValueError with a one-line message naming the value when it is not one calendar day:
    garbage, a relative date ("yesterday"), a month without a day, a two-digit year, or an
    order-ambiguous numeric date ("03/04/2024").
    """
    shown = one_line(repr(value), limit=80)
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if not text or len(text) > 100:
        raise ValueError(f"--published {shown}: not a date ({_EXAMPLE})")
    by_base = {_dateparse(text, base, _ORDERS[0]) for base in _BASES}
    if len(by_base) > 1:
        raise ValueError(f"--published {shown}: a relative date needs an anchor ({_EXAMPLE})")
    if not _FOUR_DIGIT_YEAR.search(text):
        raise ValueError(f"--published {shown}: not a date with a four-digit year ({_EXAMPLE})")
    readings = {_dateparse(text, base, order) for base in _BASES for order in _ORDERS}
    if None in readings:
        raise ValueError(f"--published {shown}: not a date with day, month and year ({_EXAMPLE})")
    if len(readings) > 1:
        raise ValueError(f"--published {shown}: day and month are ambiguous ({_EXAMPLE})")
    (day,) = readings
    assert day is not None
    return day


def metadata_date(value: Any) -> date | None:
    """A date from a document's metadata (YAML date, ISO string, '10 July 2024'), or None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parse_published(value)
    except ValueError:
        return None


def date_in_name(name: str) -> date | None:
    """A YYYY-MM-DD date in a file name (`bbc_2019-11-19_assange.txt`), if it is a real day."""
    base = re.split(r"[\\/]", name)[-1]
    for match in _ISO_IN_NAME.finditer(base):
        try:
            found = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
        if 1900 <= found.year <= 2100:
            return found
    return None


def choose(
    given: date | None, metadata: date | None, name: str | None
) -> tuple[date | None, str | None]:
    """The publication date and its basis, by the order of trust in the module docstring."""
    if given is not None:
        return given, "given"
    if metadata is not None:
        return metadata, "metadata"
    inferred = date_in_name(name) if name else None
    if inferred is not None:
        return inferred, "inferred"
    return None, None


def _dateparse(text: str, base: datetime, order: str) -> date | None:
    import dateparser  # slow to import; only people typing dates pay for it

    try:
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": base,
                "DATE_ORDER": order,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PREFER_DATES_FROM": "past",
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; all mean "not a date"
        return None
    return parsed.date() if parsed else None
