"""`prospects_quotes`: direct, indirect and mixed quotes with their cues and speakers.

Rules, in the order they run over a Doc (every pass is linear in tokens):

1. Direct quotes are found from quotation marks alone (straight, curly, « », single), paragraph by
   paragraph; a paragraph that opens a quote without closing it continues into the next paragraph
   when that one reopens it (news style for long quotes).
2. Indirect quotes come from the parse: a cue verb (data/cues.yaml) with a subject and a clausal
   complement, in either order ("X said that ...", "..., X said"); "according to X, ..."; a cue
   noun with a "that" clause ("X's assessment is that ..."); intentions ("X vowed to ...") and
   objects of cue verbs ("X complained about ...").
3. An indirect content that lies mostly inside a direct quote is that quote's attribution; one that
   only contains quoted fragments is a mixed quote.
4. A direct quote with no cue of its own is attributed by the cue next to it (",” X said" or
   "X said: “"), by the cue verb that governs it ("Diplomats called it a “word salad”"), or else
   by the speaker of the direct quote just before it in the same or the previous paragraph.
5. A learned token classifier (prospects.nlp.attribution_model, trained on PolNeAR train) adds the
   reported content the rules missed: candidate clauses it accepts, among words no rule claimed,
   tied to the cue and source tokens it marks in the same sentence.
6. Speakers are resolved to sources by prospects.nlp.sources.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from prospects.nlp import attribution_model, extensions, frame_classifier, frames, sources
from prospects.nlp.artefacts import SHIPPED, Artefact, Artefacts
from prospects.records import Quote
from prospects.records import Span as TextSpan

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘'‹"
SINGLE_CLOSE = "’'›"
_MAX_QUOTE_CHARS = 5000  # an "open" mark further from its close than this is a stray mark
_MAX_SINGLE_CHARS = 300
_SUBJECTS = {"nsubj", "nsubjpass"}
_NOT_SPEAKERS = {"it", "this", "that", "there", "what", "which", "who", "these", "those"}
# "46 percent of voters said" and "Two said" name speakers; dates and sums of money do not
_NOT_SPEAKER_ENTS = {"DATE", "TIME", "MONEY", "QUANTITY", "ORDINAL"}
_CLAUSES = {"ccomp"}
# dependents of a cue verb whose words are reported speech when a quoted fragment lies in them
# (advcl, conj and the predicative ones added in the PolNeAR follow-up: +0.0005 on train)
_FRAGMENT_HOLDERS = {"ccomp", "xcomp", "dobj", "prep", "advcl", "conj", "oprd", "attr", "acomp"}
_OBJECT_COMPLEMENTS = {"prep", "oprd", "xcomp", "ccomp", "dative", "attr", "acomp", "dobj"}
_MAX_LEAD_TOKENS = 6  # "CNN President:", "Senate Majority Leader Mitch McConnell:"
_EDGE = re.compile(r"^[\s,;:.—–-]+|[\s,;:—–-]+$")


@dataclass(frozen=True)
class Cues:
    speech: frozenset[str]
    thought: frozenset[str]
    intention: frozenset[str]
    objects: frozenset[str]
    object_preps: frozenset[str]
    nouns: frozenset[str]
    parenthetical: frozenset[str]
    headline_labels: frozenset[str]
    short_answers: frozenset[str]
    question_verbs: frozenset[str]
    hearsay_adverbs: frozenset[str]
    poll_nouns: frozenset[str]
    pro_clauses: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]

    @property
    def clause_verbs(self) -> frozenset[str]:
        return self.speech | self.thought


@cache
def cues() -> Cues:
    """The cue lists of data/cues.yaml, read once per process."""
    text = resources.files("prospects.nlp").joinpath("data/cues.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Cues(
        speech=frozenset(data["speech_verbs"]),
        thought=frozenset(data["thought_verbs"]),
        intention=frozenset(data["intention_verbs"]),
        objects=frozenset(data["object_verbs"]),
        object_preps=frozenset(data["object_preps"]),
        nouns=frozenset(data["nouns"]),
        parenthetical=frozenset(data["parenthetical_verbs"]),
        headline_labels=frozenset(data.get("headline_labels", ())),
        short_answers=frozenset(data.get("short_answers", ())),
        question_verbs=frozenset(data.get("question_verbs", ())),
        hearsay_adverbs=frozenset(data.get("hearsay_adverbs", ())),
        poll_nouns=frozenset(data.get("poll_nouns", ())),
        pro_clauses=frozenset(data.get("pro_clauses", ())),
        source_prepositions=tuple(tuple(p) for p in data["source_prepositions"]),
    )


# -- 1. direct quotes from quotation marks ---------------------------------------------------


@dataclass(frozen=True)
class Marked:
    """A stretch of text between quotation marks: `start`/`end` exclude the marks."""

    start: int
    end: int


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"\n", text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _opens_quote(text: str, start: int, end: int) -> bool:
    first = text[start:end].lstrip()
    return bool(first) and first[0] in OPEN_DOUBLE + STRAIGHT_DOUBLE


def double_quoted(text: str) -> list[Marked]:
    """Spans between double quotation marks (one pass over the text).

    A quote left open at the end of a paragraph continues when the next paragraph opens with a
    quotation mark; otherwise it ends with its paragraph (an unbalanced mark does not swallow the
    rest of the article)."""
    # typewriter style writes a double mark as two single ones: '' (and `` to open)
    text = text.replace("''", '" ').replace("``", '" ')
    found: list[Marked] = []
    carried: int | None = None  # start of a quote continued from the previous paragraph
    paragraphs = list(_paragraphs(text))
    for n, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        i = p_start
        if carried is not None:
            lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
            open_at, i = carried, lead + 1
            carried = None
        while i < p_end:
            ch = text[i]
            if ch in OPEN_DOUBLE or (ch == STRAIGHT_DOUBLE and open_at is None):
                if open_at is None or ch in OPEN_DOUBLE:
                    open_at = i + 1
            elif (ch in CLOSE_DOUBLE or ch == STRAIGHT_DOUBLE) and open_at is not None:
                if i > open_at:
                    found.append(Marked(open_at, i))
                open_at = None
            i += 1
        if open_at is not None:
            following = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            if following and _opens_quote(text, *following) and p_end - open_at < _MAX_QUOTE_CHARS:
                carried = open_at
            elif p_end > open_at:
                found.append(Marked(open_at, p_end))
    return [m for m in (_strip(text, m) for m in found) if m.end - m.start > 1]


def _strip(text: str, marked: Marked) -> Marked:
    start, end = marked.start, marked.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Marked(start, end)


def single_quoted(text: str, outside: list[Marked]) -> list[Marked]:
    """Spans between single quotation marks, outside double-quoted text.

    A single mark is an apostrophe unless it opens at a word start and closes at a word end; an
    opening mark with no close in the same paragraph within a few hundred characters is ignored."""
    found: list[Marked] = []
    blocked = sorted((m.start - 1, m.end + 1) for m in outside)
    b = 0
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            open_at = None
            continue
        if ch not in SINGLE_OPEN and ch not in SINGLE_CLOSE:
            continue
        if text[i - 1 : i + 1] == "''" or text[i : i + 2] == "''":
            continue  # a typewriter double mark, handled by double_quoted
        while b < len(blocked) and blocked[b][1] <= i:
            b += 1
        if b < len(blocked) and blocked[b][0] <= i < blocked[b][1]:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        closes = ch in SINGLE_CLOSE and not before.isspace() and not after.isalnum()
        if open_at is not None and closes:
            if i - open_at <= _MAX_SINGLE_CHARS and i > open_at:
                found.append(Marked(open_at, i))
            open_at = None
            continue
        if ch in SINGLE_OPEN and (before.isspace() or before in "([—–-") and after.isalnum():
            open_at = i + 1
    return [m for m in (_strip(text, m) for m in found) if m.end - m.start > 1]


class Intervals:
    """Sorted, non-overlapping character spans (the quoted stretches), searched by bisection so
    that a long article with thousands of quotes stays linear-logarithmic."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.ends = [e for _, e in self.spans]

    def overlapping(self, start: int, end: int) -> range:
        """Indexes of the spans that overlap [start, end)."""
        return range(bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end))

    def covered(self, start: int, end: int) -> int:
        """Characters of [start, end) inside the spans."""
        return sum(
            min(end, self.ends[i]) - max(start, self.starts[i])
            for i in self.overlapping(start, end)
        )


