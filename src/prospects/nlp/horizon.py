"""Time expressions -> `records.Horizon`, anchored on the publication date.

`find(text, anchor)` returns every time expression of a piece of text with the interval it
names. Intervals are computed from `anchor` only (never today's date), so the same text on the
same day always gives the same answer; with no anchor the cue is kept and the dates stay None.
Relative and vague phrases come from `data/horizons.yaml`, scheduled events from
`data/events.yaml` plus an optional user file (`events_path`, or $PROSPECTS_EVENTS).
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from prospects.records import Horizon

EVENTS_ENV = "PROSPECTS_EVENTS"

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}


@dataclass(frozen=True)
class Event:
    name: str
    words: tuple[str, ...]
    start: date
    end: date
    source: str


@dataclass(frozen=True)
class Found:
    """A time expression at [start, end) of the text given to `find`."""

    start: int
    end: int
    horizon: Horizon
    # a weekday or a month (and day) with no year: read forward from publication here, it
    # may be a past date in a past-tense clause ("testimony Tuesday" of a hearing that was)
    yearless: bool = False


def _data(name: str) -> Any:
    return yaml.safe_load((resources.files("prospects.nlp") / "data" / name).read_text("utf-8"))


@cache
def table() -> dict[str, Any]:
    return _data("horizons.yaml")


def load_events(extra: str | Path | None = None) -> tuple[Event, ...]:
    """The packaged events, plus those of `extra` (or $PROSPECTS_EVENTS) when given."""
    docs = [_data("events.yaml")]
    path = extra or os.environ.get(EVENTS_ENV)
    if path:
        docs.append(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
    events = []
    for d in docs:
        for e in d.get("events", []):
            events.append(
                Event(
                    e["name"],
                    tuple(w.lower() for w in e.get("words", [e.get("kind", "")])),
                    _as_date(e["start"]),
                    _as_date(e.get("end") or e["start"]),
                    e.get("source", ""),
                )
            )
    return tuple(sorted(events, key=lambda e: e.start))


def _as_date(v: Any) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


# ---- calendar arithmetic -------------------------------------------------------------------


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shift(d: date, spec: dict[str, Any]) -> date:
    if spec.get("to") == "end of year":
        return date(d.year, 12, 31)
    d = add_months(d, int(spec.get("months", 0)) + 12 * int(spec.get("years", 0)))
    return d + timedelta(days=int(spec.get("days", 0)))


def season_bounds(name: str, year: int) -> tuple[date, date]:
    first, last = table()["seasons"][name]
    end_year = year + 1 if last < first else year
    return date(year, first, 1), month_end(end_year, last)


# ---- the expressions ----------------------------------------------------------------------

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PART = (
    r"(?:(?P<part>early|mid|late|the end of|end of|end|the beginning of|the start of"
    r"|the middle of|midway through)[\s-]+)?"
)
_PREP = (
    r"(?:(?P<prep>by|before|until|through|in|on|from|after|during|starting|ahead of"
    r"|no later than)\s+)?"
)
_SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_UNIT = r"(?P<unit>day|week|month|year|decade|quarter|weekend)s?"
_NUM = (
    r"(?P<num>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen"
    r"|few|several|couple of)"
)
_WHICH = r"(?:(?P<which>this|next|the) )?"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?"
_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
    "few": 3, "several": 3, "couple of": 2,
}  # fmt: skip


def _compile(p: str) -> re.Pattern[str]:
    return re.compile(r"\b" + p + r"\b", re.IGNORECASE)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return _compile("(?P<phrase>" + "|".join(alts) + ")")


_ORDINAL = r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)"
QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}  # fmt: skip
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("end_of", _compile(_PREP + r"the end of " + _WHICH
                        + r"(?P<unit>week|month|year|quarter|decade)")),
    ("quarter", _compile(_PREP + r"(?:the )?" + _ORDINAL + r"[\s-]quarter"
                         r"(?:\s+of\s+" + _YEAR + r")?")),
    ("quarter", _compile(_PREP + r"(?P<ordinal>q[1-4])(?:\s+" + _YEAR + r")?")),
    ("month", _compile(_PREP + _PART + _MONTH + r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?"
                       r"(?:,?\s+" + _YEAR + r")?")),
    ("season", _compile(_PREP + _WHICH + _PART + _SEASON
                        + r"(?:'s)?(?:\s+(?:of\s+)?" + _YEAR + r")?")),
    ("decade", _compile(_PREP + r"(?:the )?(?P<part>early|mid|late)[\s-]+"
                        r"(?P<decade>(?:19|20)\d0)s")),
    ("fiscal", _compile(_PREP + r"(?:fiscal|fiscal year|fy)\s*" + _YEAR)),
    ("year", _compile(_PREP + _PART + _YEAR)),
    ("this_next", _compile(_PREP + _PART + r"(?P<which>this|next|later this|the coming) " + _UNIT)),
    ("span", _compile(r"(?P<prep>within|in|over|during|for) (?:the )?(?:next |coming )?"
                      + _NUM + r" " + _UNIT)),
    ("away", _compile(_NUM + r" " + _UNIT + r" (?:away|from now)")),
    ("weekday", _compile(_PREP + _WEEKDAY)),
    ("day_word", _compile(r"(?P<word>today|tonight|tomorrow)")),
]  # fmt: skip


def _plus(d: date, unit: str, n: int) -> date:
    """`d` moved by `n` units (negative: back)."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    return add_months(d, months * n)


