"""A sentence never runs across a blank line, nor across a line break that ends a line of its own.

News text keeps its paragraphs as blank-line separated blocks, and a headline or a byline sits on
a line of its own. spaCy's parser, trained on running text, sometimes glues such a line to the
sentence after it ("Prospects and Reality\\n\\nRussia is unlikely to ..."), which then drags the
headline into a quote or a forecast. This component, placed before the parser, marks the first
token after every blank line as a sentence start; the parser keeps boundaries set before it.

Some sources break paragraphs, headline and subheading, list items and bylines with a single
newline ("Lawmaker urges retaliation on Russia;\\nMember of House panel says ..."). Others wrap
running text at a fixed width, where a newline falls mid-sentence. A single newline therefore starts
a sentence only when the next line opens like one (a capital, a digit, an opening quote, a dash or
a bullet) and either the line before ends like a sentence or its paragraph is not wrapped: no line
of the paragraph continues in lower case, which wrapped text does within a few lines.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Token

_SENTENCE_ENDS = frozenset(".!?:;\"”’')]…")
_LINE_OPENERS = frozenset("\"“‘'(-–—―•*")


def _opens_sentence(token: Token) -> bool:
    first = token.text[0]
    return first.isupper() or first.isdigit() or first in _LINE_OPENERS


def _ends_sentence(token: Token) -> bool:
    return token.text[-1] in _SENTENCE_ENDS


def _mark_line_starts(doc: Doc, breaks: list[int]) -> None:
    """Sentence starts after the single-newline tokens `breaks` of one paragraph."""
    wrapped = any(not _opens_sentence(doc[i + 1]) for i in breaks)
    for i in breaks:
        after = doc[i + 1]
        if _opens_sentence(after) and (not wrapped or _ends_sentence(doc[i - 1])):
            after.is_sent_start = True


@Language.component("prospects_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    # only whitespace tokens can hold a newline: look at those, not at every token of the Doc
    spaces = np.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist() if len(doc) else []
    breaks: list[int] = []  # the single newlines of the paragraph read so far
    for i in spaces:
        newlines = doc[i].text.count("\n")
        if newlines >= 2:
            doc[i + 1].is_sent_start = True
            _mark_line_starts(doc, breaks)
            breaks = []
        elif newlines == 1 and i > 0:
            breaks.append(i)
    _mark_line_starts(doc, breaks)
    return doc