class Paragraphs:
    """Paragraph bounds of a text (paragraphs are separated by newlines), by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def bounds(self, at: int) -> tuple[int, int]:
        k = bisect.bisect_left(self.breaks, at)
        start = self.breaks[k - 1] + 1 if k else 0
        end = self.breaks[k] if k < len(self.breaks) else len(self.text)
        return start, end

    def previous_start(self, at: int) -> int:
        """Where the paragraph before the one holding `at` starts (blank lines skipped)."""
        end = self.bounds(at)[0] - 1
        while end > 0 and self.text[end - 1] == "\n":
            end -= 1
        return self.bounds(end)[0] if end > 0 else 0


# -- candidates --------------------------------------------------------------------------------


@dataclass
class Candidate:
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


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _stray_that_clause(verb: Token) -> Token | None:
    """A "that"-clause the parser hung on a noun after the verb: in "told reporters at a press
    conference that the airline will ...", "that ... will" is what was told, not a relative
    clause of "conference"."""
    for t in verb.rights:
        if t.dep_ not in ("dobj", "dative", "prep", "npadvmod"):
            continue
        for d in t.subtree:
            clause = d.head
            if (
                d.lower_ == "that"
                and d.dep_ == "mark"
                and clause.dep_ in ("relcl", "acl")
                and clause.pos_ in ("VERB", "AUX")
                and any(ch.dep_ in ("nsubj", "nsubjpass") for ch in clause.children)
            ):
                return clause
    return None


def _content(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
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


def _subject(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject, the subject of the verb it is joined to ("and
    said", ", adding"), or the noun a relative clause hangs on ("the report, which said")."""
    seen = 0
    while verb is not None and seen < 4:
        seen += 1
        for child in verb.children:
            if child.dep_ in _SUBJECTS and child.dep_ != "nsubjpass":
                if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                    return verb.head
                if child.lower_ == "those" and any(
                    c.dep_ in ("relcl", "acl") for c in child.children
                ):
                    return child  # "those who back her say", "those surveyed say": people
                if child.lower_ in _NOT_SPEAKERS:
                    return None
                if child.ent_type_ in _NOT_SPEAKER_ENTS or sources.names_a_time(child):
                    return None  # "the coming months can argue": a parse error, not a speaker
                if child.pos_ in ("NOUN", "PROPN", "PRON", "X", "NUM", "DET"):
                    return child
                if child.pos_ == "ADJ" and child.lower_ in sources.lexicon().quantity_words:
                    return child  # "Many said ...", "most of them said ...": a share speaks
                return None
        if (
            verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            verb = verb.head.head  # "broke his silence by asking ...", "after saying ..."
            continue
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            if verb.dep_ == "advcl" and verb.tag_ not in ("VBG",):
                return None
            verb = verb.head
            continue
        return None
    return None


def _outside(sent: Span, inner: Span) -> tuple[int, int] | None:
    """What `sent` says around a reporting clause `inner` ("..., X said, ..."): the whole sentence
    when the clause interrupts it, else the stretch before or after it."""
    before = (sent.start, inner.start - 1)
    after = (inner.end, sent.end - 1)
    if before[1] - before[0] >= 2 and after[1] - after[0] >= 2:
        return sent.start, sent.end - 1
    best = max((before, after), key=lambda r: r[1] - r[0])
    if best[1] - best[0] < 2:
        return None
    return best


def _verb_candidates(sent: Span, lex: Cues) -> Iterator[Candidate]:
    doc = sent.doc
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in lex.clause_verbs | (
            lex.intention | lex.objects
        ):
            continue
        lemma = tok.lemma_.lower()
        speaker = _subject(tok) or frames.agent(tok)
        if speaker is None:
            asked = _unattributed_question(tok, lex)
            if asked is not None:
                yield Candidate("indirect", *asked, cue=tok, cue_end=tok)
                continue
            lost = _lost_subject_report(tok, lex)
            if lost is not None:
                yield lost
            continue
        clause = next((c for c in tok.children if c.dep_ in _CLAUSES), None)
        if clause is None and lemma in lex.clause_verbs:
            clause = _stray_that_clause(tok)
        if clause is None and lemma in lex.question_verbs:
            # "asked the students if they were ...": the parser hangs the question on the verb
            # as an adverbial clause
            clause = next((c for c in tok.children if _asks_whether(c)), None)
        content: tuple[int, int] | None = None
        if clause is not None and lemma in lex.clause_verbs | lex.intention:
            content = _content(doc, clause.left_edge.i, _clause_end(tok, clause))
        elif (
            # "..., said the company's chief executive": the parser may join an inverted
            # reporting clause to the content as a conjunct
            (tok.dep_ in ("parataxis", "ccomp") or (tok.dep_ == "conj" and speaker.i > tok.i))
            and lemma in lex.parenthetical
            and tok.head.i != tok.i
            and _is_reporting_clause(tok)
            # "..., the climb continued" reports nobody; a plural is mostly people in news
            # ("..., gamers respond"), more than any list of nouns can hold
            and (speaker.tag_ == "NNS" or sources.can_speak(speaker))
        ):
            # "Russia is unlikely to gain ground, U.S. officials say, given ...": the cue clause
            # hangs on the content's verb
            outside = _outside(sent, doc[tok.left_edge.i : tok.right_edge.i + 1])
            if outside is not None:
                content = _content(doc, *outside)
        if content is None and lemma in lex.speech and tok.i + 1 < sent.end:
            answer = doc[tok.i + 1]
            if answer.head.i == tok.i and answer.lower_ in lex.short_answers:
                # "75 percent of Democrats said yes": the answer is what they said
                content = _content(doc, answer.i, answer.i)
        if content is None and lemma in lex.speech:
            content = _pro_clause(tok, lex)
        if content is None and lemma in lex.intention:
            xcomp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
            if xcomp is not None:
                content = _content(doc, xcomp.left_edge.i, xcomp.right_edge.i)
        if content is None and lemma in lex.objects and sources.can_speak(speaker):
            # only someone can criticise, favour or back something: "the war had favored
            # Moscow" reports nobody
            content = _object_content(tok, lex)
        if content is None:
            continue
        cue_end = _cue_end(tok)
        yield Candidate("indirect", *content, cue=tok, cue_end=cue_end, speaker=speaker)


_LOST_SPEAKERS = frozenset(("PERSON", "ORG", "NORP"))


def _lost_subject_report(verb: Token, lex: Cues) -> Candidate | None:
    """ "Alarmed by the unrest, Senator Harry Reid, the minority leader, said that ...": a word of
    saying in the past or present with a clause of its own reports even when the parser lost its
    subject (here to "Nevada"). The speaker is then the word frames.left_subject finds ("Early
    says", tagged as an adverb), else the nearest name before the cue in its sentence."""
    if verb.lemma_.lower() not in lex.speech or verb.tag_ not in _FINITE_TAGS:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "auxpass", "expl") for c in verb.children):
        return None  # a subject we rejected ("the coming months can argue"), or a passive
    clause = next((c for c in verb.children if c.dep_ in _CLAUSES), None)
    if clause is None or clause.i < verb.i:
        return None
    doc = verb.doc
    content = _content(doc, clause.left_edge.i, _clause_end(verb, clause))
    if content is None:
        return None
    speaker = frames.left_subject(verb, clause.left_edge.i) or next(
        (t for t in reversed(doc[verb.sent.start : verb.i]) if t.ent_type_ in _LOST_SPEAKERS),
        None,
    )
    return Candidate("indirect", *content, cue=verb, cue_end=_cue_end(verb), speaker=speaker)


