"""The learned complement of the rules: what the learned parts add where no rule read the words.

- Cue frames (prospects.nlp.frames): reports headed by the cue words learned from PolNeAR train,
  kept by the frame classifier (prospects.nlp.frame_classifier) or by the cue table's thresholds.
- The attribution network (prospects.nlp.attribution_model, trained on PolNeAR train): candidate
  clauses it accepts, among words no rule claimed, tied to the cue and source tokens it marks in
  the same sentence. It reads the Doc's tensor once (`read`); the frame classifier reads its
  token probabilities too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from prospects.nlp import attribution_model, frame_classifier, frames, speakers
from prospects.nlp.quotes.candidate import (
    Candidate,
    clip_to_paragraph,
    content_of,
    cue_end_of,
    differs,
    relative_mention,
    speaker_of,
)
from prospects.nlp.quotes.cue_words import cue_sets
from prospects.nlp.quotes.marks import Intervals, Paragraphs, quoted_intervals


@dataclass(frozen=True)
class Reading:
    """The attribution network's reading of a Doc: its hidden states `x` and, per token, the
    probabilities of reported content, source and cue (`probs`); `in_quotes` is its quote
    feature."""

    x: np.ndarray
    probs: np.ndarray
    in_quotes: np.ndarray


def quoted_tokens(doc: Doc, quoted: Intervals | None = None) -> np.ndarray:
    """1.0 for each token inside quotation marks (a feature of the learned model)."""
    quoted = quoted or quoted_intervals(doc.text)
    flags = np.zeros(len(doc), dtype=np.float32)
    for start, end in quoted.spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            flags[span.start : span.end] = 1.0
    return flags


def read(doc: Doc, model: attribution_model.AttributionModel, quoted: Intervals) -> Reading | None:
    """The network's reading of `doc`, or None when the pipeline's tensor does not fit it."""
    if not _fits(doc, model):
        return None
    in_quotes = quoted_tokens(doc, quoted)
    x, probs = model.read(doc, attribution_model.features(doc, cue_sets(), in_quotes))
    return Reading(x, probs, in_quotes)


def _fits(doc: Doc, model: attribution_model.AttributionModel) -> bool:
    """The model reads `doc.tensor`: only a pipeline with the tok2vec it was trained on fits."""
    return (
        len(doc) > 0 and doc.tensor.ndim == 2 and doc.tensor.shape == (len(doc), model.tensor_width)
    )


MIN_LEARNED_WORDS = 4
_LEARNED_CUE_POS = ("VERB", "NOUN", "ADJ")


def candidates(
    doc: Doc,
    model: attribution_model.AttributionModel,
    reading: Reading,
    quoted: Intervals,
    paragraphs: Paragraphs,
    found: list[Candidate],
) -> Iterator[Candidate]:
    """Contents the classifiers find where the rules found none: candidate clauses
    (attribution_model.clause_spans) that the clause network accepts, best first, overlapping
    neither each other nor a rule's content."""
    if model.clause is None:
        return
    x, probs = reading.x, reading.probs
    clause_t, source_t, cue_t = (float(t) for t in model.thresholds)
    taken = Intervals(merged([(c.start, c.end) for c in found]))
    ruled = {c.cue.sent.start: c for c in found if c.cue is not None and c.kind == "indirect"}
    for sent in doc.sents:
        if probs[sent.start : sent.end, 0].max() < 0.5:
            continue  # nothing here reads as reported content
        spans = attribution_model.clause_spans(sent, MIN_LEARNED_WORDS)
        scores = model.clause.predict(attribution_model.clause_features(sent, x, probs, spans))
        chosen: list[tuple[int, int, int]] = []
        for k in np.argsort(-scores[:, 0]):
            if scores[k, 0] < clause_t:
                break
            first, last, root = spans[k]
            if taken.covered(doc[first].idx, doc[last].idx + len(doc[last])) > 0:
                continue  # the rules read these words already
            if all(last < a or first > b for a, b, _ in chosen):
                chosen.append(spans[k])
        for first, last, root in chosen:
            content = content_of(doc, first, last)
            if content is None:
                continue
            if sent.start in ruled:
                # a rule read this sentence's report frame ("..., X said, given ..."): the
                # classifier's clause is the rest of that report when only the frame lies between
                _extend_report(ruled[sent.start], content)
                continue
            outside = [t for t in sent if not first <= t.i <= last]
            cue: Token | None = doc[root].head if doc[root].head.i != root else None
            if cue is None or probs[cue.i, 2] < cue_t:
                cue = max(outside, key=lambda t: probs[t.i, 2], default=None)
                if cue is not None and probs[cue.i, 2] < cue_t:
                    cue = None
            if cue is None or cue.pos_ not in _LEARNED_CUE_POS:
                # every attribution has a cue, and a cue is a word of saying, thinking or
                # intending: a preposition or a determiner marked as one is the model's noise
                continue
            if len(doc.char_span(*content, alignment_mode="expand") or ()) < MIN_LEARNED_WORDS:
                continue
            cand = Candidate("indirect", *content, cue=cue, cue_end=cue)
            if not clip_to_paragraph(paragraphs, cand, cand.start):
                continue
            cand.speaker = _learned_speaker(outside, probs[:, 1], source_t, cue)
            if cand.speaker is not None and not speakers.can_speak(cand.speaker):
                continue  # a clause about a thing, not a report by someone
            if quoted.covered(cand.start, cand.end) > 0:
                cand.kind = "mixed"
            relative_mention(cand)
            yield cand


