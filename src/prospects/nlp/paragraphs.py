"""A sentence never runs across a blank line.

News text keeps its paragraphs as blank-line separated blocks, and a headline or a byline sits on
a line of its own. spaCy's parser, trained on running text, sometimes glues such a line to the
sentence after it ("Prospects and Reality\\n\\nRussia is unlikely to ..."), which then drags the
headline into a quote or a forecast. This component, placed before the parser, marks the first
token after every blank line as a sentence start; the parser keeps boundaries set before it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("prospects_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