def _pro_clause(verb: Token, lex: Cues) -> tuple[int, int] | None:
    """ "43 percent said the same for Sanders", "say the opposite about Clinton": a word that
    stands for a clause said before is what is said (with the "for"/"about" that follows)."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "nsubj") and child.lemma_.lower() in lex.pro_clauses:
            last = child.right_edge.i
            for following in verb.rights:
                if following.i == last + 1 and following.dep_ == "prep":
                    last = following.right_edge.i
            return _content(verb.doc, child.left_edge.i, last)
    return None


def _asks_whether(clause: Token) -> bool:
    """An adverbial clause opened by "if" or "whether": an indirect question."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children
    )


def _unattributed_question(verb: Token, lex: Cues) -> tuple[int, int] | None:
    """ "When asked about the merger, ...", "Asked whether he would run, ...": the question put to
    someone, by nobody the text names (PolNeAR annotates it as a report without a source)."""
    if verb.lemma_.lower() not in lex.question_verbs or verb.tag_ != "VBN" or verb.dep_ != "advcl":
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "about":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _content(verb.doc, pobj.left_edge.i, pobj.right_edge.i)
        if child.dep_ in _CLAUSES:
            return _content(verb.doc, child.left_edge.i, child.right_edge.i)
    return None


def _clause_end(verb: Token, clause: Token) -> int:
    """The last token of what a cue verb reports: its clause, run on over "that" clauses the parser
    coordinated with the cue rather than with the clause ("said that A, and that B ...").
    Conjuncts with a subject of their own but no "that" ("said A, and B would ...") are left out:
    on PolNeAR train they are as often a new sentence of the reporter's as more of the report."""
    last = clause.right_edge.i
    for conj in verb.rights:
        if (
            conj.dep_ in ("advcl", "ccomp")
            and conj.i > last
            and any(c.dep_ == "mark" and c.lower_ == "because" for c in conj.children)
        ):
            # "feel the country is on the wrong path, in part because ...": the reason is part of
            # what they feel (other subordinators measured worse on PolNeAR train)
            last = conj.right_edge.i
            continue
        if conj.dep_ != "conj" or conj.i <= last or conj.pos_ not in ("VERB", "AUX"):
            continue
        children = list(conj.children)
        that = any(c.dep_ == "mark" and c.lower_ == "that" for c in children)
        if that:
            last = conj.right_edge.i
        else:
            break
    return last


