"""A learned complement to the attribution rules: which tokens are reported content, source, cue.

The rules of prospects.nlp.quotes find quotation marks and the common reporting frames ("X said
that ...", "..., X said", "according to X"). PolNeAR annotates a long tail beyond them (beliefs,
intentions, nominal cues, passives), so a small per-token classifier, trained offline on the PolNeAR
*train* split by scripts/train_attribution.py, marks the tokens that lie inside an attribution's
content, source or cue. Its input is what the spaCy pipeline has already computed: the token's
`doc.tensor` row (the model's tok2vec output), its part of speech and dependency label and those of
its head, whether a cue word of data/cues.yaml is the token, its head or one of its ancestors, and
where it stands in its sentence and towards quotation marks. The network is one hidden layer run in
numpy: a few matrix products per Doc, so it costs little beside the parser.

The probabilities the quote component uses come from a sentence BiLSTM over the same feature rows
(prospects.nlp.bilstm) when the weights file has one: it reads the whole sentence where tok2vec
reaches four tokens either side, which matters most for finding who speaks (on held-out folds of
PolNeAR train, token F1 for source words rose from 0.65-0.68 to 0.77-0.78). The token network's
hidden layer still feeds the clause network.

Candidate clauses of a sentence (attribution_model.clause_spans) are scored by the clause network;
each kept one is tied to the likeliest cue and source tokens of its sentence, and the source token
is resolved to a speaker by the same machinery as the rules' speakers (prospects.nlp.speakers). When
the weights file is missing or was trained on another tok2vec width, the component warns once and
the rules work alone.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.attrs import DEP, HEAD, IS_PUNCT, LEMMA, ORTH, POS
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from prospects.nlp.bilstm import BiLSTM, pieces

WEIGHTS_FILE = "data/attribution_model.npz"
FEATURE_VERSION = 2
TARGETS = ("content", "source", "cue")

POS_LABELS = [
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "PUNCT",
    "SCONJ",
    "SYM",
    "VERB",
    "X",
    "SPACE",
]
DEP_LABELS = [
    "ROOT",
    "acl",
    "acomp",
    "advcl",
    "advmod",
    "agent",
    "amod",
    "appos",
    "attr",
    "aux",
    "auxpass",
    "case",
    "cc",
    "ccomp",
    "compound",
    "conj",
    "csubj",
    "csubjpass",
    "dative",
    "dep",
    "det",
    "dobj",
    "expl",
    "intj",
    "mark",
    "meta",
    "neg",
    "nmod",
    "npadvmod",
    "nsubj",
    "nsubjpass",
    "nummod",
    "oprd",
    "parataxis",
    "pcomp",
    "pobj",
    "poss",
    "preconj",
    "predet",
    "prep",
    "prt",
    "punct",
    "quantmod",
    "relcl",
    "xcomp",
]
QUOTE_CHARS = frozenset("\"“”«»„‘’'")
_ANCESTOR_STEPS = 4


@dataclass(frozen=True)
class CueSets:
    """The cue lemmas the features ask about, one group per list of data/cues.yaml."""

    groups: tuple[frozenset[str], ...]


def _per_distinct(
    hashes: np.ndarray, strings: StringStore, test: Callable[[str], Any]
) -> np.ndarray:
    """`test(string)` for each token, asked once per distinct string: a Doc repeats its words,
    and reading a Token's attribute in Python costs far more than an array lookup."""
    distinct, where = np.unique(hashes, return_inverse=True)
    answers = np.array([test(strings[int(h)]) for h in distinct], dtype=np.float32)
    return answers[where].reshape(len(hashes), *answers.shape[1:])


def _lemma_flags(
    lemmas: np.ndarray, strings: StringStore, groups: tuple[frozenset[str], ...]
) -> np.ndarray:
    def flags(lemma: str) -> list[bool]:
        lower = lemma.lower()
        found = [lower in words for words in groups]
        return [*found, any(found)]

    if not len(lemmas):
        return np.zeros((0, len(groups) + 1), dtype=np.float32)
    return _per_distinct(lemmas, strings, flags)


def _one_hot(values: np.ndarray, table: dict[int, int], width: int) -> np.ndarray:
    out = np.zeros((len(values), width), dtype=np.float32)
    cols = np.array([table.get(int(v), -1) for v in values], dtype=np.int64)
    rows = np.nonzero(cols >= 0)[0]
    out[rows, cols[rows]] = 1.0
    return out


def _is_quote_mark(text: str) -> bool:
    return text in QUOTE_CHARS or text == "''"


