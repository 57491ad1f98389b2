"""Time expressions -> `records.Horizon`, anchored on the publication date.

`find(text, anchor)` returns every time expression of a piece of text with the interval it
names. Intervals are computed from `anchor` only (never today's date), so the same text on the
same day always gives the same answer; with no anchor the cue is kept and the dates stay None.
Relative and vague phrases, seasons, parts of a month or year, counts and event nouns come from
`data/horizons.yaml`, scheduled events from `data/events.yaml` plus an optional user file
(`events_path`, or $PROSPECTS_EVENTS).

Each kind of time expression is one row of `kinds()`: its pattern, the resolver that turns a match
into a Horizon against the publication date, and its precision when there is no date. `find` runs
the rows in order; an expression matched by an earlier row is not read again by a later one.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from prospects import wordlists
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


_HORIZONS = "horizons.yaml"


def table() -> dict[str, Any]:
    """data/horizons.yaml, read once per process."""
    return wordlists.data_file("prospects.nlp", _HORIZONS)


def _table(key: str) -> dict[str, Any]:
    return wordlists.table("prospects.nlp", _HORIZONS, key)


def _phrases(key: str) -> tuple[str, ...]:
    return wordlists.phrases("prospects.nlp", _HORIZONS, key)


def load_events(extra: str | Path | None = None) -> tuple[Event, ...]:
    """The packaged events, plus those of `extra` (or $PROSPECTS_EVENTS) when given."""
    docs = [wordlists.data_file("prospects.nlp", "events.yaml")]
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
    first, last = _table("seasons")[name]
    end_year = year + 1 if last < first else year
    return date(year, first, 1), month_end(end_year, last)


# ---- the expressions ----------------------------------------------------------------------


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of `words`, in their order (the first that fits wins)."""
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class Part:
    """Early, middle or late: the words that name it and the stretch of a month, year or decade."""

    words: tuple[str, ...]
    month_days: tuple[int, int]
    year_months: tuple[int, int]
    decade_years: tuple[int, int]


@cache
def parts() -> dict[str, Part]:
    """The parts of data/horizons.yaml `parts` ("early", "middle", "late"), read once."""
    return {
        name: Part(
            tuple(spec["words"]),
            (int(spec["month_days"][0]), int(spec["month_days"][1])),
            (int(spec["year_months"][0]), int(spec["year_months"][1])),
            (int(spec["decade_years"][0]), int(spec["decade_years"][1])),
        )
        for name, spec in _table("parts").items()
    }


@cache
def _numbers() -> dict[str, int]:
    return {word: int(n) for word, n in _table("numbers").items()}


@cache
def quarters() -> dict[str, int]:
    """A quarter's number by its ordinal ("third", "3rd") or its "Q" notation ("q3")."""
    ordinals = {word: int(n) for word, n in _table("quarter_ordinals").items()}
    return {**ordinals, **{f"q{n}": n for n in range(1, 5)}}