def _stop_at_next_report(cand: Candidate, lex: Cues) -> Token | None:
    """End a content before a report of its own that the parser hung inside it ("said that A and
    called B ...", "said A, asserting that B"): the second cue starts another attribution, not
    more of this one. Returns the second cue, whose speaker is then this report's."""
    assert cand.cue is not None
    doc = cand.cue.doc
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or len(span) < 4:
        return None
    if _stop_at_coordinated_report(cand, span, lex):
        # what follows the cut is the second speaker's: no cue there may widen this content again
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None or len(span) < 4:
            return None
    reports = lex.clause_verbs | lex.objects
    for cut in span[2:]:
        if (
            cut.i == cand.cue.i
            or cut.pos_ != "VERB"
            or cut.lemma_.lower() not in reports
            or any(c.dep_ in _SUBJECTS for c in cut.children)
            or not (cut.dep_ == "conj" or (cut.dep_ in ("advcl", "xcomp") and cut.tag_ == "VBG"))
        ):
            continue
        first = cut.i
        while first > span.start and (
            doc[first - 1].is_punct or doc[first - 1].dep_ == "cc" or doc[first - 1].is_space
        ):
            first -= 1
        content = _content(doc, span.start, first - 1)
        if content is not None and content[0] == cand.start:
            cand.end = content[1]
            return cut
        return None
    return None


_JOINERS = frozenset(("and", "but", "while", "whereas", "yet"))
_FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP"))


def _stop_at_coordinated_report(cand: Candidate, span: Span, lex: Cues) -> bool:
    """End a content before ", and Y said ...": a second speaker's report joined to the first
    ("three-quarters said A, and more than 4 in 10 said B", "A, while others say B") is another
    attribution, whatever the parser made of it (it often reads "10 said" as an adjective).
    Whether it was cut."""
    doc = span.doc
    speech = lex.speech
    for joiner in span[2:]:
        if joiner.lower_ not in _JOINERS and joiner.text != ";":
            continue
        if joiner.text != ";" and doc[joiner.i - 1].text not in (",", ";"):
            continue
        for verb in doc[joiner.i + 1 : min(span.end, joiner.i + 10)]:
            if verb.lemma_.lower() in speech and verb.tag_ in _FINITE_TAGS:
                between = doc[joiner.i + 1 : verb.i]
                if any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in between):
                    content = _content(doc, span.start, joiner.i - 1)
                    if content is not None and content[0] == cand.start:
                        cand.end = content[1]
                        return True
            if verb.text in (",", ";") or verb.dep_ == "mark":
                break
    return False


def _is_reporting_clause(verb: Token) -> bool:
    """A bare "X said" clause: a subject and nothing else of substance."""
    others = [c for c in verb.children if c.dep_ not in ("punct", "nsubj", "advmod", "aux", "neg")]
    if len(others) > 1:
        return False
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    # the clause's own commas may be its edges ("closures, he said, have"): set off either way
    set_off = (doc[left].text in ",—–(" or (left > 0 and doc[left - 1].text in ",—–(")) or (
        doc[right].text in ",—–)" or (right + 1 < len(doc) and doc[right + 1].text in ",—–)")
    )
    return verb.i > verb.head.i or set_off


def _cue_end(verb: Token) -> Token:
    """Particles that belong to the cue: "pointed out", "called for"."""
    last = verb
    for child in verb.rights:
        if child.dep_ in ("prt",) and child.i == last.i + 1:
            last = child
    return last


def _object_content(verb: Token, lex: Cues) -> tuple[int, int] | None:
    """What an attitude verb is about: its object with the complements that follow it ("accused
    Clinton of dragging her feet", "called his vote an irresponsible one")."""
    doc = verb.doc
    rights = list(verb.rights)
    for n, child in enumerate(rights):
        first: int | None = None
        if child.dep_ in ("dobj", "ccomp") and child.pos_ in ("NOUN", "PROPN", "PRON", "VERB"):
            if child.lower_ in _NOT_SPEAKERS - {"it", "this", "that"}:
                return None
            first = child.left_edge.i
        elif (
            child.dep_ == "prep"
            and child.lower_ in lex.object_preps
            and any(c.dep_ in ("pobj", "pcomp") for c in child.children)
        ):
            first = child.i
        if first is None:
            continue
        last = child.right_edge.i
        for following in rights[n + 1 :]:
            if following.is_quote:
                continue
            start = following.left_edge.i
            while start > last + 1 and doc[start - 1].is_quote:
                start -= 1  # 'called the system "rotten to the core"': a quote mark between
            if following.dep_ not in _OBJECT_COMPLEMENTS or start != last + 1:
                break
            last = following.right_edge.i
        return _content(doc, first, last)
    return None


