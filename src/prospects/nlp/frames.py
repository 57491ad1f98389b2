"""Attribution frames of cue words learned from PolNeAR train: "X supports Y", "X is expected to".

The rules of prospects.nlp.quotes know the common reporting verbs; PolNeAR annotates a long tail
of words of saying, thinking, attitude and intention beyond them ("hopes", "opposes", "estimates",
"criticism of", "seems to", "was seen as"). data/cue_lexicon.csv, counted on the PolNeAR *train*
split by scripts/build_cue_lexicon.py, gives for each lemma and part of speech how often a word
with it heads a gold Cue, and how often the cue's grammatical subject is the Source (a speaker:
"Trump hopes to ...") rather than part of the Content (raising and passives: "Clinton is expected
to win", "the plan seems to work").

A word whose cue rate passes the tuned threshold (a lower one when the token classifier of
prospects.nlp.attribution_model also reads the word as a cue, in its context), and whose frames were
not mostly wrong on train, yields a frame: the content is its dependency
complement (clause, infinitive, object or prepositional object; for a raising cue the subject and
the infinitive together), the speaker is its subject, the "by X" agent of a passive or the
possessor of a noun ("Trump's support for ..."), or nobody when there is none (PolNeAR then marks
no source either). Each word costs a few child lookups: the pass is linear in tokens.

When data/frame_classifier.npz is present, prospects.nlp.frame_classifier decides instead of the
thresholds: it reads a frame (`read`) from every word of the table, at any rate, and keeps it by
its context; the thresholds here are then the fallback.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources

import numpy as np
from spacy.tokens import Span, Token

from prospects import wordlists
from prospects.nlp import forecast_syntax

LEXICON_FILE = "data/cue_lexicon.csv"


def _cues(key: str) -> frozenset[str]:
    return wordlists.words("prospects.nlp", "cues.yaml", key)


# the words of data/cues.yaml that shape a frame, read when the module is imported
OBJECT_PREPS = _cues("frame_object_prepositions")
NOUN_PREPS = _cues("frame_noun_prepositions")
SPEAKER_PREPS = _cues("frame_speaker_prepositions")
SOURCE_PREPS = _cues("frame_source_prepositions")
_ADDRESSEE_PREPS = _cues("addressee_prepositions")
RELATIVE = _cues("relative_pronouns")
_NOT_SPEAKERS = _cues("not_speaker_pronouns")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_COMPLEMENTS = ("ccomp", "xcomp")
# complements that continue an object ("called it a mistake", "described X as Y", "accused X of Y")
_FOLLOWING = ("prep", "oprd", "xcomp", "ccomp", "dative", "attr", "acomp", "dobj", "advcl")
_WHEN = frozenset(("DATE", "TIME"))
# what a raising verb says of its subject: "seems to work", "appears weaker", "looks like a win"
_RAISED = frozenset(("xcomp", "ccomp", "acomp", "attr", "oprd"))
_SETTING = re.compile(r"#\s*(\w+)\s*=\s*([0-9.]+)")


@dataclass(frozen=True)
class Entry:
    """Counts for one lemma/part-of-speech key over PolNeAR train."""

    occurrences: int
    cues: int
    subject_source: int
    subject_content: int
    # words of this key from which frame() read a frame, and how many of those frames were right
    # (content mostly inside a gold content; also with the gold's source)
    frames: int = 0
    frames_found: int = 0
    frames_attributed: int = 0

    @property
    def rate(self) -> float:
        return self.cues / self.occurrences if self.occurrences else 0.0

    @property
    def precision(self) -> float:
        """Share of this key's frames that were an attribution of PolNeAR train, speaker and all."""
        return self.frames_attributed / self.frames if self.frames else 0.0

    @property
    def raising(self) -> bool:
        """The cue's subject is mostly what is reported, not who reports ("X seems to ...")."""
        return self.subject_content > self.subject_source