def features(doc: Doc, cue_sets: CueSets, quoted: np.ndarray | None = None) -> np.ndarray:
    """One row of features per token (float32). `quoted` flags tokens inside quotation marks."""
    n = len(doc)
    strings = doc.vocab.strings
    pos_table = {strings.add(label): i for i, label in enumerate(POS_LABELS)}
    dep_table = {strings.add(label): i for i, label in enumerate(DEP_LABELS)}
    arr = doc.to_array([POS, DEP, HEAD, LEMMA, ORTH, IS_PUNCT])
    heads = np.arange(n) + arr[:, 2].astype(np.int64)  # relative offsets, stored unsigned
    width = len(doc.tensor[0]) if n and doc.tensor.size else 0
    tensor = np.asarray(doc.tensor, dtype=np.float32).reshape(n, width)
    cue_flags = _lemma_flags(arr[:, 3], strings, cue_sets.groups)
    pos = _one_hot(arr[:, 0], pos_table, len(POS_LABELS))
    dep = _one_hot(arr[:, 1], dep_table, len(DEP_LABELS))
    # a cue among the ancestors: content hangs below its cue ("said that [... content ...]")
    is_cue = cue_flags[:, -1]
    ancestors = np.zeros((n, _ANCESTOR_STEPS), dtype=np.float32)
    up = heads.copy()
    for step in range(_ANCESTOR_STEPS):
        ancestors[:, step] = is_cue[up]
        up = heads[up]
    # sentence context: the mean tensor of the sentence, whether it holds a cue, token position
    sent_mean = np.zeros_like(tensor)
    sent_info = np.zeros((n, 5), dtype=np.float32)
    for sent in doc.sents:
        s, e = sent.start, sent.end
        sent_mean[s:e] = tensor[s:e].mean(axis=0) if width else 0
        cue_at = np.nonzero(is_cue[s:e])[0]
        rel = np.arange(e - s, dtype=np.float32)
        sent_info[s:e, 0] = rel / max(1, e - s - 1)
        sent_info[s:e, 1] = 1.0 if len(cue_at) else 0.0
        if len(cue_at):
            sent_info[s:e, 2] = rel < cue_at[0]  # before the first cue
            sent_info[s:e, 3] = rel > cue_at[-1]  # after the last cue
        sent_info[s:e, 4] = min(e - s, 80) / 80.0
    text_flags = np.zeros((n, 3), dtype=np.float32)
    if n:
        text_flags[:, 0] = _per_distinct(arr[:, 4], strings, _is_quote_mark)
    text_flags[:, 1] = quoted if quoted is not None else 0
    text_flags[:, 2] = arr[:, 5]
    return np.hstack(
        [
            tensor,
            tensor[heads],
            sent_mean,
            pos,
            pos[heads],
            dep,
            dep[heads],
            cue_flags,
            cue_flags[heads],
            ancestors,
            sent_info,
            text_flags,
        ]
    ).astype(np.float32)