@cache
def _relative() -> re.Pattern[str]:
    return _phrase_pattern(table()["relative"])


@cache
def _vague() -> re.Pattern[str]:
    return _phrase_pattern(table()["vague"])


_EVENT = _compile(
    r"(?P<prep>after|before|during|ahead of|by|until|at)\s+"
    r"(?:the\s+|this\s+\w+(?:'s|’s)\s+|next\s+\w+(?:'s|’s)\s+|\w+(?:'s|’s)\s+)?"
    r"(?P<words>(?:[\w-]+\s+){0,2}(?:election|elections|midterms|summit|debate|meeting|conference|vote"
    r"|primary|convention|referendum|hearing|trial|deadline))"
)


def find(text: str, anchor: date | None, events: tuple[Event, ...] = ()) -> list[Found]:
    """Every time expression of `text` that points at or after `anchor`, left to right."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], h: Horizon | None, yearless: bool = False) -> None:
        if h is None or any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(Found(m.start(), m.end(), h, yearless))

    for m in _relative().finditer(text):
        add(m, _from_relative(m, anchor))
    for m in _vague().finditer(text):
        add(m, _from_vague(m, anchor))
    for m in _EVENT.finditer(text):
        add(m, _from_event(m, anchor, events))
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            yearless = kind in ("month", "weekday") and not m.groupdict().get("year")
            add(m, _resolve(kind, m, anchor), yearless)
    return sorted(found, key=lambda f: f.start)


def _h(
    m: re.Match[str], start: date | None, end: date | None, precision: str, anchor: date | None
) -> Horizon:
    cue = m.group(0).strip()
    if anchor is None:
        return Horizon(cue, None, None, precision, None)
    prep = (m.groupdict().get("prep") or "").lower()
    if prep == "after":
        # "after X" starts the horizon; it does not end it.
        return Horizon(cue, end, None, precision, anchor)
    if prep in ("by", "before", "until", "through", "no later than", "ahead of"):
        start = anchor
    start = max(start, anchor) if start else anchor
    return Horizon(cue, start, end, precision, anchor)


def _from_relative(m: re.Match[str], anchor: date | None) -> Horizon:
    spec = table()["relative"][m.group("phrase").lower()]
    end = shift(anchor, spec) if anchor else None
    return _h(m, anchor, end, spec.get("precision", "month"), anchor)


def _from_vague(m: re.Match[str], anchor: date | None) -> Horizon:
    spec = table()["vague"][m.group("phrase").lower()]
    return _h(m, anchor, shift(anchor, spec) if anchor else None, "vague", anchor)


def _from_event(m: re.Match[str], anchor: date | None, events: tuple[Event, ...]) -> Horizon | None:
    words = m.group("words").lower()
    if anchor is None:
        return Horizon(m.group(0), None, None, "event", None)
    # The next (or ongoing) scheduled event these words can name, within ~16 months.
    for e in events:
        if e.end >= anchor and (e.start - anchor).days <= 490 and any(w in words for w in e.words):
            if e.start < anchor and m.group("prep").lower() in ("during", "at"):
                # "During the summit" when the summit is under way names the present occasion,
                # not a time the forecast runs to: the cue stays, no end is asserted
                return Horizon(m.group(0), anchor, None, "event", anchor)
            return _h(m, e.start, e.end, "event", anchor)
    return None


@cache
def _dated_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    nouns = "|".join(sorted((re.escape(n) for n in table()["event_nouns"]), key=len, reverse=True))
    date_ = _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + r")?"
    event = r"(?P<words>(?:[\w-]+\s+){0,2}?(?:" + nouns + r"))\b"
    before = re.compile(r"\b" + date_ + r"(?:'s|’s)?\s+" + event, re.IGNORECASE)
    after = re.compile(
        r"\b" + event + r"\s+(?:on|set for|scheduled for|slated for|due on)\s+" + date_,
        re.IGNORECASE,
    )
    return before, after


def dated_events(text: str, anchor: date | None) -> tuple[Event, ...]:
    """Events the article dates itself ("the Nov. 8 election", "a hearing set for March 3"): an
    event dated once dates its later mentions ("after the election")."""
    if anchor is None:
        return ()
    out: dict[str, Event] = {}
    for pattern in _dated_patterns():
        for m in pattern.finditer(text):
            h = _resolve("month", m, anchor)
            if h is None or h.start is None or h.end is None:
                continue
            noun = m.group("words").split()[-1].lower()
            out.setdefault(noun, Event(f"the article's {noun}", (noun,), h.start, h.end, "article"))
    return tuple(out.values())


def _num(m: re.Match[str]) -> int:
    return _NUMBERS.get(m.group("num").lower()) or int(m.group("num"))


Groups = dict[str, Any]


@cache
def _parts() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in table()["parts"].items()}


def _which_part(part: str) -> str | None:
    """ "early", "middle" or "late" for the words of a part ("the start of", "mid"), or None."""
    return next((name for name, words in _parts().items() if part in words), None)


def _part_of_month(part: str, year: int, month: int) -> tuple[date, date]:
    start, end = date(year, month, 1), month_end(year, month)
    windows = {
        "early": (start, date(year, month, 10)),
        "middle": (date(year, month, 10), date(year, month, 20)),
        "late": (date(year, month, 20), end),
    }
    return windows.get(_which_part(part) or "", (start, end))


def _part_of_year(part: str, year: int) -> tuple[date, date] | None:
    """Early, mid or late in a year (None: no part named)."""
    windows = {
        "early": (date(year, 1, 1), date(year, 4, 30)),
        "middle": (date(year, 5, 1), date(year, 8, 31)),
        "late": (date(year, 9, 1), date(year, 12, 31)),
    }
    return windows.get(_which_part(part) or "")


def _end_of(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    unit, nxt = g["unit"], g.get("which") == "next"
    if unit == "year":
        return _h(m, a, date(a.year + nxt, 12, 31), "month", a)
    if unit == "month":
        d = add_months(a, 1) if nxt else a
        return _h(m, a, month_end(d.year, d.month), "day", a)
    if unit == "week":
        return _h(m, a, a + timedelta(days=6 - a.weekday() + (7 if nxt else 0)), "day", a)
    if unit == "quarter":
        return _h(m, a, month_end(a.year, ((a.month - 1) // 3 + 1) * 3), "month", a)
    return _h(m, a, date(a.year // 10 * 10 + 9, 12, 31), "year", a)


def _month(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    if g["month"] == "may" and not (
        g.get("day") or g.get("year") or g.get("part") or g.get("prep")
    ):
        return None  # the modal verb
    month = MONTHS[g["month"].rstrip(".")[:3] if g["month"] != "sept" else "sep"]
    year = int(g["year"]) if g.get("year") else a.year
    if g.get("day"):
        day = int(g["day"])
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        d = date(year, month, day)
        if not g.get("year") and d < a:
            # the next one: "February 29" may have none next year
            if day > calendar.monthrange(year + 1, month)[1]:
                return None
            d = date(year + 1, month, day)
        return _h(m, d, d, "day", a) if d >= a else None
    if not g.get("year") and month_end(year, month) < a:
        year += 1
    if month_end(year, month) < a:
        return None
    start, end = _part_of_month(g.get("part") or "", year, month)
    return _h(m, start, end, "month", a)


def _season(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    if not g.get("which") and not g.get("year") and not g.get("prep"):
        return None
    year = int(g["year"]) if g.get("year") else a.year + (1 if g.get("which") == "next" else 0)
    start, end = season_bounds(g["season"], year)
    if end < a and not g.get("year"):
        start, end = season_bounds(g["season"], year + 1)
    return _h(m, start, end, "season", a) if end >= a else None


def _decade(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    decade = int(g["decade"])
    first, last = (decade + k for k in {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}[g["part"]])
    return _h(m, date(first, 1, 1), date(last, 12, 31), "year", a) if last >= a.year else None


def _year(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    if not g.get("prep") and not g.get("part"):
        return None  # a bare year names a year; "in 2025", "by late 2025" date an event
    return _fiscal(m, g, a)


def _fiscal(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    year = int(g["year"])
    if year < a.year:
        return None
    start, end = _part_of_year(g.get("part") or "", year) or (date(year, 1, 1), date(year, 12, 31))
    return _h(m, start, end, "year", a)


def _quarter(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    """ "the first quarter", "second-quarter earnings", "Q3 2025": a quarter of the calendar year;
    one already over, with no year named, is a past quarter being reported, not the next one."""
    q = QUARTERS[g["ordinal"]]
    year = int(g["year"]) if g.get("year") else a.year
    start, end = date(year, 3 * q - 2, 1), month_end(year, 3 * q)
    return _h(m, start, end, "month", a) if end >= a else None


def _this_next(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    unit, nxt = g["unit"], g["which"] == "next"
    if unit in ("week", "weekend"):
        monday = a - timedelta(days=a.weekday()) + timedelta(days=7 if nxt else 0)
        start = monday + timedelta(days=5) if unit == "weekend" else monday
        return _h(m, start, monday + timedelta(days=6), "week", a)
    if unit == "month":
        d = add_months(a, 1) if nxt else a
        return _h(m, date(d.year, d.month, 1), month_end(d.year, d.month), "month", a)
    if unit == "quarter":
        q = (a.month - 1) // 3 + (1 if nxt else 0)
        year, q = a.year + q // 4, q % 4
        return _h(m, date(year, q * 3 + 1, 1), month_end(year, q * 3 + 3), "month", a)
    if unit == "decade":
        end = date(a.year + 10, 12, 31) if nxt else date(a.year // 10 * 10 + 9, 12, 31)
        return _h(m, a, end, "year", a)
    if unit == "day":
        return _h(m, a, a + timedelta(days=1 if nxt else 0), "day", a)
    year = a.year + (1 if nxt else 0)
    part = _part_of_year(g.get("part") or "", year)
    if part is not None:
        return _h(m, *part, "season", a)
    return _h(m, date(year, 1, 1), date(year, 12, 31), "year", a)


def _away(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    return _span(m, g, a, away=True)


def _span(m: re.Match[str], g: Groups, a: date, away: bool = False) -> Horizon | None:
    n, unit = _num(m), g["unit"]
    if not away and g["prep"] == "for":
        return None
    end = _plus(a, unit, n)
    precision = {"day": "day", "week": "week", "weekend": "week", "month": "month"}.get(
        unit, "year"
    )
    if away and n >= 1:
        # "two months away" dates the event itself, at the last of those units, where
        # "within two months" allows any day from now on
        return _h(m, max(_plus(end, unit, -1), a), end, precision, a)
    return _h(m, a, end, precision, a)


def _weekday(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    d = a + timedelta(days=(WEEKDAYS[g["weekday"]] - a.weekday()) % 7)
    return _h(m, d, d, "day", a)


def _day_word(m: re.Match[str], g: Groups, a: date) -> Horizon | None:
    d = a + timedelta(days=1 if g["word"] == "tomorrow" else 0)
    return _h(m, d, d, "day", a)


# one resolver per kind of time expression; each gets the match, its lower-cased groups and the
# publication date, and gives the horizon or None (a past date, or not a date after all)
RESOLVERS: dict[str, Callable[[re.Match[str], Groups, date], Horizon | None]] = {
    "end_of": _end_of, "month": _month, "season": _season, "decade": _decade,
    "fiscal": _fiscal, "year": _year, "quarter": _quarter, "this_next": _this_next,
    "span": _span, "away": _away, "weekday": _weekday, "day_word": _day_word,
}  # fmt: skip
# how precise an expression is when there is no publication date to resolve it against
_UNDATED_PRECISION = {"weekday": "day", "day_word": "day", "end_of": "month"}


def _resolve(kind: str, m: re.Match[str], anchor: date | None) -> Horizon | None:
    if anchor is None:
        precision = _UNDATED_PRECISION.get(kind, "month")
        return Horizon(m.group(0).strip(), None, None, precision, None)
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    return RESOLVERS[kind](m, g, anchor)