def _extend_report(report: Candidate, content: tuple[int, int]) -> None:
    """Widen a rule's content over the adjacent `content` when only the report's own frame (its
    cue's clause and punctuation) stands between them."""
    assert report.cue is not None
    doc = report.cue.doc
    frame = report.cue
    gap_start, gap_end = (
        (report.end, content[0]) if content[0] >= report.end else (content[1], report.start)
    )
    if gap_end < gap_start:
        return  # they overlap: the rule's content stands
    for tok in doc.char_span(gap_start, gap_end, alignment_mode="expand") or []:
        inside_frame = frame.left_edge.i <= tok.i <= frame.right_edge.i and not (
            report.start <= tok.idx < report.end
        )
        if not (tok.is_punct or tok.is_space or inside_frame or tok.i == frame.i):
            return
    report.start, report.end = min(report.start, content[0]), max(report.end, content[1])


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _learned_speaker(
    outside: list[Token], source_probs: np.ndarray, threshold: float, cue: Token | None
) -> Token | None:
    """The cue's subject when the classifier marks it as a source, else the head of the likeliest
    source words outside the content, else the cue's subject."""
    subject = None
    if cue is not None and cue.pos_ in ("VERB", "AUX"):
        subject = speaker_of(cue) or frames.agent(cue)
    if subject is not None and source_probs[subject.i] >= threshold:
        return subject
    best = max(outside, key=lambda t: source_probs[t.i], default=None)
    if best is None or source_probs[best.i] < threshold:
        return subject
    # climb to the head of the marked words: "the senior [official]" resolves by its head noun
    head = best
    for _ in range(6):
        up = head.head
        if up.i == head.i or source_probs[up.i] < threshold or up.pos_ in ("VERB", "AUX"):
            break
        head = up
    if head.is_punct or head.pos_ in ("ADP", "DET", "CCONJ", "PART"):
        return None
    return head


# the learned frames of a sentence, given the rules' candidates in it
FrameFinder = Callable[[Span, list[Candidate]], Iterable[Candidate]]


def frame_finder(
    lexicon: frames.Lexicon, judge: frame_classifier.Judge | None, reading: Reading | None
) -> FrameFinder:
    """How a sentence's learned frames are chosen: by the frame classifier, which reads the token
    network's probabilities; without them (or without a classifier), by the cue table's
    thresholds."""
    if judge is not None and reading is not None:
        context = frame_classifier.Context(reading.probs, reading.in_quotes)
        return lambda sent, ruled: judged_frames(sent, lexicon, ruled, judge, context)
    cue_probs = reading.probs[:, 2] if reading is not None else None
    return lambda sent, ruled: frame_candidates(sent, lexicon, ruled, cue_probs)


def frame_candidates(
    sent: Span, lexicon: frames.Lexicon, ruled: list[Candidate], cue_probs: np.ndarray | None
) -> Iterator[Candidate]:
    """Reports headed by the cue words learned from PolNeAR train (prospects.nlp.frames) where no
    rule read the sentence's words: neither their cue nor their content lies in a rule's content."""
    if not lexicon.entries:
        return
    for found in _unclaimed(frames.frames(sent, lexicon, cue_probs), ruled):
        yield found[0]


def judged_frames(
    sent: Span,
    lexicon: frames.Lexicon,
    ruled: list[Candidate],
    judge: frame_classifier.Judge,
    context: frame_classifier.Context,
) -> Iterator[Candidate]:
    """Reports headed by any word of the learned cue table that no rule claimed, kept when the
    frame classifier (prospects.nlp.frame_classifier) reads them as reports in context."""
    if not lexicon.entries:
        return
    read = list(frame_classifier.candidates(sent, lexicon, judge.min_cues))
    keys = {id(f): k for f, k in read}
    unclaimed = list(_unclaimed((f for f, _ in read), ruled))
    if not unclaimed:
        return
    xs = np.stack(
        [
            frame_classifier.features(found, keys[id(found)], lexicon, context, len(ruled))
            for _, found in unclaimed
        ]
    )
    contents = [(cand.start, cand.end) for cand, _ in unclaimed]
    mentions = [cand.mention or cand.speaker for cand, _ in unclaimed]
    for (cand, _), kept in zip(unclaimed, judge.keeps(xs, contents, mentions), strict=True):
        if kept:
            yield cand


def _unclaimed(
    found_frames: Iterable[frames.Frame], ruled: list[Candidate]
) -> Iterator[tuple[Candidate, frames.Frame]]:
    """Candidates of the frames whose cue and content lie outside the rules' reports."""
    cue_tokens = {c.cue.i for c in ruled if c.cue is not None}
    spans = [(c.start, c.end) for c in ruled]
    for found in found_frames:
        doc = found.cue.doc
        if found.cue.i in cue_tokens:
            continue
        content = content_of(doc, found.first, found.last)
        if content is None:
            continue
        at = found.cue.idx
        if any(s <= at < e or (content[0] < e and s < content[1]) for s, e in spans):
            continue
        speaker, mention = found.speaker, found.mention
        if speaker is not None and speakers.names_a_time(speaker):
            continue  # "the coming months ... can argue": the parser's subject, not a speaker
        if differs(mention, speaker) and speaker is not None and not speakers.can_speak(speaker):
            continue  # "the war, which had favored Moscow": a subject, not a speaker
        cand = Candidate(
            "indirect",
            *content,
            cue=found.cue,
            cue_end=cue_end_of(found.cue),
            speaker=speaker,
            mention=mention if differs(mention, speaker) else None,
        )
        yield cand, found
