"""Signed sections: an analysis box inside a news article speaks with its signer's voice.

Broadcasters and papers set a correspondent's analysis apart from the report around it: a line
that holds only a name and a role ("Caroline Hawley, BBC diplomatic correspondent"), then the
signed paragraphs, up to the next subheading. FORECASTS.md makes the writer of signed opinion the
source of its forecasts, so a forecast in the article's own voice inside such a section belongs to
the signer, not to the anonymous `author`.

A signature line is a paragraph of its own that starts with a PERSON entity, continues with a
comma and a few role words, and has no verb and no closing punctuation. The section ends before
the next paragraph that reads as a subheading (a question, or a short line without closing
punctuation) or at the end of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from prospects.ingest.layout import BLANK_LINE, paragraph_spans

_MAX_SIGNATURE_WORDS = 12
_CLOSED = re.compile(r"[.!:;\"”’)]\s*$")


@dataclass(frozen=True)
class SignedSection:
    start: int  # first character of the signed text
    end: int  # character after it
    signer: Span  # the signer's name in the signature line


def _is_heading(text: str) -> bool:
    words = text.split()
    return text.rstrip().endswith("?") or (
        len(words) <= _MAX_SIGNATURE_WORDS and not _CLOSED.search(text)
    )


def _signer(doc: Doc, text: str, start: int, end: int) -> Span | None:
    """The name of a signature line text[start:end] (`text` is doc.text), or None when it is not
    one."""
    line_text = text[start:end]
    if (
        "," not in line_text
        or len(line_text.split()) > _MAX_SIGNATURE_WORDS
        or _CLOSED.search(line_text)
    ):
        return None
    line = doc.char_span(start, end, alignment_mode="expand")
    if line is None or any(t.pos_ in ("VERB", "AUX") for t in line):
        return None
    name = next((e for e in line.ents if e.label_ == "PERSON" and e.start_char == start), None)
    if name is None or len(name) < 2 or text[name.end_char : name.end_char + 1] != ",":
        return None
    return name


def signed_sections(doc: Doc, body_start: int = 0, text: str | None = None) -> list[SignedSection]:
    """The signed sections of `doc` (whose text is `text`, when the caller has it), in text
    order; the headline (before `body_start`) never signs anything."""
    text = doc.text if text is None else text
    # blank lines part the paragraphs: a signed text's own lines may be wrapped
    paragraphs = [p for p in paragraph_spans(text, BLANK_LINE) if p[0] >= body_start]
    sections: list[SignedSection] = []
    for k, (start, end) in enumerate(paragraphs):
        if "," not in text[start:end] or k + 1 == len(paragraphs):
            continue
        signer = _signer(doc, text, start, end)
        if signer is None:
            continue
        first = paragraphs[k + 1][0]
        last = paragraphs[k + 1][1]
        for p_start, p_end in paragraphs[k + 2 :]:
            if _is_heading(text[p_start:p_end]):
                break
            last = p_end
        sections.append(SignedSection(first, last, signer))
    return sections


def signer_at(sections: list[SignedSection], char: int) -> Span | None:
    return next((s.signer for s in sections if s.start <= char < s.end), None)
