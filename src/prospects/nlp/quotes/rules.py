"""The rule finders of indirect and mixed quotes: each reads one sentence's parse and proposes
the reports it finds, in the order of `FINDERS`.

- a cue verb (data/cues.yaml) with a subject and a clausal complement, in either order ("X said
  that ...", "..., X said"), an intention ("X vowed to ...") or an object ("X complained about
  ...");
- "according to X, ...";
- a headline's or deck's "Speaker: what they said";
- hearsay adverbs ("is reportedly spending ...");
- a single poll's findings ("Clinton led Sanders by 9 points in the latest poll");
- a cue noun with a "that" clause ("X's assessment is that ...").

It also holds where a report ends: before a second report the parser hung inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Span, Token

from prospects import wordlists
from prospects.ingest.layout import title_case
from prospects.nlp import frames, speakers
from prospects.nlp.quotes.candidate import (
    NOT_SPEAKERS,
    SUBJECTS,
    Candidate,
    content_of,
    cue_end_of,
    speaker_of,
)
from prospects.nlp.quotes.cue_words import CUES, Cues

_CLAUSES = {"ccomp"}
_OBJECT_COMPLEMENTS = {"prep", "oprd", "xcomp", "ccomp", "dative", "attr", "acomp", "dobj"}
_MAX_LEAD_TOKENS = 6  # "CNN President:", "Senate Majority Leader Mitch McConnell:"
# the rules' words of data/cues.yaml, read when the module is imported
_CONTENTLESS_OBJECTS = wordlists.words(*CUES, "contentless_objects")
_JOINERS = wordlists.words(*CUES, "report_joiners")
_QUESTION_MARKS = wordlists.words(*CUES, "question_subordinators")
_NOUN_SPEAKER_PREPS = wordlists.words(*CUES, "noun_speaker_prepositions")


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


def _verb_candidates(sent: Span, lex: Cues, _text: str) -> Iterator[Candidate]:
    doc = sent.doc
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in lex.clause_verbs | (
            lex.intention | lex.objects
        ):
            continue
        lemma = tok.lemma_.lower()
        speaker = speaker_of(tok) or frames.agent(tok)
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
            content = content_of(doc, clause.left_edge.i, _clause_end(tok, clause))
        elif (
            # "..., said the company's chief executive": the parser may join an inverted
            # reporting clause to the content as a conjunct
            (tok.dep_ in ("parataxis", "ccomp") or (tok.dep_ == "conj" and speaker.i > tok.i))
            and lemma in lex.parenthetical
            and tok.head.i != tok.i
            and _is_reporting_clause(tok)
            # "..., the climb continued" reports nobody; a plural is mostly people in news
            # ("..., gamers respond"), more than any list of nouns can hold
            and (speaker.tag_ == "NNS" or speakers.can_speak(speaker))
        ):
            # "Russia is unlikely to gain ground, U.S. officials say, given ...": the cue clause
            # hangs on the content's verb
            outside = _outside(sent, doc[tok.left_edge.i : tok.right_edge.i + 1])
            if outside is not None:
                content = content_of(doc, *outside)
        if content is None and lemma in lex.speech and tok.i + 1 < sent.end:
            answer = doc[tok.i + 1]
            if answer.head.i == tok.i and answer.lower_ in lex.short_answers:
                # "75 percent of Democrats said yes": the answer is what they said
                content = content_of(doc, answer.i, answer.i)
        if content is None and lemma in lex.speech:
            content = _pro_clause(tok, lex)
        if content is None and lemma in lex.intention:
            xcomp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
            if xcomp is not None:
                content = content_of(doc, xcomp.left_edge.i, xcomp.right_edge.i)
        if content is None and lemma in lex.objects and speakers.can_speak(speaker):
            # only someone can criticise, favour or back something: "the war had favored
            # Moscow" reports nobody
            content = _object_content(tok, lex)
        if content is None:
            continue
        cue_end = cue_end_of(tok)
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
    content = content_of(doc, clause.left_edge.i, _clause_end(verb, clause))
    if content is None:
        return None
    speaker = frames.left_subject(verb, clause.left_edge.i) or next(
        (t for t in reversed(doc[verb.sent.start : verb.i]) if t.ent_type_ in _LOST_SPEAKERS),
        None,
    )
    return Candidate("indirect", *content, cue=verb, cue_end=cue_end_of(verb), speaker=speaker)


def _pro_clause(verb: Token, lex: Cues) -> tuple[int, int] | None:
    """ "43 percent said the same for Sanders", "say the opposite about Clinton": a word that
    stands for a clause said before is what is said (with the "for"/"about" that follows)."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "nsubj") and child.lemma_.lower() in lex.pro_clauses:
            last = child.right_edge.i
            for following in verb.rights:
                if following.i == last + 1 and following.dep_ == "prep":
                    last = following.right_edge.i
            return content_of(verb.doc, child.left_edge.i, last)
    return None


