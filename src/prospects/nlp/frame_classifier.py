"""A learned yes/no for each cue frame of prospects.nlp.frames: is this word reporting here?

A lemma table cannot separate "Republicans' support for the bill" (a report) from "the support
beam": the same key has one cue rate. This classifier reads each candidate frame in its context
instead — the key's counts in data/cue_lexicon.csv, the frame's shape, who the speaker is, what the
content looks like and what the token network of prospects.nlp.attribution_model already read on
the cue, content and speaker words — and keeps the frames it scores at least at its tuned threshold.

Candidates are every word whose key headed a gold cue at least `min_cues` times on PolNeAR train,
at any rate. The weights (data/frame_classifier.npz) are a one-hidden-layer network trained by
scripts/train_frame_classifier.py on PolNeAR train; without them prospects.nlp.frames' thresholds
decide alone and a warning says so.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import IO, Any, Protocol

import numpy as np
from spacy.tokens import Span, Token

from prospects.nlp import frames, speakers
from prospects.nlp.attribution_model import Network

CLASSIFIER_FILE = "data/frame_classifier.npz"
FEATURE_VERSION = 1

KEY_KINDS = ("VERB", "PASS", "NOUN", "ADJ", "ADP")
# the dependency label of the word that heads the content, seen from the cue
SHAPES = (
    "ccomp",
    "xcomp",
    "dobj",
    "pobj",
    "pcomp",
    "attr",
    "oprd",
    "acomp",
    "acl",
    "advcl",
    "relcl",
    "nsubj",
    "nsubjpass",
    "spans_cue",
    "poll",
)
SPEAKERS = ("none", "person", "organisation", "pronoun", "relative", "can_speak", "other")
DEPS = (
    "ROOT",
    "ccomp",
    "conj",
    "advcl",
    "xcomp",
    "relcl",
    "acl",
    "amod",
    "dobj",
    "pobj",
    "nsubj",
    "nsubjpass",
    "prep",
    "compound",
    "attr",
    "pcomp",
)
# words that belong to the cue: "is expected", "did not say", "voiced support"
_NEAR = frozenset(("aux", "auxpass", "neg", "prt", "agent", "amod", "compound"))
_FINITE = frozenset(("VBD", "VBZ", "VBP", "MD"))
_PERSON = frozenset(("PERSON",))
_ORGANISATION = frozenset(("ORG", "GPE", "NORP"))
NUMERIC = (
    "rate_logodds",
    "found_share",
    "attributed_share",
    "log_occurrences",
    "log_cues",
    "log_frames",
    "raising",
    "subject_source_share",
    "finite_content",
    "log_content_tokens",
    "quoted_share",
    "cue_prob",
    "content_prob",
    "source_prob",
    "negated",
    "rule_quotes",
    "content_after_cue",
    "speaker_before_cue",
    "table_keeps",
    "content_prob_first",
    "content_prob_last",
    "content_prob_before",
    "content_prob_after",
    "sentence_share",
    "log_sentence_tokens",
    "cue_prob_near",
)
WIDTH = len(NUMERIC) + len(KEY_KINDS) + len(SHAPES) + len(SPEAKERS) + 2 * (len(DEPS) + 1)


@dataclass(frozen=True)
class Context:
    """What the quote component already computed for a Doc: the token network's (n, 3)
    probabilities (content, source, cue) and which tokens lie inside quotation marks."""

    probs: np.ndarray
    quoted: np.ndarray


def _one_hot(value: str, names: tuple[str, ...], other: bool = False) -> list[float]:
    row = [float(value == n) for n in names]
    if other:
        row.append(float(value not in names))
    return row


def _share(part: int, whole: int) -> float:
    return (part + 1.0) / (whole + 2.0)


def _shape(found: frames.Frame) -> str:
    cue = found.cue
    if cue.pos_ == "ADP":
        return "poll"
    if found.first <= cue.i <= found.last:
        return "spans_cue"
    doc = cue.doc
    for tok in doc[found.first : found.last + 1]:
        if not found.first <= tok.head.i <= found.last:
            return tok.dep_
    return "other"


def _speaker_kind(found: frames.Frame) -> str:
    speaker, mention = found.speaker, found.mention
    if speaker is None:
        return "none"
    if mention is not None and mention.lower_ in frames.RELATIVE:
        return "relative"
    if speaker.ent_type_ in _PERSON:
        return "person"
    if speaker.ent_type_ in _ORGANISATION:
        return "organisation"
    if speaker.pos_ == "PRON":
        return "pronoun"
    return "can_speak" if speakers.can_speak(speaker) else "other"


def features(
    found: frames.Frame,
    k: str,
    lex: frames.Lexicon,
    context: Context,
    rule_quotes: int,
) -> np.ndarray:
    """The classifier's input for one frame (WIDTH floats); `rule_quotes`: reports the rules
    already found in the sentence."""
    entry = lex.entries[k]
    cue = found.cue
    doc = cue.doc
    sent = cue.sent
    content = doc[found.first : found.last + 1]
    n = max(1, len(content))
    rate = _share(entry.cues, entry.occurrences)
    probs = context.probs
    speaker = found.mention or found.speaker
    numeric = [
        math.log(rate / (1 - rate)),
        _share(entry.frames_found, entry.frames),
        _share(entry.frames_attributed, entry.frames),
        math.log1p(entry.occurrences),
        math.log1p(entry.cues),
        math.log1p(entry.frames),
        float(entry.raising),
        _share(entry.subject_source, entry.cues),
        float(any(t.tag_ in _FINITE for t in content)),
        math.log(n),
        float(context.quoted[found.first : found.last + 1].sum()) / n,
        float(probs[cue.i, 2]),
        float(probs[found.first : found.last + 1, 0].sum()) / n,
        float(probs[speaker.i, 1]) if speaker is not None else 0.0,
        float(any(c.dep_ == "neg" for c in cue.children)),
        math.log1p(rule_quotes),
        float(found.first > cue.i),
        float(speaker is not None and speaker.i < cue.i),
        float(lex.cue(k, float(probs[cue.i, 2])) is not None),
        float(probs[found.first, 0]),
        float(probs[found.last, 0]),
        float(probs[found.first - 1, 0]) if found.first > sent.start else 0.0,
        float(probs[found.last + 1, 0]) if found.last + 1 < sent.end else 0.0,
        n / len(sent),
        math.log(len(sent)),
        max((float(probs[c.i, 2]) for c in cue.children if c.dep_ in _NEAR), default=0.0),
    ]
    kind = k.rsplit("/", 1)[-1]
    row = (
        numeric
        + _one_hot(kind, KEY_KINDS)
        + _one_hot(_shape(found), SHAPES)
        + _one_hot(_speaker_kind(found), SPEAKERS)
        + _one_hot(cue.dep_, DEPS, other=True)
        + _one_hot(cue.head.dep_ if cue.head.i != cue.i else "self", DEPS, other=True)
    )
    return np.asarray(row, dtype=np.float32)


def candidates(
    sent: Span, lex: frames.Lexicon, min_cues: int
) -> Iterator[tuple[frames.Frame, str]]:
    """Every frame of a sentence whose key headed a gold cue at least `min_cues` times, at any
    rate, with its key."""
    for tok in sent:
        k = frames.key(tok)
        if k is None:
            continue
        entry = lex.entries.get(k)
        if entry is None or entry.cues < min_cues:
            continue
        found = frames.read(tok, k, entry)
        if found is not None:
            yield found, k


class Judge(Protocol):
    """Decides whether a candidate frame is kept (the shipped classifier, or a recorder when
    training)."""

    @property
    def min_cues(self) -> int:
        """Keys that headed fewer gold cues on train give no candidates."""
        ...

    def keeps(
        self, xs: np.ndarray, contents: list[tuple[int, int]], mentions: list[Token | None]
    ) -> list[bool]:
        """For each row of `xs` (the features of one frame, its content's character offsets and
        its speaker's words), whether to keep it."""
        ...


@dataclass(frozen=True)
class FrameClassifier:
    """Networks trained alike from different seeds, whose mean probability must reach the
    threshold for a frame to be kept: one network's keep/drop line moves with its seed (a few
    hundred frames of PolNeAR train either way), their mean much less."""

    networks: tuple[Network, ...]
    threshold: float
    min_cues: int

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(kept) per row of `x` (rows of WIDTH features)."""
        rows = np.atleast_2d(x)
        return np.mean([n.predict(rows)[:, 0] for n in self.networks], axis=0)

    def keeps(
        self, xs: np.ndarray, contents: list[tuple[int, int]], mentions: list[Token | None]
    ) -> list[bool]:
        return (self.probability(xs) >= self.threshold).tolist()

    def save(self, path: str) -> None:
        arrays: dict[str, Any] = {}
        for i, network in enumerate(self.networks):
            arrays.update(network.arrays(f"frame{i}"))
        arrays["members"] = np.array(len(self.networks))
        arrays["version"] = np.array(FEATURE_VERSION)
        arrays["threshold"] = np.array(self.threshold, dtype=np.float32)
        arrays["min_cues"] = np.array(self.min_cues)
        np.savez_compressed(path, **arrays)


def from_file(handle: str | IO[bytes]) -> FrameClassifier:
    """A classifier from an .npz file (path or binary file object); ValueError when it is not
    one of this feature version."""
    data = np.load(handle)
    if "version" not in data or int(data["version"]) != FEATURE_VERSION:
        raise ValueError(f"not a frame classifier of feature version {FEATURE_VERSION}")
    if "members" in data:
        prefixes = [f"frame{i}" for i in range(int(data["members"]))]
    else:
        prefixes = ["frame"]  # a single network, as written before ensembles
    networks = tuple(Network.from_arrays(data, prefix) for prefix in prefixes)
    for network in networks:
        if network.w1.shape[0] != WIDTH or network.w2.shape[1] != 1:
            raise ValueError(f"weights expect {network.w1.shape[0]} features, not {WIDTH}")
    return FrameClassifier(networks, float(data["threshold"]), int(data["min_cues"]))


@cache
def load() -> FrameClassifier | None:
    """The shipped classifier, or None (with a warning: frames' thresholds then decide) when the
    weights are missing or of another feature version."""
    ref = resources.files("prospects.nlp").joinpath(CLASSIFIER_FILE)
    try:
        with ref.open("rb") as handle:
            return from_file(handle)
    except (OSError, KeyError, ValueError) as exc:
        warnings.warn(
            f"frame classifier {CLASSIFIER_FILE} unusable ({exc}); learned cue words fall back "
            "to the thresholds of cue_lexicon.csv",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
