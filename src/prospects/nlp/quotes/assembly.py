"""Assembly: every finder's candidates put together into a Doc's quotes, then their speakers
resolved to sources (prospects.nlp.speakers) and the Quote records built.

1. The rule finders (prospects.nlp.quotes.rules) read each sentence, then the learned cue frames
   the rules left (prospects.nlp.quotes.learned); a report nested in another is dropped.
2. An indirect content that lies mostly inside a direct quote is that quote's attribution; one
   that only contains quoted fragments is a mixed quote.
3. Direct quotes with no cue of their own are attributed (prospects.nlp.quotes.direct).
4. The attribution network adds the reported content the rules missed.
5. Speakers are resolved in the order they are named.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Span

from prospects.nlp import attribution_model, frame_classifier, frames, speakers
from prospects.nlp.quotes import direct, learned
from prospects.nlp.quotes.candidate import Candidate, clip_to_paragraph, relative_mention
from prospects.nlp.quotes.cue_words import Cues, cues
from prospects.nlp.quotes.marks import Intervals, Paragraphs, quoted_intervals
from prospects.nlp.quotes.rules import FINDERS, stop_at_next_report
from prospects.records import Quote
from prospects.records import Span as TextSpan


def find_candidates(
    doc: Doc,
    model: attribution_model.AttributionModel | None = None,
    frame_lexicon: frames.Lexicon | None = None,
    frame_judge: frame_classifier.Judge | Literal["shipped"] | None = "shipped",
) -> list[Candidate]:
    """All quotes of a parsed Doc, before speakers are resolved, in text order; `frame_judge`
    decides which learned cue frames to keep (None: the thresholds of the cue table)."""
    lex = cues()
    lexicon = frames.lexicon() if frame_lexicon is None else frame_lexicon
    judge = frame_classifier.load() if frame_judge == "shipped" else frame_judge
    text = doc.text
    quoted = quoted_intervals(text)
    paragraphs = Paragraphs(text)

    # the token classifier's reading, once: its cue probabilities also vouch for learned cue words
    reading = learned.read(doc, model, quoted) if model is not None else None
    find_frames = learned.frame_finder(lexicon, judge, reading)
    indirect: list[Candidate] = []
    for sent in doc.sents:
        indirect.extend(_sentence_reports(sent, lex, text, find_frames))

    quotes = [Candidate("direct", start, end) for start, end in quoted.spans]
    kept, absorbed = _placed(indirect, quotes, quoted, paragraphs, text)
    kept.extend(direct.attributed(doc, text, quotes, absorbed, kept, paragraphs, lex))
    if model is not None and reading is not None:
        kept.extend(learned.candidates(doc, model, reading, quoted, paragraphs, kept))
    kept.sort(key=lambda c: (c.start, c.end))
    return _dedupe(kept)


def _sentence_reports(
    sent: Span, lex: Cues, text: str, find_frames: learned.FrameFinder
) -> list[Candidate]:
    """The reports of one sentence: the rule finders', then the learned frames where no rule
    read the words, each ended before a second report hung inside it."""
    in_sentence = [cand for finder in FINDERS for cand in finder(sent, lex, text)]
    cut_at: dict[int, Candidate] = {}
    for cand in in_sentence:
        relative_mention(cand)
        cut = stop_at_next_report(cand, lex)
        if cut is not None:
            cut_at[cut.i] = cand
    ruled = len(in_sentence)
    in_sentence.extend(find_frames(sent, in_sentence))
    for cand in in_sentence[ruled:]:
        # learned frames run past a second cue as the rules' contents do
        cut = stop_at_next_report(cand, lex)
        if cut is not None:
            cut_at[cut.i] = cand
    for cand in in_sentence:
        outer = cut_at.get(cand.cue.i) if cand.cue is not None else None
        if outer is not None and outer is not cand:
            # the parser hung this cue on the clause before it: its speaker is the outer one's
            cand.speaker, cand.mention = outer.speaker, outer.mention
    return _outermost(in_sentence)


def _placed(
    indirect: list[Candidate],
    quotes: list[Candidate],
    quoted: Intervals,
    paragraphs: Paragraphs,
    text: str,
) -> tuple[list[Candidate], set[int]]:
    """The indirect reports kept, and the indexes of the direct `quotes` that a mixed report
    absorbed. A report that is mostly a quote gives that quote its cue and speaker instead."""
    kept: list[Candidate] = []
    absorbed: set[int] = set()
    for cand in indirect:
        assert cand.cue is not None
        if not clip_to_paragraph(paragraphs, cand, cand.cue.idx):
            continue
        if quoted.covered(cand.cue.idx, cand.cue.idx + 1):
            continue  # a cue inside a quote belongs to the quoted speaker's own words
        inside = quoted.covered(cand.start, cand.end)
        if inside == 0:
            kept.append(cand)
            continue
        overlapping = quoted.overlapping(cand.start, cand.end)
        if 2 * inside >= cand.length() and not _has_own_words(text, cand, quoted):
            # the clause is the quote itself: the cue and speaker are the quote's
            for i in overlapping:
                if quotes[i].cue is None:
                    quotes[i].cue, quotes[i].cue_end = cand.cue, cand.cue_end
                    quotes[i].speaker = cand.speaker
            continue
        cand.kind = "mixed"
        for i in overlapping:
            d = quotes[i]
            if 2 * (min(cand.end, d.end) - max(cand.start, d.start)) >= d.length():
                # the quoted fragment is part of the reported clause: one mixed quote
                absorbed.add(i)
                cand.start, cand.end = min(cand.start, d.start), max(cand.end, d.end)
        kept.append(cand)
    return kept, absorbed


def _has_own_words(text: str, cand: Candidate, quoted: Intervals) -> bool:
    """Whether reported speech has words of the reporter's outside its quoted part: "noted that
    neither side 'possesses ...'" is mixed, "said that “we will win”" is the quote itself."""
    outside = list(text[cand.start : cand.end])
    for i in quoted.overlapping(cand.start, cand.end):
        start, end = quoted.spans[i]
        for k in range(max(start, cand.start), min(end, cand.end)):
            outside[k - cand.start] = " "
    words = "".join(outside).replace("“", " ").replace("”", " ").replace('"', " ").split()
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    return len(words) > (1 if words[:1] == ["that"] else 0)