def _asks_whether(clause: Token) -> bool:
    """An adverbial clause opened by "if" or "whether": an indirect question."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _QUESTION_MARKS for c in clause.children
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
                return content_of(verb.doc, pobj.left_edge.i, pobj.right_edge.i)
        if child.dep_ in _CLAUSES:
            return content_of(verb.doc, child.left_edge.i, child.right_edge.i)
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


def stop_at_next_report(cand: Candidate, lex: Cues) -> Token | None:
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
            or any(c.dep_ in SUBJECTS for c in cut.children)
            or not (cut.dep_ == "conj" or (cut.dep_ in ("advcl", "xcomp") and cut.tag_ == "VBG"))
        ):
            continue
        first = cut.i
        while first > span.start and (
            doc[first - 1].is_punct or doc[first - 1].dep_ == "cc" or doc[first - 1].is_space
        ):
            first -= 1
        content = content_of(doc, span.start, first - 1)
        if content is not None and content[0] == cand.start:
            cand.end = content[1]
            return cut
        return None
    return None


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
                    content = content_of(doc, span.start, joiner.i - 1)
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


def _object_content(verb: Token, lex: Cues) -> tuple[int, int] | None:
    """What an attitude verb is about: its object with the complements that follow it ("accused
    Clinton of dragging her feet", "called his vote an irresponsible one")."""
    doc = verb.doc
    rights = list(verb.rights)
    for n, child in enumerate(rights):
        first: int | None = None
        if child.dep_ in ("dobj", "ccomp") and child.pos_ in ("NOUN", "PROPN", "PRON", "VERB"):
            if child.lower_ in _CONTENTLESS_OBJECTS:
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
        return content_of(doc, first, last)
    return None


def _according_candidates(sent: Span, lex: Cues, _text: str) -> Iterator[Candidate]:
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
            content = content_of(doc, *outside)
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
    if head.lower_ in lex.headline_labels or head.lower_ in NOT_SPEAKERS:
        return
    if any(t.dep_ == "case" for t in lead):
        return  # "Russia's Withdrawal from Ukraine: Prospects ...": a possession names a thing
    if not _headline_speaker(lead, colon.i, title_case(text[start:line_end])):
        return
    content = content_of(doc, colon.i + 1, last)
    if content is None:
        return
    yield Candidate("indirect", *content, cue=colon, cue_end=colon, speaker=head)


def _headline_speaker(lead: Span, colon: int, titled: bool) -> bool:
    """Whether the words before a headline's colon name a speaker. Title case makes every word a
    proper noun and the entity recogniser then spans whole lines, so in a title-case line only
    an entity that ends before the colon, or a title or group noun ("Mayor Lopez"), speaks."""
    head = lead.root
    if not titled and (head.pos_ == "PROPN" or speakers.can_speak(head)):
        return True
    end = speakers.entity_end(head)
    named = head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and end is not None and end <= colon
    return named or any(speakers.is_speaker_noun(t) for t in lead)


def _poll_candidates(sent: Span, lex: Cues, _text: str) -> Iterator[Candidate]:
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
        content = content_of(doc, first, last)
        if content is not None:
            yield Candidate("indirect", *content, cue=tok, cue_end=tok, speaker=poll)


def _hearsay_candidates(sent: Span, lex: Cues, _text: str) -> Iterator[Candidate]:
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
        content = content_of(doc, first, verb.right_edge.i)
        if content is not None:
            yield Candidate("indirect", *content, cue=tok, cue_end=tok)


def _noun_candidates(sent: Span, lex: Cues, _text: str) -> Iterator[Candidate]:
    """ "X's assessment is that ...", "the claim by X that ...", "X made the argument that ..."."""
    doc = sent.doc
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.nouns:
            continue
        clause = next(
            (c for c in tok.children if c.dep_ in ("acl", "ccomp") and _starts_with_that(c)), None
        )
        if clause is None and tok.dep_ in SUBJECTS and tok.head.lemma_ == "be":
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
                if prep.dep_ == "prep" and prep.lower_ in _NOUN_SPEAKER_PREPS:
                    speaker = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if speaker is None and tok.dep_ == "dobj":
            speaker = speaker_of(tok.head)
        if speaker is None or speaker.lower_ in NOT_SPEAKERS:
            continue
        content = content_of(doc, clause.left_edge.i, clause.right_edge.i)
        if content is not None:
            yield Candidate("indirect", *content, cue=tok, cue_end=tok, speaker=speaker)


def _starts_with_that(clause: Token) -> bool:
    return clause.left_edge.lower_ == "that" or any(
        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
    )


# a finder reads one sentence with the cue lists and the Doc's text (read once per Doc: Doc.text
# rebuilds it); the order is the order their candidates are kept in when two find the same words
Finder = Callable[[Span, Cues, str], Iterable[Candidate]]
FINDERS: tuple[Finder, ...] = (
    _verb_candidates,
    _according_candidates,
    _line_lead_candidates,
    _hearsay_candidates,
    _poll_candidates,
    _noun_candidates,
)
