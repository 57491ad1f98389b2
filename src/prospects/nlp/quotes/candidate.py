"""A quote as the finders propose it, before its speaker is resolved, and the readings of the parse
that every finder shares: a content's edges, a cue verb's speaker, the particles of its cue."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from prospects import wordlists
from prospects.nlp import frames, speakers
from prospects.nlp.forecast_syntax import subject
from prospects.nlp.quotes.cue_words import CUES
from prospects.nlp.quotes.marks import Paragraphs

SUBJECTS = {"nsubj", "nsubjpass"}
_RELATIVE = wordlists.words(*CUES, "relative_pronouns")
# words that never head a speaker's mention: the antecedent of a relative pronoun speaks
NOT_SPEAKERS = wordlists.words(*CUES, "not_speaker_pronouns") | _RELATIVE
# "46 percent of voters said" and "Two said" name speakers; dates and sums of money do not
_NOT_SPEAKER_ENTS = {"DATE", "TIME", "MONEY", "QUANTITY", "ORDINAL"}
_EDGE = re.compile(r"^[\s,;:.—–-]+|[\s,;:—–-]+$")


@dataclass
class Candidate:
    """A quote found: its kind ("direct", "indirect", "mixed"), content characters, cue tokens
    and the token heading its speaker's mention."""

    kind: str
    start: int
    end: int
    cue: Token | None = None
    cue_end: Token | None = None
    speaker: Token | None = None
    # the speaker was named in an earlier quote: reuse that quote's mention and source
    inherited: Candidate | None = None
    # the words naming the speaker here when they are not the speaker's own name: the relative
    # pronoun of "X, who said ..." (the source is still X)
    mention: Token | None = None

    def length(self) -> int:
        return self.end - self.start


def content_of(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Character offsets of tokens first..last with edge punctuation removed."""
    if last < first:
        return None
    start = doc[first].idx
    text = doc[first : last + 1].text  # Doc.text rebuilds the whole text: too slow here
    match_lead = _EDGE.match(text)
    lead = match_lead.end() if match_lead else 0
    trail = _EDGE.search(text)
    tail = trail.start() if trail and trail.start() >= lead else len(text)
    if tail - lead < 2:
        return None
    return start + lead, start + tail


def speaker_of(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject, the subject of the verb it is joined to ("and
    said", ", adding"), or the noun a relative clause hangs on ("the report, which said")."""
    # a passive subject is who was told or asked, not who spoke
    child = subject(verb, ("nsubj",), participles=True)
    if child is None:
        return None
    if child.lower_ in _RELATIVE and child.head.dep_ == "relcl":
        return child.head.head
    if child.lower_ == "those" and any(c.dep_ in ("relcl", "acl") for c in child.children):
        return child  # "those who back her say", "those surveyed say": people
    if child.lower_ in NOT_SPEAKERS:
        return None
    if child.ent_type_ in _NOT_SPEAKER_ENTS or speakers.names_a_time(child):
        return None  # "the coming months can argue": a parse error, not a speaker
    if child.pos_ in ("NOUN", "PROPN", "PRON", "X", "NUM", "DET"):
        return child
    if child.pos_ == "ADJ" and child.lower_ in speakers.lexicon().quantity_words:
        return child  # "Many said ...", "most of them said ...": a share speaks
    return None


def cue_end_of(verb: Token) -> Token:
    """Particles that belong to the cue: "pointed out", "called for"."""
    last = verb
    for child in verb.rights:
        if child.dep_ in ("prt",) and child.i == last.i + 1:
            last = child
    return last


def relative_mention(cand: Candidate) -> None:
    """ "Mr. Leenders, who estimated that ...": the speaker is Mr. Leenders, named here by "who"."""
    verb, speaker = cand.cue, cand.speaker
    if verb is None or speaker is None or verb.dep_ != "relcl" or verb.head.i != speaker.i:
        return
    relative = next(
        (c for c in verb.children if c.dep_ in SUBJECTS and c.lower_ in frames.RELATIVE), None
    )
    if relative is not None:
        cand.mention = relative


def differs(mention: Token | None, speaker: Token | None) -> bool:
    return mention is not None and (speaker is None or mention.i != speaker.i)


def clip_to_paragraph(paragraphs: Paragraphs, cand: Candidate, at: int) -> bool:
    """Keep a content inside the paragraph of its cue (the parser may run sentences across the
    blank line after a headline); False when nothing is left."""
    text = paragraphs.text
    p_start, p_end = paragraphs.bounds(at)
    start, end = max(cand.start, p_start), min(cand.end, p_end)
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    if end - start < 2:
        return False
    cand.start, cand.end = start, end
    return True