def _according_candidates(sent: Span, lex: Cues) -> Iterator[Candidate]:
    """ "According to X, ...": the rest of the sentence is what X says."""
    doc = sent.doc
    words = [t.lower_ for t in sent]
    for phrase in lex.source_prepositions:
        n = len(phrase)
        for k in range(len(words) - n + 1):
            if tuple(words[k : k + n]) != phrase:
                continue
            last = sent[k + n - 1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if pobj is None and k + n < len(sent):
                pobj = sent[k + n]
            if pobj is None or pobj.pos_ not in ("NOUN", "PROPN", "PRON"):
                continue
            phrase_span = doc[sent[k].i : max(pobj.right_edge.i, last.i) + 1]
            outside = _outside(sent, phrase_span)
            if outside is None:
                continue
            content = _content(doc, *outside)
            if content is not None:
                yield Candidate("indirect", *content, cue=sent[k], cue_end=last, speaker=pobj)


def _line_lead_candidates(sent: Span, lex: Cues, text: str) -> Iterator[Candidate]:
    """A headline or deck "Speaker: what they said" ("Trump: My plans aren't set in stone",
    "Poll: Clinton leads in Ohio"): a short name or role before a colon that opens a line."""
    doc = sent.doc
    start = sent[0].idx
    if start > 0 and text[start - 1] != "\n":
        return
    # the parser may end a sentence at the colon: the line, not the sentence, is the unit
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    colon = next(
        (t for t in doc[sent.start : sent.start + _MAX_LEAD_TOKENS + 1] if t.text == ":"), None
    )
    if colon is None or colon.i == sent.start or colon.idx >= line_end:
        return
    last = colon.i
    while last + 1 < len(doc) and doc[last + 1].idx < line_end:
        last += 1
    if last - colon.i < 3:
        return
    lead = doc[sent.start : colon.i]
    if any(t.pos_ in ("VERB", "AUX") for t in lead):
        return  # "Clinton Wades In: ...": a headline of its own, not a speaker
    head = lead.root
    if head.lower_ in lex.headline_labels or head.lower_ in _NOT_SPEAKERS:
        return
    if any(t.dep_ == "case" for t in lead):
        return  # "Russia's Withdrawal from Ukraine: Prospects ...": a possession names a thing
    if not _headline_speaker(lead, colon.i, _title_case(text[start:line_end])):
        return
    content = _content(doc, colon.i + 1, last)
    if content is None:
        return
    yield Candidate("indirect", *content, cue=colon, cue_end=colon, speaker=head)


def _headline_speaker(lead: Span, colon: int, titled: bool) -> bool:
    """Whether the words before a headline's colon name a speaker. Title case makes every word a
    proper noun and the entity recogniser then spans whole lines, so in a title-case line only
    an entity that ends before the colon, or a title or group noun ("Mayor Lopez"), speaks."""
    head = lead.root
    if not titled and (head.pos_ == "PROPN" or sources.can_speak(head)):
        return True
    end = sources.entity_end(head)
    named = head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and end is not None and end <= colon
    return named or any(sources.is_speaker_noun(t) for t in lead)


def _title_case(line: str) -> bool:
    """Most words of the line capitalised, as headlines are set ("Prospects and Reality")."""
    words = [w for w in line.split() if w[:1].isalpha()]
    capitalised = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and capitalised >= 0.7 * len(words)


def _poll_candidates(sent: Span, lex: Cues) -> Iterator[Candidate]:
    """ "Clinton led Sanders by 9 points in the latest poll": the clause before "in" a single
    poll is what the poll reports, the poll its source. Generic "in the polls" is not a report in
    PolNeAR, and a fronted "In the new poll, ..." is left to the learned frames (both measured
    worse on train)."""
    doc = sent.doc
    for tok in sent:
        if tok.lower_ != "in" or tok.dep_ != "prep":
            continue
        poll = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if poll is None or poll.lemma_.lower() not in lex.poll_nouns:
            continue
        verb = tok.head
        for _ in range(3):  # "took 6 percent of the vote in a poll": the clause's verb
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        reports = lex.clause_verbs | lex.objects | lex.intention
        if verb.pos_ not in ("VERB", "AUX") or any(
            v.lemma_.lower() in reports for v in (verb, *verb.ancestors)
        ):
            continue  # "said in a poll that ...", "said X leads in the poll": a report has it
        if tok.i < verb.i or poll.tag_ != "NN":
            continue  # fronted, or plural "in the polls"

        first, last = verb.left_edge.i, tok.i - 1
        content = _content(doc, first, last)
        if content is not None:
            yield Candidate("indirect", *content, cue=tok, cue_end=tok, speaker=poll)


def _hearsay_candidates(sent: Span, lex: Cues) -> Iterator[Candidate]:
    """ "The group is reportedly spending $1.5 million": the clause the adverb modifies is a
    report by nobody named."""
    doc = sent.doc
    for tok in sent:
        if tok.dep_ != "advmod" or tok.lower_ not in lex.hearsay_adverbs:
            continue
        verb = tok.head
        if verb.pos_ not in ("VERB", "AUX") or verb.i == tok.i:
            continue
        first = min(verb.left_edge.i, tok.i)
        content = _content(doc, first, verb.right_edge.i)
        if content is not None:
            yield Candidate("indirect", *content, cue=tok, cue_end=tok)


def _noun_candidates(sent: Span, lex: Cues) -> Iterator[Candidate]:
    """ "X's assessment is that ...", "the claim by X that ...", "X made the argument that ..."."""
    doc = sent.doc
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.nouns:
            continue
        clause = next(
            (c for c in tok.children if c.dep_ in ("acl", "ccomp") and _starts_with_that(c)), None
        )
        if clause is None and tok.dep_ in _SUBJECTS and tok.head.lemma_ == "be":
            clause = next(
                (
                    c
                    for c in tok.head.children
                    if c.dep_ in ("ccomp", "attr", "acomp") and _starts_with_that(c)
                ),
                None,
            )
        if clause is None:
            continue
        speaker = next((c for c in tok.children if c.dep_ == "poss"), None)
        if speaker is None:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "of"):
                    speaker = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if speaker is None and tok.dep_ == "dobj":
            speaker = _subject(tok.head)
        if speaker is None or speaker.lower_ in _NOT_SPEAKERS:
            continue
        content = _content(doc, clause.left_edge.i, clause.right_edge.i)
        if content is not None:
            yield Candidate("indirect", *content, cue=tok, cue_end=tok, speaker=speaker)


