"""How a text is laid out: where its paragraphs are, and which lines are set as headlines.

One splitting rule serves every stage: a paragraph is a stretch between separators that holds
more than whitespace, without the whitespace at its edges. The separator is the source's: a line
break in extracted and plain text (where a headline, a byline or a quote stands on a line of its
own), a blank line where wrapped lines make up one paragraph, or the marker HTML flattening puts
at the end of each block.
"""

from __future__ import annotations

import re

LINE = "\n"
# a newline followed by one or more lines of nothing but whitespace
BLANK_LINE = re.compile(r"\n(?:[^\S\n]*\n)+")


def paragraph_spans(text: str, separator: str | re.Pattern[str] = LINE) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `text`, in order."""
    if isinstance(separator, str):
        cuts = _string_cuts(text, separator)
    else:
        cuts = [(m.start(), m.end()) for m in separator.finditer(text)]
    spans = []
    start = 0
    for cut_start, cut_end in [*cuts, (len(text), len(text))]:
        part = text[start:cut_start]
        inner = part.strip()
        if inner:
            first = start + len(part) - len(part.lstrip())
            spans.append((first, first + len(inner)))
        start = cut_end
    return spans


def _string_cuts(text: str, separator: str) -> list[tuple[int, int]]:
    cuts = []
    at = text.find(separator)
    while at != -1:
        cuts.append((at, at + len(separator)))
        at = text.find(separator, at + len(separator))
    return cuts


def title_case(line: str) -> bool:
    """Most words of the line capitalised, as headlines are set ("Prospects and Reality",
    "Republicans Have Stake in a Deal on a Justice"): words of three letters or fewer are not
    counted, because headline style leaves articles and short prepositions in lower case."""
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75
