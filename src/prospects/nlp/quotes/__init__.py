"""`prospects_quotes`: direct, indirect and mixed quotes with their cues and speakers.

Every pass is linear in tokens. The modules, each using only those above it:

- `marks`: quotation-mark intervals and paragraph bounds (direct quotes come from marks alone);
- `cue_words`: the cue word lists of data/cues.yaml;
- `candidate`: a proposed quote, and the readings of the parse every finder shares;
- `rules`: the rule finders of indirect and mixed quotes, one sentence at a time (`FINDERS`);
- `learned`: learned cue frames and the attribution network, where no rule read the words;
- `direct`: the cue and speaker of each direct quote;
- `assembly`: all of them put together, speakers resolved to sources, Quote records built;
- `component`: the spaCy component and its factory.
"""

from __future__ import annotations

from prospects.nlp.quotes.assembly import attribute, find_candidates
from prospects.nlp.quotes.candidate import Candidate
from prospects.nlp.quotes.component import ARTEFACTS, QuoteFinder, make_quotes
from prospects.nlp.quotes.cue_words import Cues, cue_sets, cues
from prospects.nlp.quotes.learned import quoted_tokens
from prospects.nlp.quotes.marks import (
    Intervals,
    Marked,
    Paragraphs,
    double_quoted,
    quoted_intervals,
    single_quoted,
)

__all__ = [
    "ARTEFACTS",
    "Candidate",
    "Cues",
    "Intervals",
    "Marked",
    "Paragraphs",
    "QuoteFinder",
    "attribute",
    "cue_sets",
    "cues",
    "double_quoted",
    "find_candidates",
    "make_quotes",
    "quoted_intervals",
    "quoted_tokens",
    "single_quoted",
]