def _starts_with_that(clause: Token) -> bool:
    return clause.left_edge.lower_ == "that" or any(
        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
    )


# -- 3, 4. direct quotes and their attribution ------------------------------------------------


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
            speaker = _subject(tok) or _speaker_after(tok)
            if speaker is not None:
                return tok, speaker
    # before the opening mark: "X said: “", "X said, “", "X told reporters “"
    before = doc[max(0, quoted.start - 10) : quoted.start]
    for tok in reversed(before):
        if tok.text in CLOSE_DOUBLE or tok.text == ".":
            break
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in speech:
            speaker = _subject(tok)
            if speaker is not None:
                return tok, speaker
    return None


# "“...” ― Sonya Herridge": a dash after the closing mark, then a name that ends the line
_SIGNATURE = re.compile(r"[ \t\xa0]*(?:[―—–]|--)[ \t\xa0]*(?=[A-Z])([^\n]{1,80})(?:\n|$)")
_NAME_ENTITIES = frozenset(("PERSON", "ORG", "NORP", "GPE"))


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
            speaker = _subject(tok)
            return (tok, speaker, child) if speaker is not None else None
    return None


def quoted_intervals(text: str) -> Intervals:
    """The double- and single-quoted stretches of a text."""
    marked = double_quoted(text)
    marked += single_quoted(text, marked)
    return Intervals([(m.start, m.end) for m in marked])


def quoted_tokens(doc: Doc, quoted: Intervals | None = None) -> np.ndarray:
    """1.0 for each token inside quotation marks (a feature of the learned model)."""
    quoted = quoted or quoted_intervals(doc.text)
    flags = np.zeros(len(doc), dtype=np.float32)
    for start, end in quoted.spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            flags[span.start : span.end] = 1.0
    return flags


@cache
def cue_sets() -> attribution_model.CueSets:
    """The cue lists as the learned model's features see them (order matters to the weights)."""
    lex = cues()
    return attribution_model.CueSets(
        (lex.speech, lex.thought, lex.intention, lex.objects, lex.nouns, lex.parenthetical)
    )


