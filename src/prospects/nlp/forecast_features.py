"""What the learned forecast finder sees of a candidate: a list of named, readable features.

Every feature is a string, so a weight file can be read ("filter=advice" -3.1) and a new feature
needs no change to the model. They are about the candidate's words and the parse around them,
never about one article: the detector and family, the cue, the filters that fired, the verb's
tense and role, the subject, negation, quotation, dates in the sentence, and a window of lemmas.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from spacy.tokens import Span

from prospects.nlp import conditions, time_expressions
from prospects.nlp.forecast_detectors import Candidate, cues
from prospects.nlp.forecast_syntax import PERFECT, subject
from prospects.records import Quote

WINDOW = (-3, 3)  # lemmas this many tokens around the cue


def _time_features(times: list[time_expressions.Found], anchor: date | None) -> list[str]:
    out = []
    for f in times:
        h = f.horizon
        if anchor is None or h.start is None:
            out.append(f"time={h.precision}")
        elif h.end is not None and h.end < anchor:
            out.append("time=past")
        elif h.start > anchor:
            out.append("time=future")
        else:
            out.append("time=now")
    return sorted(set(out))


def features(
    c: Candidate,
    sent: Span,
    quote: Quote | None,
    times: list[time_expressions.Found],
    anchor: date | None,
    rivals: int,
) -> list[str]:
    """The features of one candidate; `rivals` is how many candidates its sentence has."""
    p = c.predicate
    cue = c.cue_tokens[0]
    doc = sent.doc
    out = [
        "bias",
        f"det={c.detector}",
        f"fam={c.family}",
        f"cue={c.cue.lower()}",
        f"modal={c.modal}",
        f"pred_tag={p.tag_}",
        f"pred_dep={p.dep_}",
        f"pred_lemma={p.lemma_.lower()}",
        f"head_tag={p.head.tag_}" if p.head is not p else "head=root",
        f"head_lemma={p.head.lemma_.lower()}" if p.head is not p else "head_lemma=root",
        f"cue_tag={cue.tag_}",
        f"rivals={min(rivals, 4)}",
    ]
    out += [f"filter={name}" for name in c.filters] or ["filter=none"]
    out += [f"fam×filter={c.family}×{name}" for name in c.filters]
    if c.content is not None:
        out += [f"content_tag={c.content.tag_}", f"content_lemma={c.content.lemma_.lower()}"]
    subj = subject(p)
    if subj is None:
        out.append("subj=none")
    else:
        out += [f"subj_pos={subj.pos_}", f"subj_ent={subj.ent_type_ or '-'}"]
        if subj.pos_ in ("PRON", "DET"):
            out.append(f"subj={subj.lower_}")
        else:
            out.append(f"subj_lemma={subj.lemma_.lower()}")
    if any(ch.dep_ == "neg" for ch in p.children):
        out.append("negated")
    if any(ch.lower_ in PERFECT and ch.dep_ == "aux" for ch in p.children):
        out.append("perfect")
    out.append(f"quote={quote.kind if quote is not None else 'none'}")
    if c.forecaster is not None:
        out.append(f"forecaster_pos={c.forecaster.pos_}")
    if conditions.find(c.content or p, c.modal, sent) is not None:
        out.append("condition")
    out += _time_features(times, anchor)
    if anchor is None:
        out.append("undated")
    root = sent.root
    out += [f"root_tag={root.tag_}", f"root_lemma={root.lemma_.lower()}"]
    lo, hi = WINDOW
    for k in range(lo, hi + 1):
        if k == 0:
            continue
        i = cue.i + k
        word = doc[i].lemma_.lower() if sent.start <= i < sent.end else "<s>"
        out.append(f"w{k:+d}={word}")
    # concession ("X may be new, but ..."), the tense the sentence is told in, the subject's
    # determiner ("no one knows", "some might"), the path from the verb to the root
    concession = cues()["concession_words"]
    if any(t.lower_ in concession and t.i > cue.i for t in sent):
        out.append("contrast_after")
    if root.tag_ in ("VBD", "VBN"):
        out.append("told_in_past")
    if subj is not None:
        det = next((ch.lower_ for ch in subj.children if ch.dep_ == "det"), None)
        if det:
            out.append(f"subj_det={det}")
    path: list[str] = []
    t = p
    while t.head is not t and len(path) < 3:
        path.append(t.dep_)
        t = t.head
    out.append("path=" + ">".join(path or ["ROOT"]))
    nxt = doc[cue.i + 1].lemma_.lower() if cue.i + 1 < sent.end else "<s>"
    out.append(f"cue+1={c.cue.lower()} {nxt}")
    # a modal's reading hangs on its company: "would" with a condition, a person subject, a past
    # narration, or inside a quote reads differently from a bare one
    m = c.modal or c.family
    keys = [f for f in out if f.split("=")[0] in ("subj_pos", "pred_lemma", "quote", "filter",
                                                    "content_lemma", "w+1", "subj")]  # fmt: skip
    keys += [f for f in ("condition", "told_in_past", "negated", "contrast_after") if f in out]
    out += [f"{m}×{k}" for k in keys]
    if sent.text.rstrip().endswith("?"):
        out.append("question_mark")
    if any(t.is_quote for t in sent):
        out.append("quote_marks")
    return out


def dense(c: Candidate, sent: Span) -> np.ndarray | None:
    """The pipeline's token vectors (doc.tensor) at the cue, at the verb, and averaged over the
    sentence; None when the pipeline sets no tensor."""
    tensor = sent.doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[0] != len(sent.doc) or not tensor.size:
        return None
    rows = np.asarray(tensor, dtype=np.float64)
    return np.concatenate(
        [rows[c.cue_tokens[0].i], rows[c.predicate.i], rows[sent.start : sent.end].mean(axis=0)]
    )