def sentence_pieces(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges the sentence BiLSTM reads: sentences, long ones cut into pieces."""
    return pieces([(sent.start, sent.end) for sent in doc.sents])


# subtrees headed by these are candidate contents, with the whole sentence
_CLAUSE_DEPS = {"ccomp", "xcomp", "pcomp", "dobj", "attr", "pobj", "advcl", "conj", "acl", "relcl"}
_CLAUSE_SUMMARY = 8


def clause_spans(sent: Span, min_tokens: int = 4) -> list[tuple[int, int, int]]:
    """Candidate contents of a sentence as (first, last, root) token indexes: the sentence, and the
    subtrees of its verbs and of the clausal dependents a report hangs on."""
    spans = {(sent.start, sent.end - 1, sent.root.i)}
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and tok.dep_ not in _CLAUSE_DEPS:
            continue
        first, last = max(tok.left_edge.i, sent.start), min(tok.right_edge.i, sent.end - 1)
        if last - first + 1 >= min_tokens:
            spans.add((first, last, tok.i))
    return sorted(spans)


def clause_features(
    sent: Span, x: np.ndarray, probs: np.ndarray, spans: list[tuple[int, int, int]]
) -> np.ndarray:
    """One row per candidate span: the token network's hidden layer (`x`) at its root and at the
    root's head (the cue, when it is a report), its mean over the span, and what the token
    classifier says inside and outside the span."""
    rows = []
    s, e = sent.start, sent.end
    sent_probs = probs[s:e]
    for first, last, root in spans:
        inside = probs[first : last + 1]
        outside_mask = np.ones(e - s, dtype=bool)
        outside_mask[first - s : last - s + 1] = False
        outside = sent_probs[outside_mask]
        summary = np.zeros(_CLAUSE_SUMMARY + 3 * 3, dtype=np.float32)
        summary[0] = (last - first + 1) / 40.0
        summary[1] = (last - first + 1) / (e - s)
        summary[2] = first == s
        summary[3] = last == e - 1
        summary[4] = sent.doc[first].lower_ in ("that", "to")
        summary[5] = root == sent.root.i
        summary[6] = inside[:, 0].min()
        summary[7] = len(outside) == 0
        summary[8:11] = inside.mean(axis=0)
        if len(outside):
            summary[11:14] = outside.mean(axis=0)
            summary[14:17] = outside.max(axis=0)
        head = sent.doc[root].head.i
        rows.append(np.concatenate([x[root], x[head], x[first : last + 1].mean(axis=0), summary]))
    return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 0), np.float32)


# OpenBLAS hands a matrix product to its thread pool above 2**18 multiply-adds; on a busy machine
# waking those threads costs far more than the product (measured: ~10 ms against 0.1 ms per Doc).
# Products of a few rows at a time stay on the calling thread, like the rest of the pipeline.
_MAX_MULTIPLY_ADDS = 2**17


def _small_products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    rows = max(1, _MAX_MULTIPLY_ADDS // max(1, b.shape[0] * b.shape[1]))
    if len(a) <= rows:
        return np.asarray(a @ b)
    return np.vstack([a[i : i + rows] @ b for i in range(0, len(a), rows)])


@dataclass(frozen=True)
class Network:
    """One hidden layer: standardised features -> ReLU -> one sigmoid per output."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def hidden(self, x: np.ndarray) -> np.ndarray:
        """The hidden layer: what the clause network reads of each token."""
        return np.maximum(0.0, _small_products((x - self.mean) / self.scale, self.w1) + self.b1)

    def output(self, hidden: np.ndarray) -> np.ndarray:
        logits = _small_products(hidden, self.w2) + self.b2
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30))))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.output(self.hidden(x))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_mean": self.mean.astype(np.float32),
            f"{prefix}_scale": self.scale.astype(np.float32),
            f"{prefix}_w1": self.w1.astype(np.float16),
            f"{prefix}_b1": self.b1.astype(np.float32),
            f"{prefix}_w2": self.w2.astype(np.float32),
            f"{prefix}_b2": self.b2.astype(np.float32),
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> Network:
        def get(name: str) -> np.ndarray:
            return np.asarray(data[f"{prefix}_{name}"], dtype=np.float32)

        return cls(get("mean"), get("scale"), get("w1"), get("b1"), get("w2"), get("b2"))


@dataclass(frozen=True)
class AttributionModel:
    """The token network (content / source / cue per token), the clause network (is this span a
    reported content), the decoding thresholds (clause, source, cue) and, when trained, the
    sentence BiLSTM (prospects.nlp.bilstm) whose probabilities replace the token network's."""

    token: Network
    clause: Network | None
    thresholds: np.ndarray
    tensor_width: int
    sequence: BiLSTM | None = None

    def read(self, doc: Doc, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the token network's hidden layer, the (n, 3) content / source / cue probabilities)
        of a Doc whose feature rows are `x`."""
        hidden = self.token.hidden(x)
        if self.sequence is None:
            return hidden, self.token.output(hidden)
        return hidden, self.sequence.predict(x, sentence_pieces(doc))

    def save(self, path: str) -> None:
        arrays: dict[str, Any] = self.token.arrays("token")
        if self.clause is not None:
            arrays.update(self.clause.arrays("clause"))
        if self.sequence is not None:
            arrays.update(self.sequence.arrays("sequence"))
        arrays["version"] = np.array(FEATURE_VERSION)
        arrays["tensor_width"] = np.array(self.tensor_width)
        arrays["thresholds"] = self.thresholds.astype(np.float32)
        np.savez_compressed(path, **arrays)


def from_bytes(blob: bytes) -> AttributionModel:
    """Weights from the bytes of an .npz file; ValueError when they are of another feature
    version."""
    data = np.load(io.BytesIO(blob))
    if int(data["version"]) != FEATURE_VERSION:
        raise ValueError(f"feature version {int(data['version'])} != {FEATURE_VERSION}")
    return AttributionModel(
        token=Network.from_arrays(data, "token"),
        clause=Network.from_arrays(data, "clause") if "clause_w1" in data else None,
        thresholds=np.asarray(data["thresholds"], dtype=np.float32),
        tensor_width=int(data["tensor_width"]),
        sequence=BiLSTM.from_arrays(data, "sequence") if "sequence_w_ih" in data else None,
    )


@cache
def load() -> AttributionModel | None:
    """The shipped weights, or None (with a warning) when they are missing or out of date."""
    ref = resources.files("prospects.nlp").joinpath(WEIGHTS_FILE)
    try:
        return from_bytes(ref.read_bytes())
    except (OSError, KeyError, ValueError) as exc:
        warnings.warn(
            f"attribution model {WEIGHTS_FILE} unusable ({exc}); quotes come from the rules alone",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