def find_candidates(
    doc: Doc,
    model: attribution_model.AttributionModel | None = None,
    frame_lexicon: frames.Lexicon | None = None,
    frame_judge: frame_classifier.Judge | Literal["shipped"] | None = "shipped",
) -> list[Candidate]:
    """All quotes of a parsed Doc, before speakers are resolved, in text order; `frame_judge`
    decides which learned cue frames to keep (None: the thresholds of the cue table)."""
    lex = cues()
    learned = frames.lexicon() if frame_lexicon is None else frame_lexicon
    judge = frame_classifier.load() if frame_judge == "shipped" else frame_judge
    text = doc.text
    quoted = quoted_intervals(text)
    paragraphs = Paragraphs(text)

    # the token classifier's reading, once: its cue probabilities also vouch for learned cue words
    tokens: tuple[np.ndarray, np.ndarray] | None = None
    in_quotes: np.ndarray | None = None
    if model is not None and _fits(doc, model):
        in_quotes = quoted_tokens(doc, quoted)
        tokens = model.read(doc, attribution_model.features(doc, cue_sets(), in_quotes))
    cue_probs = tokens[1][:, 2] if tokens is not None else None
    # the classifier reads the token network's probabilities: without them, the thresholds
    context = None
    if judge is not None and tokens is not None and in_quotes is not None:
        context = frame_classifier.Context(tokens[1], in_quotes)

    indirect: list[Candidate] = []
    for sent in doc.sents:
        in_sentence = list(_verb_candidates(sent, lex))
        in_sentence.extend(_according_candidates(sent, lex))
        in_sentence.extend(_line_lead_candidates(sent, lex, text))
        in_sentence.extend(_hearsay_candidates(sent, lex))
        in_sentence.extend(_poll_candidates(sent, lex))
        in_sentence.extend(_noun_candidates(sent, lex))
        cut_at: dict[int, Candidate] = {}
        for cand in in_sentence:
            _relative_mention(cand)
            cut = _stop_at_next_report(cand, lex)
            if cut is not None:
                cut_at[cut.i] = cand
        ruled = len(in_sentence)
        if context is not None and judge is not None:
            in_sentence.extend(_judged_frames(sent, learned, in_sentence, judge, context))
        else:
            in_sentence.extend(_frame_candidates(sent, learned, in_sentence, cue_probs))
        for cand in in_sentence[ruled:]:
            # learned frames run past a second cue as the rules' contents do
            cut = _stop_at_next_report(cand, lex)
            if cut is not None:
                cut_at[cut.i] = cand
        for cand in in_sentence:
            outer = cut_at.get(cand.cue.i) if cand.cue is not None else None
            if outer is not None and outer is not cand:
                # the parser hung this cue on the clause before it: its speaker is the outer one's
                cand.speaker, cand.mention = outer.speaker, outer.mention
        indirect.extend(_outermost(in_sentence))

    direct: list[Candidate] = []
    for start, end in quoted.spans:
        direct.append(Candidate("direct", start, end))

    kept: list[Candidate] = []
    absorbed: set[int] = set()
    for cand in indirect:
        assert cand.cue is not None
        if not _clip_to_paragraph(paragraphs, cand, cand.cue.idx):
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
                if direct[i].cue is None:
                    direct[i].cue, direct[i].cue_end = cand.cue, cand.cue_end
                    direct[i].speaker = cand.speaker
            continue
        cand.kind = "mixed"
        for i in overlapping:
            d = direct[i]
            if 2 * (min(cand.end, d.end) - max(cand.start, d.start)) >= d.length():
                # the quoted fragment is part of the reported clause: one mixed quote
                absorbed.add(i)
                cand.start, cand.end = min(cand.start, d.start), max(cand.end, d.end)
        kept.append(cand)

    # a quote with no cue of its own continues the report just before it: "“A,” said X. “B.”"
    # or "X argued that ... . “B.”", whether that report is a direct quote or an indirect one
    reported = sorted((c for c in kept if c.speaker is not None), key=lambda c: c.end)
    reported_ends = [c.end for c in reported]
    previous: Candidate | None = None
    for i, cand in enumerate(direct):
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
                cand.cue_end = _cue_end(found[0])
            elif not _speech_like(text[cand.start : cand.end]):
                continue  # a title, a nickname or scare quotes: nobody is quoted
            elif previous is not None and previous.start >= reach:
                cand.inherited = previous
        if cand.speaker is not None or cand.inherited is not None:
            previous = cand
        kept.append(cand)
    if model is not None and tokens is not None:
        kept.extend(_learned_candidates(doc, model, tokens, quoted, paragraphs, kept))
    kept.sort(key=lambda c: (c.start, c.end))
    return _dedupe(kept)


def _relative_mention(cand: Candidate) -> None:
    """ "Mr. Leenders, who estimated that ...": the speaker is Mr. Leenders, named here by "who"."""
    verb, speaker = cand.cue, cand.speaker
    if verb is None or speaker is None or verb.dep_ != "relcl" or verb.head.i != speaker.i:
        return
    relative = next(
        (c for c in verb.children if c.dep_ in _SUBJECTS and c.lower_ in frames.RELATIVE), None
    )
    if relative is not None:
        cand.mention = relative


def _frame_candidates(
    sent: Span, lexicon: frames.Lexicon, ruled: list[Candidate], cue_probs: np.ndarray | None
) -> Iterator[Candidate]:
    """Reports headed by the cue words learned from PolNeAR train (prospects.nlp.frames) where no
    rule read the sentence's words: neither their cue nor their content lies in a rule's content."""
    if not lexicon.entries:
        return
    for found in _unclaimed(frames.frames(sent, lexicon, cue_probs), ruled):
        yield found[0]