_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PREP = (
    r"(?:(?P<prep>by|before|until|through|in|on|from|after|during|starting|ahead of"
    r"|no later than)\s+)?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_UNIT = r"(?P<unit>day|week|month|year|decade|quarter|weekend)s?"
_WHICH = r"(?:(?P<which>this|next|the) )?"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?"


def _compile(p: str) -> re.Pattern[str]:
    return re.compile(r"\b" + p + r"\b", re.IGNORECASE)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return _compile("(?P<phrase>" + "|".join(alts) + ")")


def _part_pattern() -> str:
    words = (w for part in parts().values() for w in part.words)
    return r"(?:(?P<part>" + _alternatives(words) + r")[\s-]+)?"


def _season_pattern() -> str:
    return r"(?P<season>" + _alternatives(_table("seasons")) + r")"


def _count_pattern() -> str:
    return r"(?P<num>\d+|" + _alternatives(_numbers()) + r")"


def _ordinal_pattern() -> str:
    return r"(?P<ordinal>" + _alternatives(_table("quarter_ordinals")) + r")"


def _decade_part_pattern() -> str:
    """The one word of each part that stands before a decade: "the early 1990s", "mid-1990s"."""
    return r"(?P<part>" + _alternatives(part.words[0] for part in parts().values()) + r")"


def _event_pattern() -> re.Pattern[str]:
    nouns = _alternatives(_phrases("event_reference_nouns"))
    return _compile(
        r"(?P<prep>after|before|during|ahead of|by|until|at)\s+"
        r"(?:the\s+|this\s+\w+(?:'s|’s)\s+|next\s+\w+(?:'s|’s)\s+|\w+(?:'s|’s)\s+)?"
        r"(?P<words>(?:[\w-]+\s+){0,2}(?:" + nouns + r"))"
    )


def _plus(d: date, unit: str, n: int) -> date:
    """`d` moved by `n` units (negative: back)."""
    if unit == "day":
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[unit]
    return add_months(d, months * n)


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


Groups = dict[str, Any]
Events = tuple[Event, ...]


def _which_part(part: str) -> Part | None:
    """The part ("early", "middle", "late") the words of a `part` group name ("the start of",
    "mid"), or None."""
    return next((p for p in parts().values() if part in p.words), None)


def _part_of_month(part: str, year: int, month: int) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    named = _which_part(part)
    if named is None:
        return date(year, month, 1), date(year, month, last)
    first_day, last_day = named.month_days
    return date(year, month, first_day), date(year, month, min(last_day, last))


def _part_of_year(part: str, year: int) -> tuple[date, date] | None:
    """Early, mid or late in a year (None: no part named)."""
    named = _which_part(part)
    if named is None:
        return None
    first, last = named.year_months
    return date(year, first, 1), month_end(year, last)


# ---- one resolver per kind of time expression ------------------------------------------------
# Each gets the match, its lower-cased groups, the publication date and the scheduled events, and
# gives the horizon or None (a past date, or not a date after all).


def _relative(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "in the coming months", "later this year": an end this far after publication."""
    spec = _table("relative")[g["phrase"]]
    return _h(m, a, shift(a, spec), spec.get("precision", "month"), a)


def _vague(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "soon", "eventually": a default window, so that a ledger can still ask "is it due?"."""
    return _h(m, a, shift(a, _table("vague")[g["phrase"]]), "vague", a)


def _scheduled(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "after the election", "before the summit": the next (or ongoing) scheduled event these
    words can name, within about 16 months."""
    words = g["words"]
    for e in events:
        if e.end >= a and (e.start - a).days <= 490 and any(w in words for w in e.words):
            if e.start < a and g["prep"] in ("during", "at"):
                # "During the summit" when the summit is under way names the present occasion,
                # not a time the forecast runs to: the cue stays, no end is asserted
                return Horizon(m.group(0), a, None, "event", a)
            return _h(m, e.start, e.end, "event", a)
    return None


def _end_of(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "by the end of the year", "the end of next month"."""
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


def _month(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "by November 8", "in late January", "March 2025": a day, or (a part of) a month."""
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


def _season_of(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "this fall", "next summer", "in winter 2026"; a bare "summer" names no time."""
    if not g.get("which") and not g.get("year") and not g.get("prep"):
        return None
    year = int(g["year"]) if g.get("year") else a.year + (1 if g.get("which") == "next" else 0)
    start, end = season_bounds(g["season"], year)
    if end < a and not g.get("year"):
        start, end = season_bounds(g["season"], year + 1)
    return _h(m, start, end, "season", a) if end >= a else None


def _decade(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "in the early 2030s", "the late 1990s"."""
    decade = int(g["decade"])
    named = _which_part(g["part"])
    assert named is not None  # the pattern reads only the words of a part
    first, last = (decade + k for k in named.decade_years)
    return _h(m, date(first, 1, 1), date(last, 12, 31), "year", a) if last >= a.year else None


def _year(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "in 2025", "by late 2025"."""
    if not g.get("prep") and not g.get("part"):
        return None  # a bare year names a year; "in 2025", "by late 2025" date an event
    return _fiscal(m, g, a, events)


def _fiscal(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "fiscal 2025", "FY2025": the calendar year (fiscal years differ by organisation)."""
    year = int(g["year"])
    if year < a.year:
        return None
    start, end = _part_of_year(g.get("part") or "", year) or (date(year, 1, 1), date(year, 12, 31))
    return _h(m, start, end, "year", a)


def _quarter(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "the first quarter", "second-quarter earnings", "Q3 2025": a quarter of the calendar year;
    one already over, with no year named, is a past quarter being reported, not the next one."""
    q = quarters()[g["ordinal"]]
    year = int(g["year"]) if g.get("year") else a.year
    start, end = date(year, 3 * q - 2, 1), month_end(year, 3 * q)
    return _h(m, start, end, "month", a) if end >= a else None


def _this_next(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "this week", "next month", "later this year", "midway through next year"."""
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


def _count(g: Groups) -> int:
    return _numbers().get(g["num"]) or int(g["num"])


def _precision_of(unit: str) -> str:
    return {"day": "day", "week": "week", "weekend": "week", "month": "month"}.get(unit, "year")


def _span(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "within 18 months", "over the next two years": any day from now to the end."""
    if g["prep"] == "for":
        return None
    unit = g["unit"]
    return _h(m, a, _plus(a, unit, _count(g)), _precision_of(unit), a)


def _away(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "two months away" dates the event itself, at the last of those units, where "within two
    months" allows any day from now on."""
    n, unit = _count(g), g["unit"]
    end = _plus(a, unit, n)
    start = max(_plus(end, unit, -1), a) if n >= 1 else a
    return _h(m, start, end, _precision_of(unit), a)


def _weekday(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "on Friday": the next such day, or the day of publication."""
    d = a + timedelta(days=(WEEKDAYS[g["weekday"]] - a.weekday()) % 7)
    return _h(m, d, d, "day", a)


def _day_word(m: re.Match[str], g: Groups, a: date, events: Events) -> Horizon | None:
    """ "today", "tonight", "tomorrow"."""
    d = a + timedelta(days=1 if g["word"] == "tomorrow" else 0)
    return _h(m, d, d, "day", a)


Resolver = Callable[[re.Match[str], Groups, date, Events], Horizon | None]


@dataclass(frozen=True)
class Kind:
    """One kind of time expression: what it looks like and how it becomes a Horizon."""

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    # how precise the cue is when there is no publication date to resolve it against
    undated: Callable[[Groups], str] = lambda g: "month"
    # a match with no year is read forward from publication (it may be a past date in a
    # past-tense clause: Found.yearless)
    yearless: bool = False


@cache
def kinds() -> tuple[Kind, ...]:
    """The kinds of time expression, in the order `find` reads them (built once, from data)."""
    part = _part_pattern()
    return (
        Kind("relative", _phrase_pattern(_table("relative")), _relative,
             lambda g: _table("relative")[g["phrase"]].get("precision", "month")),
        Kind("vague", _phrase_pattern(_table("vague")), _vague, lambda g: "vague"),
        Kind("event", _event_pattern(), _scheduled, lambda g: "event"),
        Kind("end_of", _compile(_PREP + r"the end of " + _WHICH
                                + r"(?P<unit>week|month|year|quarter|decade)"),
             _end_of),
        Kind("quarter", _compile(_PREP + r"(?:the )?" + _ordinal_pattern() + r"[\s-]quarter"
                                 r"(?:\s+of\s+" + _YEAR + r")?"),
             _quarter),
        Kind("quarter", _compile(_PREP + r"(?P<ordinal>q[1-4])(?:\s+" + _YEAR + r")?"), _quarter),
        Kind("month", _compile(_PREP + part + _MONTH + r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?"
                               r"(?:,?\s+" + _YEAR + r")?"),
             _month, yearless=True),
        Kind("season", _compile(_PREP + _WHICH + part + _season_pattern()
                                + r"(?:'s)?(?:\s+(?:of\s+)?" + _YEAR + r")?"),
             _season_of),
        Kind("decade", _compile(_PREP + r"(?:the )?" + _decade_part_pattern() + r"[\s-]+"
                                r"(?P<decade>(?:19|20)\d0)s"),
             _decade),
        Kind("fiscal", _compile(_PREP + r"(?:fiscal|fiscal year|fy)\s*" + _YEAR), _fiscal),
        Kind("year", _compile(_PREP + part + _YEAR), _year),
        Kind("this_next", _compile(_PREP + part + r"(?P<which>this|next|later this|the coming) "
                                   + _UNIT),
             _this_next),
        Kind("span", _compile(r"(?P<prep>within|in|over|during|for) (?:the )?(?:next |coming )?"
                              + _count_pattern() + r" " + _UNIT),
             _span),
        Kind("away", _compile(_count_pattern() + r" " + _UNIT + r" (?:away|from now)"), _away),
        Kind("weekday", _compile(_PREP + _WEEKDAY), _weekday, lambda g: "day", yearless=True),
        Kind("day_word", _compile(r"(?P<word>today|tonight|tomorrow)"), _day_word,
             lambda g: "day"),
    )  # fmt: skip


def find(text: str, anchor: date | None, events: tuple[Event, ...] = ()) -> list[Found]:
    """Every time expression of `text` that points at or after `anchor`, left to right."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind in kinds():
        for m in kind.pattern.finditer(text):
            h = _read(kind, m, anchor, events)
            if h is None or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            yearless = kind.yearless and not m.groupdict().get("year")
            found.append(Found(m.start(), m.end(), h, yearless))
    return sorted(found, key=lambda f: f.start)


def _groups(m: re.Match[str]) -> Groups:
    return {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}


def _read(kind: Kind, m: re.Match[str], anchor: date | None, events: Events) -> Horizon | None:
    g = _groups(m)
    if anchor is None:
        return Horizon(m.group(0).strip(), None, None, kind.undated(g), None)
    return kind.resolve(m, g, anchor, events)


@cache
def _dated_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    nouns = "|".join(sorted((re.escape(n) for n in _phrases("event_nouns")), key=len, reverse=True))
    date_ = _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + r")?"
    event = r"(?P<words>(?:[\w-]+\s+){0,2}?(?:" + nouns + r"))\b"
    before = re.compile(r"\b" + date_ + r"(?:'s|’s)?\s+" + event, re.IGNORECASE)
    linked = _alternatives(_phrases("event_date_phrases"))
    after = re.compile(r"\b" + event + r"\s+(?:" + linked + r")\s+" + date_, re.IGNORECASE)
    return before, after


def dated_events(text: str, anchor: date | None) -> tuple[Event, ...]:
    """Events the article dates itself ("the Nov. 8 election", "a hearing set for March 3"): an
    event dated once dates its later mentions ("after the election")."""
    if anchor is None:
        return ()
    out: dict[str, Event] = {}
    for pattern in _dated_patterns():
        for m in pattern.finditer(text):
            h = _month(m, _groups(m), anchor, ())
            if h is None or h.start is None or h.end is None:
                continue
            noun = m.group("words").split()[-1].lower()
            out.setdefault(noun, Event(f"the article's {noun}", (noun,), h.start, h.end, "article"))
    return tuple(out.values())
