"""The naive forecast baseline: every body sentence with a cue word is the author's prediction.

Issue 14 measured prospects against it on unseen text; `prospects eval forecasts --baseline`
scores it on the same articles so that the two figures come from one run.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from prospects import wordlists
from prospects.nlp.forecasts import headline_end
from prospects.records import AUTHOR, Forecast, Likelihood


@cache
def _pattern() -> re.Pattern[str]:
    cues = wordlists.phrases("prospects.evaluate", "baseline_cues.yaml", "cues")
    words = sorted(cues, key=len, reverse=True)
    return re.compile(r"(?<![\w’'])(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


def naive_forecasts(doc: Doc) -> Doc:
    """Set `doc._.forecasts` to one author's prediction per sentence that has a cue word."""
    body = headline_end(doc.text)
    out: list[Forecast] = []
    for sent in doc.sents:
        if sent.end_char <= body:
            continue
        m = _pattern().search(sent.text)
        if m is None:
            continue
        text = sent.text.strip()
        start = sent.start_char + sent.text.index(text)
        out.append(
            Forecast(id=f"f{len(out) + 1}", start=start, end=start + len(text), text=text,
                     proposition=text, kind="prediction", source=AUTHOR.id,
                     likelihood=Likelihood(m.group(0), 0.9, 0.8, 0.9, "baseline"))
        )  # fmt: skip
    doc._.forecasts = out
    return doc