def _judged_frames(
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
        content = _content(doc, found.first, found.last)
        if content is None:
            continue
        at = found.cue.idx
        if any(s <= at < e or (content[0] < e and s < content[1]) for s, e in spans):
            continue
        speaker, mention = found.speaker, found.mention
        if speaker is not None and sources.names_a_time(speaker):
            continue  # "the coming months ... can argue": the parser's subject, not a speaker
        if _differs(mention, speaker) and speaker is not None and not sources.can_speak(speaker):
            continue  # "the war, which had favored Moscow": a subject, not a speaker
        cand = Candidate(
            "indirect",
            *content,
            cue=found.cue,
            cue_end=_cue_end(found.cue),
            speaker=speaker,
            mention=mention if _differs(mention, speaker) else None,
        )
        yield cand, found


def _differs(mention: Token | None, speaker: Token | None) -> bool:
    return mention is not None and (speaker is None or mention.i != speaker.i)


def _fits(doc: Doc, model: attribution_model.AttributionModel) -> bool:
    """The model reads `doc.tensor`: only a pipeline with the tok2vec it was trained on fits."""
    return (
        len(doc) > 0 and doc.tensor.ndim == 2 and doc.tensor.shape == (len(doc), model.tensor_width)
    )


_MIN_LEARNED_WORDS = 4
_LEARNED_CUE_POS = ("VERB", "NOUN", "ADJ")


def _learned_candidates(
    doc: Doc,
    model: attribution_model.AttributionModel,
    tokens: tuple[np.ndarray, np.ndarray],
    quoted: Intervals,
    paragraphs: Paragraphs,
    found: list[Candidate],
) -> Iterator[Candidate]:
    """Contents the classifiers find where the rules found none: candidate clauses
    (attribution_model.clause_spans) that the clause network accepts, best first, overlapping
    neither each other nor a rule's content."""
    if model.clause is None:
        return
    x, probs = tokens
    clause_t, source_t, cue_t = (float(t) for t in model.thresholds)
    taken = Intervals(_merged([(c.start, c.end) for c in found]))
    ruled = {c.cue.sent.start: c for c in found if c.cue is not None and c.kind == "indirect"}
    for sent in doc.sents:
        if probs[sent.start : sent.end, 0].max() < 0.5:
            continue  # nothing here reads as reported content
        spans = attribution_model.clause_spans(sent, _MIN_LEARNED_WORDS)
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
            content = _content(doc, first, last)
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
            if len(doc.char_span(*content, alignment_mode="expand") or ()) < _MIN_LEARNED_WORDS:
                continue
            cand = Candidate("indirect", *content, cue=cue, cue_end=cue)
            if not _clip_to_paragraph(paragraphs, cand, cand.start):
                continue
            cand.speaker = _learned_speaker(outside, probs[:, 1], source_t, cue)
            if cand.speaker is not None and not sources.can_speak(cand.speaker):
                continue  # a clause about a thing, not a report by someone
            if quoted.covered(cand.start, cand.end) > 0:
                cand.kind = "mixed"
            _relative_mention(cand)
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


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
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
        subject = _subject(cue) or frames.agent(cue)
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


def _widen_fragment(doc: Doc, cand: Candidate, holder: Token) -> None:
    """A quoted fragment inside reported speech ("said that “top secret” intelligence had passed
    ...") is a mixed quote whose content is the whole reported clause."""
    if holder.dep_ in _FRAGMENT_HOLDERS:
        content = _content(doc, holder.left_edge.i, holder.right_edge.i)
        if content is not None and 5 * cand.length() < 3 * (content[1] - content[0]):
            cand.start, cand.end = min(cand.start, content[0]), max(cand.end, content[1])
            cand.kind = "mixed"


def _speech_like(quoted: str) -> bool:
    """Quoted words that read as someone's speech rather than a title or scare quotes."""
    return len(quoted.split()) >= 4 or quoted.rstrip()[-1:] in ".?!"


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


def _clip_to_paragraph(paragraphs: Paragraphs, cand: Candidate, at: int) -> bool:
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


# -- 5. the component ---------------------------------------------------------------------------


def attribute(
    doc: Doc,
    model: attribution_model.AttributionModel | None = None,
    frame_lexicon: frames.Lexicon | None = None,
    frame_judge: frame_classifier.Judge | Literal["shipped"] | None = "shipped",
) -> tuple[list[Quote], list[sources.Source]]:
    """The quotes and sources of a parsed Doc; `model` adds what the learned classifier finds,
    `frame_lexicon` (default data/cue_lexicon.csv) the learned cue words and `frame_judge` (default
    data/frame_classifier.npz; None: the table's thresholds) which of their frames to keep."""
    cands = find_candidates(doc, model, frame_lexicon, frame_judge)
    text = doc.text
    book = sources.SourceBook(doc)
    # speakers are resolved in the order they are named, so that "he" finds the last name before it
    resolved: dict[int, tuple[str | None, TextSpan]] = {}
    order = sorted(
        (c for c in cands if c.speaker is not None), key=lambda c: c.speaker.idx if c.speaker else 0
    )
    for cand in order:
        assert cand.speaker is not None
        resolved[id(cand)] = book.resolve(cand.speaker)
    book.mark_anonymous(sources.anonymity_note_heads(doc))
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


# the learned files of the component; each setting is "shipped", a path, or null (rules alone)
ARTEFACTS = (
    Artefact("model", "attribution_model.npz", attribution_model.from_bytes),
    Artefact("frame_lexicon", "cue_lexicon.csv", lambda blob: frames.parse(blob.decode("utf-8"))),
    Artefact(
        "frame_classifier", "frame_classifier.npz", lambda b: frame_classifier.from_file(BytesIO(b))
    ),
)


class QuoteFinder:
    """The pipeline component: writes `doc._.quotes` and `doc._.sources`."""

    def __init__(self, nlp: Language, name: str, settings: dict[str, str | None]) -> None:
        extensions.register()
        cues()  # read the word lists once, at pipeline construction
        sources.lexicon()
        self.name = name
        self.settings = settings
        self.artefacts = Artefacts(ARTEFACTS)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        """Read the weights and learned cue words the settings name."""
        self.artefacts.load(self.settings)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            doc._.quotes, doc._.sources = [], list(doc._.sources or [])
            return doc
        if not self.artefacts.loaded:
            self.initialize()
        lexicon = self.artefacts.get("frame_lexicon") or frames.Lexicon({})
        found = attribute(
            doc, self.artefacts.get("model"), lexicon, self.artefacts.get("frame_classifier")
        )
        doc._.quotes, doc._.sources = found
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.artefacts.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> QuoteFinder:
        self.artefacts.from_disk(path)
        return self


@Language.factory(
    "prospects_quotes",
    requires=["token.dep", "token.head", "token.pos", "token.lemma", "doc.sents"],
    assigns=["doc._.quotes", "doc._.sources"],
    default_config={"model": SHIPPED, "frame_lexicon": SHIPPED, "frame_classifier": SHIPPED},
)
def make_quotes(
    nlp: Language,
    name: str,
    model: str | None,
    frame_lexicon: str | None,
    frame_classifier: str | None,
) -> QuoteFinder:
    """Direct, indirect and mixed quotes with their speakers (needs a dependency parser).

    `model` is the attribution network's weights, `frame_lexicon` the learned cue words
    (cue_lexicon.csv) and `frame_classifier` the frame classifier: each "shipped" (the file in
    the package), a path to another, or null to go without it (the rules alone; null
    frame_classifier: the cue table's thresholds decide).
    """
    settings = {
        "model": model,
        "frame_lexicon": frame_lexicon,
        "frame_classifier": frame_classifier,
    }
    return QuoteFinder(nlp, name, settings)
