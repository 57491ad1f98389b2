"""Horizons: explicit, relative, seasonal, event and vague time words, anchored on publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from prospects.nlp import time_expressions

ANCHOR = date(2024, 7, 10)  # a Wednesday


def one(text: str, anchor: date | None = ANCHOR):
    found = time_expressions.find(text, anchor, time_expressions.load_events())
    assert found, f"no horizon in {text!r}"
    return found[0].horizon


@pytest.mark.parametrize(
    ("text", "end", "precision"),
    [
        ("by November 8", date(2024, 11, 8), "day"),
        ("in 2025", date(2025, 12, 31), "year"),
        ("before the end of the year", date(2024, 12, 31), "month"),
        ("by the end of 2025", date(2025, 12, 31), "year"),
        ("this week", date(2024, 7, 14), "week"),
        ("next month", date(2024, 8, 31), "month"),
        ("within 18 months", date(2026, 1, 10), "month"),
        ("in the coming months", date(2025, 1, 10), "month"),
        ("this fall", date(2024, 11, 30), "season"),
        ("in the next decade", date(2034, 7, 10), "year"),
        ("on Friday", date(2024, 7, 12), "day"),
        ("in late January", date(2025, 1, 31), "month"),
        ("midway through next year", date(2025, 8, 31), "season"),
        ("in the early 2030s", date(2033, 12, 31), "year"),
        ("two months away", date(2024, 9, 10), "month"),
        ("third-quarter earnings", date(2024, 9, 30), "month"),
        ("by the fourth quarter of 2025", date(2025, 12, 31), "month"),
        ("in Q4", date(2024, 12, 31), "month"),
        ("end-2025 stocks", date(2025, 12, 31), "year"),
    ],
)
def test_explicit_and_relative_horizons(text, end, precision):
    h = one(text)
    assert (h.end, h.precision) == (end, precision)
    assert h.anchor == ANCHOR and h.cue in text


def test_a_quarter_already_over_is_reported_not_forecast():
    # published in July: "first-quarter profits" are last quarter's, not next year's
    assert time_expressions.find("first-quarter profits rose", ANCHOR) == []
    assert one("in the third quarter").start == date(2024, 7, 10)


def test_by_x_ends_at_the_end_of_x_not_its_middle():
    assert one("by November").end == date(2024, 11, 30)
    assert one("before the end of 2026").end == date(2026, 12, 31)


def test_after_an_event_starts_the_horizon_and_leaves_the_end_open():
    h = one("after this fall's presidential election")
    assert (h.start, h.end, h.precision) == (date(2024, 11, 5), None, "event")


def test_before_a_scheduled_summit_ends_at_the_summit():
    h = one("before the summit", date(2024, 7, 1))
    assert h.end == date(2024, 7, 11) and h.precision == "event"


@pytest.mark.parametrize("text", ["eventually", "in the long run", "soon", "at some point"])
def test_vague_words_get_a_default_window(text):
    h = one(text)
    assert h.precision == "vague" and h.end is not None and h.end > ANCHOR


def test_the_answer_depends_on_the_anchor_not_on_today():
    assert one("next year", date(2016, 9, 10)).end == date(2017, 12, 31)
    assert one("next year", date(2016, 9, 10)) == one("next year", date(2016, 9, 10))


def test_no_publication_date_keeps_the_cue_and_no_dates():
    h = one("in the coming months", None)
    assert h.cue == "in the coming months" and h.start is None and h.end is None
    assert h.anchor is None


def test_past_dates_and_the_modal_may_are_not_horizons():
    assert time_expressions.find("it may rain", ANCHOR) == []
    assert time_expressions.find("in 2019 prices fell", ANCHOR) == []


def test_users_can_add_events_with_an_environment_variable(tmp_path, monkeypatch):
    extra = tmp_path / "events.yaml"
    extra.write_text(
        "events:\n  - {kind: summit, words: [peace summit], name: Test peace summit,"
        " start: 2024-09-01, end: 2024-09-02, source: test}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(time_expressions.EVENTS_ENV, str(extra))
    events = time_expressions.load_events()
    assert any(e.name == "Test peace summit" for e in events)
    found = time_expressions.find("before the peace summit", date(2024, 8, 1), events)
    assert found and found[0].horizon.end == date(2024, 9, 2)


def test_n_units_away_dates_the_event_in_the_last_of_those_units():
    (found,) = time_expressions.find("Elections are two months away.", date(2016, 9, 10), ())
    h = found.horizon
    assert (h.start, h.end, h.precision) == (date(2016, 10, 10), date(2016, 11, 10), "month")


def test_an_event_n_units_away_is_a_scheduled_forecast(nlp, rule_nlp):
    # the date holds with the learned default; the kind is the rules' call (the learned kind
    # model, chosen on the corpus, reads this one as a prediction)
    for pipeline in (nlp, rule_nlp):
        doc = pipeline.make_doc("U.S. elections are two months away.\n")
        doc._.published = date(2016, 9, 10)
        (f,) = pipeline(doc)._.forecasts
        assert f.horizon and f.horizon.end == date(2016, 11, 10)
    assert f.kind == "expectation"


def test_the_coming_months_as_a_subject_spans_months_not_this_month():
    (found,) = time_expressions.find("The coming months will not be easy.", date(2024, 7, 10), ())
    assert found.horizon.end == date(2025, 1, 10) and found.horizon.precision == "month"


def test_during_an_event_already_under_way_keeps_its_cue_but_asserts_no_end():
    events = time_expressions.load_events(None)
    (found,) = time_expressions.find(
        "During the summit, leaders will meet.", date(2024, 7, 10), events
    )
    h = found.horizon
    assert (h.cue, h.start, h.end, h.precision) == (
        "During the summit",
        date(2024, 7, 10),
        None,
        "event",
    )


def test_before_or_during_a_coming_event_ends_with_it():
    events = time_expressions.load_events(None)
    (found,) = time_expressions.find(
        "During the summit, leaders will meet.", date(2024, 7, 1), events
    )
    assert found.horizon.end == date(2024, 7, 11)


# --- issue 14: no date crashes, past dates stay past -------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_MONTHS = ["January", "February", "Feb.", "March", "April", "June", "Sept.", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Saturday", "Sunday"]


@settings(max_examples=300, deadline=None)
@given(
    anchor=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    month=st.sampled_from(_MONTHS),
    day=st.integers(min_value=0, max_value=40),
    year=st.one_of(st.none(), st.integers(min_value=1900, max_value=2099)),
    weekday=st.sampled_from(_WEEKDAYS),
    n=st.integers(min_value=0, max_value=500),
    prep=st.sampled_from(["on", "by", "after", "before", "in", "until", ""]),
)
def test_no_date_weekday_or_number_raises(anchor, month, day, year, weekday, n, prep):
    when = f"{month} {day}{', ' + str(year) if year else ''}"
    text = (f"It will happen {prep} {when}, or {prep} {weekday}, within {n} months, "
            f"{n} weeks away, by the end of {month}.")  # fmt: skip
    for f in time_expressions.find(text, anchor, time_expressions.load_events(None)):
        h = f.horizon
        assert h.start is None or h.end is None or h.start <= h.end or h.precision == "event"
    time_expressions.dated_events(text, anchor)


def test_february_29_in_a_year_without_one_is_no_date():
    assert time_expressions.find("the vote on February 29", date(2021, 3, 5)) == []
    assert time_expressions.find("the vote on February 29", date(2020, 3, 5)) == []


def test_an_article_dates_its_own_events():
    events = time_expressions.dated_events(
        "Voters go to the polls in the Nov. 8 election.", date(2016, 10, 1)
    )
    (found,) = time_expressions.find("after the election", date(2016, 10, 1), events)
    assert found.horizon.start == date(2016, 11, 8)


def test_yearless_dates_are_marked():
    (f,) = time_expressions.find("a call on July 25", date(2019, 9, 25))
    assert f.yearless
    (g,) = time_expressions.find("a call on July 25, 2020", date(2019, 9, 25))
    assert not g.yearless


# --- one resolver per kind: properties over random publication dates --------------------------

# the patterns read years 1900-2099: a later decade of the latest anchor still has a pattern
_ANCHORS = st.dates(min_value=date(1990, 1, 1), max_value=date(2079, 12, 31))
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]  # fmt: skip


def _only(text: str, anchor: date):
    found = time_expressions.find(text, anchor, time_expressions.load_events(None))
    assert len(found) == 1, (text, found)
    return found[0].horizon


@settings(max_examples=200, deadline=None)
@given(anchor=_ANCHORS, month=st.integers(min_value=1, max_value=12), ahead=st.integers(1, 9))
def test_early_mid_and_late_tile_a_later_month_year_and_decade(anchor, month, ahead):
    year = anchor.year + ahead
    name = _MONTH_NAMES[month - 1]
    windows = [_only(f"in {part} {name} {year}", anchor) for part in ("early", "mid", "late")]
    assert windows[0].start == date(year, month, 1)
    assert windows[0].end == windows[1].start and windows[1].end == windows[2].start
    assert windows[2].end == time_expressions.month_end(year, month)
    years = [_only(f"by {part} {year}", anchor) for part in ("early", "mid", "late")]
    assert [h.end for h in years] == [date(year, 4, 30), date(year, 8, 31), date(year, 12, 31)]
    decade = (year + 10) // 10 * 10
    spans = [_only(f"in the {part} {decade}s", anchor) for part in ("early", "mid", "late")]
    assert [(h.start.year, h.end.year) for h in spans] == [
        (decade, decade + 3), (decade + 3, decade + 6), (decade + 6, decade + 9)
    ]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(anchor=_ANCHORS, season=st.sampled_from(["spring", "summer", "fall", "autumn", "winter"]))
def test_a_named_season_is_whole_months_after_publication(anchor, season):
    h = _only(f"next {season}", anchor)
    assert h.end > anchor and h.end.month in (5, 8, 11, 2)
    assert h.end == time_expressions.month_end(h.end.year, h.end.month)
    assert h.start >= anchor and h.precision == "season"
    later = _only(f"in {season} {anchor.year + 2}", anchor)
    assert later.start.day == 1 and later.start.year == anchor.year + 2


@settings(max_examples=200, deadline=None)
@given(anchor=_ANCHORS, q=st.integers(min_value=1, max_value=4), ahead=st.integers(1, 5))
def test_a_quarter_of_a_later_year_is_its_three_months(anchor, q, ahead):
    year = anchor.year + ahead
    for text in (f"in Q{q} {year}", f"by the {['first', 'second', 'third', 'fourth'][q - 1]} "
                 f"quarter of {year}"):  # fmt: skip
        h = _only(text, anchor)
        assert h.end == time_expressions.month_end(year, 3 * q) and h.precision == "month"
    assert _only(f"in Q{q} {year}", anchor).start == date(year, 3 * q - 2, 1)


@settings(max_examples=200, deadline=None)
@given(anchor=_ANCHORS, unit=st.sampled_from(["week", "month", "quarter", "year", "decade"]))
def test_next_unit_ends_after_this_unit(anchor, unit):
    this, nxt = _only(f"this {unit}", anchor), _only(f"next {unit}", anchor)
    assert anchor <= this.end < nxt.end
    assert this.start >= anchor and nxt.start >= anchor


@settings(max_examples=200, deadline=None)
@given(anchor=_ANCHORS, phrase=st.sampled_from(sorted(time_expressions.table()["relative"])))
def test_relative_phrases_run_from_publication(anchor, phrase):
    h = _only(f"It will happen {phrase}.", anchor)
    assert h.start == anchor and h.end >= anchor and h.precision != "vague"


@settings(max_examples=200, deadline=None)
@given(anchor=_ANCHORS, phrase=st.sampled_from(sorted(time_expressions.table()["vague"])))
def test_vague_phrases_get_a_window_from_publication(anchor, phrase):
    h = _only(f"It will happen {phrase}.", anchor)
    assert h.start == anchor and h.end > anchor and h.precision == "vague"


@settings(max_examples=200, deadline=None)
@given(anchor=_ANCHORS)
def test_day_words_are_publication_day_or_the_next(anchor):
    assert _only("today", anchor).end == anchor
    assert _only("tomorrow", anchor).start == anchor + timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(anchor=st.dates(min_value=date(2015, 1, 1), max_value=date(2024, 12, 31)),
       prep=st.sampled_from(["after", "before", "ahead of", "by"]))  # fmt: skip
def test_an_event_is_the_next_one_of_its_kind(anchor, prep):
    events = time_expressions.load_events(None)
    found = time_expressions.find(f"{prep} the presidential election", anchor, events)
    coming = [e for e in events if "election" in e.words and e.end >= anchor]
    if not found:
        assert not coming or (coming[0].start - anchor).days > 490
        return
    h = found[0].horizon
    assert h.precision == "event"
    assert (h.start if prep == "after" else h.end) >= anchor