@dataclass(frozen=True)
class Lexicon:
    """The counted table and the settings that decide which keys act as cues.

    A key acts when its words headed a gold cue at least `min_count` times and at a rate of at
    least `min_rate`, or at `vouched_rate` when the token classifier gives the word a cue
    probability of at least `vouched_prob`; never when the frames read from its words were right
    less often than `min_precision`. `permissive` (for counting) lets every key act."""

    entries: dict[str, Entry]
    settings: dict[str, float] = field(default_factory=dict)
    permissive: bool = False

    def cue(self, key: str, prob: float | None = None) -> Entry | None:
        """The entry of `key` when its words are cues often enough to act on; `prob` is the token
        classifier's probability that this word is a cue."""
        entry = self.entries.get(key)
        if entry is None or self.permissive:
            return entry
        get = self.settings.get
        min_count = get("min_count", 3)
        if entry.cues < min_count:
            return None
        if entry.frames >= min_count and entry.precision < get("min_precision", 0.0):
            return None  # its words head cues, but the frames read from them were mostly wrong
        if entry.rate >= get("min_rate", 0.5):
            return entry
        vouched = prob is not None and prob >= get("vouched_prob", 2.0)
        return entry if vouched and entry.rate >= get("vouched_rate", 2.0) else None

    def tuned(self, **settings: float) -> Lexicon:
        """The same table with other settings."""
        return Lexicon(self.entries, {**self.settings, **settings})


def parse(text: str) -> Lexicon:
    """A lexicon from the CSV text of data/cue_lexicon.csv (settings in `# name = value` lines)."""
    settings = {m[1]: float(m[2]) for m in _SETTING.finditer(text)}
    rows = csv.reader(line for line in text.splitlines() if not line.startswith("#"))
    next(rows, None)  # the column names: key, then the Entry fields in order
    entries = {row[0]: Entry(*(int(v) for v in row[1:])) for row in rows if row}
    return Lexicon(entries, settings)


@cache
def lexicon() -> Lexicon:
    """data/cue_lexicon.csv, read once per process (an empty lexicon when it is missing)."""
    path = resources.files("prospects.nlp").joinpath(LEXICON_FILE)
    if not path.is_file():
        return Lexicon({})
    return parse(path.read_text("utf-8"))


def key(tok: Token) -> str | None:
    """The lexicon key of a token: lemma and a coarse part of speech, passives apart; a
    preposition of SOURCE_PREPS is keyed by its object ("in:poll/ADP": "In a Fox poll, ...")."""
    pos = tok.pos_
    if pos in ("VERB", "AUX"):
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        pos = "PASS" if passive else "VERB"
    elif pos == "ADP" and tok.lower_ in SOURCE_PREPS:
        obj = _object(tok)
        return f"{tok.lower_}:{obj.lemma_.lower()}/ADP" if obj is not None else None
    elif pos not in ("NOUN", "ADJ"):
        return None
    return f"{tok.lemma_.lower()}/{pos}"