def _outermost(cands: list[Candidate]) -> list[Candidate]:
    """Drop reports nested in another report of the same sentence ("X said that he believes
    ..."): the outer speaker is the one the reader is told about, and nested speakers are
    mostly the same person again."""
    if len(cands) > 100:
        return cands  # a "sentence" the parser never closed: not worth a quadratic check
    kept = []
    for cand in cands:
        assert cand.cue is not None
        at = cand.cue.idx
        nested = any(
            other is not cand
            and other.start <= at < other.end
            and other.start <= cand.start
            and cand.end <= other.end
            for other in cands
        )
        if not nested:
            kept.append(cand)
    return kept


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Two rules may find the same content: keep the first of identical spans."""
    seen: set[tuple[int, int]] = set()
    unique = []
    for cand in cands:
        if (cand.start, cand.end) in seen:
            continue
        seen.add((cand.start, cand.end))
        unique.append(cand)
    return unique


def attribute(
    doc: Doc,
    model: attribution_model.AttributionModel | None = None,
    frame_lexicon: frames.Lexicon | None = None,
    frame_judge: frame_classifier.Judge | Literal["shipped"] | None = "shipped",
) -> tuple[list[Quote], list[speakers.Source]]:
    """The quotes and sources of a parsed Doc; `model` adds what the learned classifier finds,
    `frame_lexicon` (default data/cue_lexicon.csv) the learned cue words and `frame_judge` (default
    data/frame_classifier.npz; None: the table's thresholds) which of their frames to keep."""
    cands = find_candidates(doc, model, frame_lexicon, frame_judge)
    text = doc.text
    book = speakers.SourceBook(doc)
    # speakers are resolved in the order they are named, so that "he" finds the last name before it
    resolved: dict[int, tuple[str | None, TextSpan]] = {}
    order = sorted(
        (c for c in cands if c.speaker is not None), key=lambda c: c.speaker.idx if c.speaker else 0
    )
    for cand in order:
        assert cand.speaker is not None
        resolved[id(cand)] = book.resolve(cand.speaker)
    book.mark_anonymous(speakers.anonymity_note_heads(doc))
    quotes: list[Quote] = []
    for cand in cands:
        source_id: str | None = None
        mention: TextSpan | None = None
        origin = cand
        while origin.inherited is not None and id(origin) not in resolved:
            origin = origin.inherited
        if id(origin) in resolved:
            source_id, mention = resolved[id(origin)]
            if origin.mention is not None:
                words = origin.mention
                mention = TextSpan.of(text, words.idx, words.idx + len(words.text))
        cue = None
        if cand.cue is not None:
            cue_end = cand.cue_end or cand.cue
            cue = TextSpan.of(text, cand.cue.idx, cue_end.idx + len(cue_end.text))
        quotes.append(
            Quote(
                id=f"q{len(quotes) + 1}",
                kind=cand.kind,
                content=TextSpan.of(text, cand.start, cand.end),
                cue=cue,
                source_mention=mention,
                source=source_id,
            )
        )
    return quotes, book.sources()
