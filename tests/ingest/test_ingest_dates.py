"""Publication dates: --published parsing, dates in file names, the order of trust."""

from __future__ import annotations

from datetime import date

import pytest

from prospects.ingest import parse_published
from prospects.ingest.dates import choose, date_in_name, metadata_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-10", date(2024, 7, 10)),
        (" 2024-07-10 ", date(2024, 7, 10)),
        ("10 July 2024", date(2024, 7, 10)),
        ("July 10, 2024", date(2024, 7, 10)),
        ("Wed, 10 Jul 2024", date(2024, 7, 10)),
        ("31/12/2024", date(2024, 12, 31)),  # only one reading: 31 is no month
    ],
)
def test_parse_published_accepts_dates(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("xyz", "not a date"),
        ("", "not a date"),
        ("yesterday", "a relative date needs an anchor"),
        ("3 days ago", "a relative date needs an anchor"),
        ("tomorrow", "a relative date needs an anchor"),
        ("July 2024", "not a date with day, month and year"),
        ("10 Jul 24", "four-digit year"),
        ("03/04/2024", "day and month are ambiguous"),
        ("2024-02-30", "not a date"),
        ("line one\nline two 2024", "not a date"),
    ],
)
def test_parse_published_rejects_with_one_line_naming_the_value(value, why):
    with pytest.raises(ValueError) as caught:
        parse_published(value)
    message = str(caught.value)
    assert message.startswith(f"--published {value!r}")
    assert why in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bbc_2019-11-19_sweden-drops-assange-investigation.txt", date(2019, 11, 19)),
        ("data/2024-07-10.html", date(2024, 7, 10)),
        ("report-2024-07-10-final.txt", date(2024, 7, 10)),
        ("ukraine-prospects-2024-07.txt", None),
        ("2024-13-45_story.txt", None),
        ("2019-11-18/story.txt", None),  # a folder name is not the file's name
        ("id-12024-07-101.txt", None),
    ],
)
def test_date_in_file_name(name, expected):
    assert date_in_name(name) == expected


def test_order_of_trust():
    given, meta, name = date(2020, 1, 1), date(2021, 1, 1), "x_2022-01-01.txt"
    assert choose(given, meta, name) == (given, "given")
    assert choose(None, meta, name) == (meta, "metadata")
    assert choose(None, None, name) == (date(2022, 1, 1), "inferred")
    assert choose(None, None, "x.txt") == (None, None)
    assert choose(None, None, None) == (None, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 7, 10), date(2024, 7, 10)),
        ("2024-07-10T09:30:00Z", date(2024, 7, 10)),
        ("2024-07-10", date(2024, 7, 10)),
        ("10 July 2024", date(2024, 7, 10)),
        ("soon", None),
        (None, None),
        (20240710, None),
    ],
)
def test_metadata_date_is_lenient_but_never_raises(value, expected):
    assert metadata_date(value) == expected