def _object(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


@dataclass(frozen=True)
class Frame:
    """One attribution read from a cue word: content tokens first..last, the speaker's head word
    (None: nobody named) and the words that name it here ("who" for "X, who said ...")."""

    cue: Token
    first: int
    last: int
    speaker: Token | None
    mention: Token | None


# the grammatical subject of a cue verb, climbing through "and said" / ", adding" / "wants to"
subject = partial(forecast_syntax.subject, deps=_SUBJECTS, participles=True)


def _speaker(subj: Token | None, verb: Token) -> tuple[Token | None, Token | None]:
    """(head to resolve, mention) of a subject: a relative pronoun names its antecedent."""
    if subj is None or subj.lower_ in _NOT_SPEAKERS:
        return None, None
    if subj.lower_ in RELATIVE:
        holder = verb
        while holder.dep_ != "relcl" and holder.head.i != holder.i and holder.dep_ == "conj":
            holder = holder.head
        if holder.dep_ == "relcl":
            return holder.head, subj
        return None, None
    if subj.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X"):
        return None, None
    return subj, subj


def agent(verb: Token) -> Token | None:
    """The speaker of a passive cue: "as reported by X", "was criticized by X"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return _object(child)
    return None


def _span_with_following(child: Token, rights: list[Token]) -> tuple[int, int]:
    """A complement with the complements right after it ("called it a mistake")."""
    first, last = child.left_edge.i, child.right_edge.i
    at = rights.index(child) if child in rights else len(rights)
    for following in rights[at + 1 :]:
        if following.dep_ not in _FOLLOWING or following.left_edge.i != last + 1:
            break
        last = following.right_edge.i
    return first, last


def addressee_verbs() -> frozenset[str]:
    """Verbs whose object is the person addressed (data/cues.yaml `addressee_verbs`)."""
    return _cues("addressee_verbs")


def _complement(tok: Token, preps: frozenset[str]) -> tuple[int, int] | None:
    """Token range of what a cue word is about: its clause, infinitive, object or prep object."""
    rights = list(tok.rights)
    addressed = tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in addressee_verbs()
    for labels in (_COMPLEMENTS, ("dobj", "attr", "oprd")):
        for child in rights:
            if child.dep_ in labels:
                span = _span_with_following(child, rights)
                if child.lower_ in _NOT_SPEAKERS | RELATIVE and span[1] == child.i:
                    return None  # "X denied it": what "it" is lies elsewhere
                if child.ent_type_ in _WHEN or (addressed and child.dep_ == "dobj"):
                    return None  # "told reporters", "wrote a column", "asked on Tuesday"
                return span
    for child in rights:
        if addressed and child.lower_ in _ADDRESSEE_PREPS:
            continue
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                _, last = _span_with_following(child, rights)
                return obj.left_edge.i, last
    for child in rights:
        if child.dep_ in ("acl", "advcl") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in child.children
        ):
            return child.left_edge.i, child.right_edge.i
    return None


def _verb_frame(tok: Token, entry: Entry, passive: bool) -> Frame | None:
    comp = _complement(tok, OBJECT_PREPS)
    subj = subject(tok)
    if passive or entry.raising:
        # "Clinton is expected to win", "the deal was seen as a win": subject and complement
        # together are what is reported; the source is the agent when there is one
        if not passive and not any(c.dep_ in _RAISED for c in tok.children):
            return None  # "He appeared on TV" raises nothing
        if subj is None and comp is None:
            return None
        bounds = [b for b in ((subj.left_edge.i, subj.right_edge.i) if subj else None, comp) if b]
        if subj is not None and subj.lower_ in _NOT_SPEAKERS:
            bounds = [comp] if comp else []
        if not bounds:
            return None
        first = min(b[0] for b in bounds)
        last = max(b[1] for b in bounds)
        by = agent(tok)
        return Frame(tok, first, last, by, by)
    if comp is None:
        return None
    speaker, mention = _speaker(subj, tok)
    if speaker is None:
        speaker = agent(tok)
        if speaker is None and tok.dep_ == "acl" and tok.tag_ == "VBG":
            speaker = tok.head  # "ads attacking Clinton", "a super PAC supporting Bush"
        if speaker is None and subj is None and tok.dep_ not in ("acl", "amod", "relcl"):
            # a clause's verb without a subject is mostly a parse error; a participle that
            # modifies a noun ("a mission called Europa Clipper") has none to find
            speaker = left_subject(tok, comp[0])
        mention = speaker
    return Frame(tok, comp[0], comp[1], speaker, mention)


def left_subject(tok: Token, content_start: int) -> Token | None:
    """A subject the parser failed to hang on the cue: a capitalised word right before it ("Early
    says", tagged as an adverb), else the first subject of the sentence when it comes before the
    cue and its content ("Jeffrey Salkin, a ... rabbi helping to organize the boycott, said")."""
    sent = tok.sent
    before = tok.doc[tok.i - 1] if tok.i > sent.start else None
    if before is not None and before.is_title and not before.is_sent_start:
        return before  # "Early says ...": a name the tagger did not take for one
    for left in sent:
        if left.i >= min(tok.i, content_start):
            return None
        if left.dep_ in ("nsubj", "nsubjpass") and left.pos_ in ("PROPN", "NOUN", "PRON"):
            if left.lower_ in _NOT_SPEAKERS | RELATIVE:
                return None
            return left
    return None


def _noun_frame(tok: Token) -> Frame | None:
    comp = None
    for child in tok.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in child.children
        ):
            comp = (child.left_edge.i, child.right_edge.i)
            break
    if comp is None:
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in NOUN_PREPS:
                obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    comp = (obj.left_edge.i, obj.right_edge.i)
                    break
    if comp is None and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ == "be":
        # "X's view is that ..."
        clause = next((c for c in tok.head.children if c.dep_ in ("ccomp", "attr")), None)
        if clause is not None and clause.i > tok.i:
            comp = (clause.left_edge.i, clause.right_edge.i)
    if comp is None:
        return None
    speaker: Token | None = next((c for c in tok.children if c.dep_ == "poss"), None)
    if speaker is None:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in SPEAKER_PREPS:
                speaker = next((c for c in prep.children if c.dep_ == "pobj"), None)
    mention = speaker
    if speaker is None and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        # "X expressed support for Y"
        speaker, mention = _speaker(subject(tok.head), tok.head)
    if speaker is not None and speaker.lower_ in _NOT_SPEAKERS:
        speaker = mention = None
    return Frame(tok, comp[0], comp[1], speaker, mention)


def _adjective_frame(tok: Token, entry: Entry) -> Frame | None:
    comp = _complement(tok, OBJECT_PREPS)
    if comp is None:
        return None
    verb = tok.head if tok.dep_ == "acomp" else None
    subj = subject(verb) if verb is not None else None
    if entry.raising:
        if subj is not None and subj.lower_ not in RELATIVE | _NOT_SPEAKERS:
            comp = (min(comp[0], subj.left_edge.i), max(comp[1], subj.right_edge.i))
        return Frame(tok, comp[0], comp[1], None, None)
    speaker, mention = _speaker(subj, verb) if verb is not None else (None, None)
    return Frame(tok, comp[0], comp[1], speaker, mention)


def frame(tok: Token, lex: Lexicon, prob: float | None = None) -> Frame | None:
    """The attribution a cue word heads, or None when it is no cue or has no content."""
    k = key(tok)
    if k is None:
        return None
    entry = lex.cue(k, prob)
    if entry is None:
        return None
    return read(tok, k, entry)


def _preposition_frame(tok: Token) -> Frame | None:
    """ "In a Fox poll, Cruz had 38 percent": the sentence around the phrase is the content, its
    object the source."""
    obj = _object(tok)
    sent = tok.sent
    if obj is None:
        return None
    before = (sent.start, tok.i - 1)
    after = (tok.right_edge.i + 1, sent.end - 1)
    if before[1] - before[0] >= 2 and after[1] - after[0] >= 2:
        return None  # the phrase sits inside a clause: no telling which part it reports
    first, last = max(before, after, key=lambda r: r[1] - r[0])
    doc = tok.doc
    while first < last and doc[first].is_punct:
        first += 1
    while last > first and doc[last].is_punct:
        last -= 1
    if last - first < 2:
        return None
    return Frame(tok, first, last, obj, obj)


def read(tok: Token, k: str, entry: Entry) -> Frame | None:
    """The frame a word of key `k` heads, whatever the thresholds say (None: it has no content)."""
    found: Frame | None
    if tok.pos_ == "ADP":
        found = _preposition_frame(tok)
    elif tok.pos_ == "NOUN":
        found = _noun_frame(tok)
    elif tok.pos_ == "ADJ":
        found = _adjective_frame(tok, entry)
    else:
        found = _verb_frame(tok, entry, k.endswith("/PASS"))
    if found is None:
        return None
    content = tok.doc[found.first : found.last + 1]
    words = sum(1 for t in content if not t.is_punct)
    # a lone word is content only when it names something: "X praised Putin", "Cruz was endorsed"
    named = words == 1 and any(t.pos_ in ("PROPN", "NOUN") or t.lower_ in RELATIVE for t in content)
    spans_cue = found.first <= tok.i <= found.last
    if (words < 2 and not named) or (spans_cue and not (entry.raising or k.endswith("/PASS"))):
        return None
    return found


def frames(sent: Span, lex: Lexicon, cue_probs: np.ndarray | None = None) -> Iterator[Frame]:
    """Every frame of a sentence, in token order (`cue_probs`: the token classifier's, per token
    of the Doc)."""
    for tok in sent:
        found = frame(tok, lex, None if cue_probs is None else float(cue_probs[tok.i]))
        if found is not None:
            yield found
