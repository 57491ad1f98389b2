"""ingest.layout: the one paragraph-splitting rule, under each separator, and headline case."""

from __future__ import annotations

import pytest

from prospects.ingest.layout import BLANK_LINE, paragraph_spans, title_case


def texts(text: str, separator=None) -> list[str]:
    spans = paragraph_spans(text) if separator is None else paragraph_spans(text, separator)
    return [text[start:end] for start, end in spans]


def test_a_line_is_a_paragraph_and_blank_or_whitespace_lines_are_none() -> None:
    assert texts("  Headline \n\n \t\nFirst line\nsecond line  ") == [
        "Headline",
        "First line",
        "second line",
    ]


def test_wrapped_lines_make_one_paragraph_between_blank_lines() -> None:
    text = "Jane Doe, correspondent\n \nThe talks will\nfail.\n\n\nNext"
    assert texts(text, BLANK_LINE) == ["Jane Doe, correspondent", "The talks will\nfail.", "Next"]


def test_any_separator_splits_and_offsets_index_the_text() -> None:
    text = "\ue000 one \ue000\ue000two\n lines\ue000"
    spans = paragraph_spans(text, "\ue000")
    assert [text[s:e] for s, e in spans] == ["one", "two\n lines"]
    assert paragraph_spans("") == [] and paragraph_spans(" \n ") == []


@pytest.mark.parametrize(
    ("line", "titled"),
    [
        ("Prospects and Reality", True),
        ("Republicans Have Stake in a Deal on a Justice.", True),
        ("The Long Road Home: Migrants Return to an Empty Valley", True),
        ("The Latest: Sanders wins Minnesota Democratic caucuses.", False),
        ("Trump: My plans aren't set in stone", False),
        ("a b c", False),
    ],
)
def test_title_case_counts_the_words_headline_style_capitalises(line: str, titled: bool) -> None:
    assert title_case(line) is titled
