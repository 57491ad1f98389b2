"""Direct quotes: who said the words between quotation marks.

A quote with no cue of its own is attributed, in this order, by the name signed after a dash
("“...” ― Sonya Herridge"), by the cue verb that governs it ("Diplomats called it a “word
salad”"), by the cue next to it (",” X said" or "X said: “"), or else by the speaker of the
report just before it in the same or the previous paragraph. Quoted words that read as a title
or scare quotes rather than speech quote nobody.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span, Token

from prospects.nlp.quotes.candidate import Candidate, content_of, cue_end_of, speaker_of
from prospects.nlp.quotes.cue_words import Cues
from prospects.nlp.quotes.marks import CLOSE_DOUBLE, OPEN_DOUBLE, Paragraphs


def attributed(
    doc: Doc,
    text: str,
    quotes: list[Candidate],
    absorbed: set[int],
    reports: list[Candidate],
    paragraphs: Paragraphs,
    lex: Cues,
) -> list[Candidate]:
    """The direct `quotes` that quote someone, with their cues and speakers; those whose index
    is in `absorbed` are part of a mixed report and left out. `reports` are the indirect reports
    kept, whose speakers a quote with no cue of its own may continue."""
    # a quote with no cue of its own continues the report just before it: "“A,” said X. “B.”"
    # or "X argued that ... . “B.”", whether that report is a direct quote or an indirect one
    reported = sorted((c for c in reports if c.speaker is not None), key=lambda c: c.end)
    reported_ends = [c.end for c in reported]
    previous: Candidate | None = None
    kept: list[Candidate] = []
    for i, cand in enumerate(quotes):
        if i in absorbed:
            continue
        reach = paragraphs.previous_start(cand.start)
        k = bisect.bisect_right(reported_ends, cand.start)
        if k and (previous is None or reported[k - 1].end > previous.end):
            previous = reported[k - 1]
        if cand.cue is None:
            marks = _tokens_in(doc, cand.start - 1, min(len(text), cand.end + 1))
            found = None
            signed = _dash_signature(doc, text, cand.end + 1)
            if signed is not None:
                found = signed
            elif marks is not None:
                governing = _governing_cue(doc, marks, lex)
                if governing is not None:
                    _widen_fragment(doc, cand, governing[2])
                    found = governing[:2]
                elif _speech_like(text[cand.start : cand.end]):
                    found = _adjacent_cue(doc, marks, lex)
            if found is not None:
                cand.cue, cand.speaker = found
                cand.cue_end = cue_end_of(found[0])
            elif not _speech_like(text[cand.start : cand.end]):
                continue  # a title, a nickname or scare quotes: nobody is quoted
            elif previous is not None and previous.start >= reach:
                cand.inherited = previous
        if cand.speaker is not None or cand.inherited is not None:
            previous = cand
        kept.append(cand)
    return kept


# dependents of a cue verb whose words are reported speech when a quoted fragment lies in them
# (advcl, conj and the predicative ones added in the PolNeAR follow-up: +0.0005 on train)
_FRAGMENT_HOLDERS = {"ccomp", "xcomp", "dobj", "prep", "advcl", "conj", "oprd", "attr", "acomp"}
# "“...” ― Sonya Herridge": a dash after the closing mark, then a name that ends the line
_SIGNATURE = re.compile(r"[ \t\xa0]*(?:[―—–]|--)[ \t\xa0]*(?=[A-Z])([^\n]{1,80})(?:\n|$)")
_NAME_ENTITIES = frozenset(("PERSON", "ORG", "NORP", "GPE"))


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    span = _char_span(doc, start, end)
    return span if span is not None and len(span) else None


def _adjacent_cue(doc: Doc, quoted: Span, lex: Cues) -> tuple[Token, Token] | None:
    """A speech verb and its speaker right after (",” X said") or before ("X said: “") a quote."""
    speech = lex.speech
    # after the closing mark, within the same sentence
    after = doc[quoted.end : min(len(doc), quoted.end + 8)]
    for tok in after:
        if (
            tok.text in OPEN_DOUBLE
            or "\n" in tok.text
            or (tok.is_sent_start and tok.i > quoted.end)
        ):
            break
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech:
            speaker = speaker_of(tok) or _speaker_after(tok)
            if speaker is not None:
                return tok, speaker
    # before the opening mark: "X said: “", "X said, “", "X told reporters “"
    before = doc[max(0, quoted.start - 10) : quoted.start]
    for tok in reversed(before):
        if tok.text in CLOSE_DOUBLE or tok.text == ".":
            break
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech:
            speaker = speaker_of(tok)
            if speaker is not None:
                return tok, speaker
    return None


def _dash_signature(doc: Doc, text: str, end: int) -> tuple[Token, Token] | None:
    """The dash and the speaker's name signed after a quote that closes at character `end`: the
    convention of pull quotes, epigraphs and readers' responses. The name must open what follows
    the dash (a title may precede it: "— Sen. Jane Doe, D-Ore.")."""
    found = _SIGNATURE.match(text, end)
    if found is None:
        return None
    signed = _tokens_in(doc, found.start(1), found.end(1))
    dash = _tokens_in(doc, end, found.start(1))
    if signed is None or dash is None:
        return None
    name: Token | None = None
    for tok in signed[:4]:
        if tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_ENTITIES:
            name = tok  # the last word of the name heads it: "Sonya Herridge"
        elif name is not None or not (tok.is_title or tok.is_punct):
            break
    if name is None:
        return None
    return next(t for t in dash if not t.is_space), name


def _speaker_after(verb: Token) -> Token | None:
    """'said Michael Kofman': the speaker after the verb, which parsers label variously."""
    for child in verb.rights:
        if child.pos_ in ("PROPN", "NOUN", "PRON") and child.dep_ in (
            "nsubj",
            "dobj",
            "npadvmod",
            "attr",
            "dep",
            "nsubjpass",
        ):
            return child
    return None


def _governing_cue(doc: Doc, quoted: Span, lex: Cues) -> tuple[Token, Token, Token] | None:
    """The cue verb outside a quoted fragment that governs it ("Diplomats called it a “word
    salad”"), its speaker, and the verb's dependent that holds the fragment."""
    verbs = lex.speech | lex.objects  # "appeared on “Meet the Press”" quotes nobody
    tok = quoted.root
    for _ in range(4):
        if tok.head.i == tok.i:
            return None
        child, tok = tok, tok.head
        if quoted.start <= tok.i < quoted.end:
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs:
            speaker = speaker_of(tok)
            return (tok, speaker, child) if speaker is not None else None
    return None


def _widen_fragment(doc: Doc, cand: Candidate, holder: Token) -> None:
    """A quoted fragment inside reported speech ("said that “top secret” intelligence had passed
    ...") is a mixed quote whose content is the whole reported clause."""
    if holder.dep_ in _FRAGMENT_HOLDERS:
        content = content_of(doc, holder.left_edge.i, holder.right_edge.i)
        if content is not None and 5 * cand.length() < 3 * (content[1] - content[0]):
            cand.start, cand.end = min(cand.start, content[0]), max(cand.end, content[1])
            cand.kind = "mixed"


def _speech_like(quoted: str) -> bool:
    """Quoted words that read as someone's speech rather than a title or scare quotes."""
    return len(quoted.split()) >= 4 or quoted.rstrip()[-1:] in ".?!"
