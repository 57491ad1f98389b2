"""The learned forecast finder: logistic regression over named candidate features, in numpy.

Trained on the annotated corpus (corpus/forecasts/) by scripts/train_forecast_model.py, which
chooses its settings by 5-fold cross-validation grouped by article; shipped as
data/forecast_model.npz. Training is full-batch gradient descent from zero weights with a fixed
number of steps, so the same rows give the same weights on any machine of the same numpy.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

DEFAULT_PATH = "forecast_model.npz"


@dataclass(frozen=True)
class Settings:
    """What cross-validation chooses among."""

    l2: float = 1e-3
    steps: int = 400
    rate: float = 0.5
    min_count: int = 2
    threshold: float = 0.5
    positive_weight: float = 1.0
    # also read the pipeline's own token vectors (doc.tensor) at the cue, the verb and the
    # sentence: context the named features miss, at no parsing cost
    dense: bool = False
    # how much a candidate the annotators marked as a look-alike (not_forecast) weighs against
    # an ordinary negative: those are the informative mistakes
    hard_weight: float = 1.0


EMPTY = np.zeros(0)


@dataclass(frozen=True)
class ForecastModel:
    vocab: dict[str, int]
    weights: np.ndarray
    bias: float
    threshold: float
    settings: Settings
    # the dense part (doc.tensor readings), standardised by the training rows' mean and spread;
    # empty when the model reads none
    dense_weights: np.ndarray = field(default_factory=lambda: EMPTY)
    dense_mean: np.ndarray = field(default_factory=lambda: EMPTY)
    dense_scale: np.ndarray = field(default_factory=lambda: EMPTY)

    def logit(self, features: Sequence[str], dense: np.ndarray | None = None) -> float:
        idx = [self.vocab[f] for f in set(features) if f in self.vocab]
        z = float(self.bias + self.weights[idx].sum())
        if self.dense_weights.size and dense is not None and dense.shape == self.dense_mean.shape:
            z += float(((dense - self.dense_mean) / self.dense_scale) @ self.dense_weights)
        return z

    def probability(self, features: Sequence[str], dense: np.ndarray | None = None) -> float:
        return float(1.0 / (1.0 + np.exp(-self.logit(features, dense))))

    def to_bytes(self) -> bytes:
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {"bias": self.bias, "threshold": self.threshold, "settings": self.settings.__dict__}
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            weights=self.weights.astype(np.float32),
            vocab=np.array(words, dtype=np.str_),
            meta=np.array(json.dumps(meta, sort_keys=True)),
            dense_weights=self.dense_weights.astype(np.float32),
            dense_mean=self.dense_mean.astype(np.float32),
            dense_scale=self.dense_scale.astype(np.float32),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ForecastModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            words = [str(w) for w in z["vocab"]]
            meta = json.loads(str(z["meta"]))
            weights = z["weights"].astype(np.float64)
            dense = [
                z[k].astype(np.float64) for k in ("dense_weights", "dense_mean", "dense_scale")
            ]
        return cls(
            vocab={w: i for i, w in enumerate(words)},
            weights=weights,
            bias=float(meta["bias"]),
            threshold=float(meta["threshold"]),
            settings=Settings(**meta["settings"]),
            dense_weights=dense[0],
            dense_mean=dense[1],
            dense_scale=dense[2],
        )

    def to_disk(self, path: Path) -> None:
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def from_disk(cls, path: Path) -> ForecastModel:
        return cls.from_bytes(Path(path).read_bytes())

    def top(self, n: int = 20) -> list[tuple[str, float]]:
        """The heaviest features either way, for a reader of the weights."""
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        order = np.argsort(-np.abs(self.weights))[:n]
        return [(words[i], round(float(self.weights[i]), 3)) for i in order]


def shipped() -> ForecastModel | None:
    """The model in the package, or None when no corpus model has been built yet."""
    ref = resources.files("prospects.nlp") / "data" / DEFAULT_PATH
    if not ref.is_file():
        return None
    return ForecastModel.from_bytes(ref.read_bytes())


def train(
    rows: Sequence[Sequence[str]],
    labels: Sequence[int],
    settings: Settings = Settings(),
    dense: np.ndarray | None = None,
    hard: Sequence[bool] | None = None,
) -> ForecastModel:
    """Fit the model on candidate feature lists and 0/1 labels (and, with `settings.dense`, the
    rows' dense vectors)."""
    counts = Counter(f for row in rows for f in set(row))
    words = sorted(f for f, n in counts.items() if n >= settings.min_count and f != "bias")
    vocab = {w: i for i, w in enumerate(words)}
    n, d_sparse = len(rows), len(words)
    mean, scale = EMPTY, EMPTY
    use_dense = settings.dense and dense is not None and dense.size > 0
    d = d_sparse + (dense.shape[1] if use_dense and dense is not None else 0)
    x = np.zeros((n, d), dtype=np.float64)
    for r, row in enumerate(rows):
        for f in set(row):
            j = vocab.get(f)
            if j is not None:
                x[r, j] = 1.0
    if use_dense and dense is not None:
        mean = dense.mean(axis=0)
        scale = dense.std(axis=0) + 1e-6
        # scaled down so that one dense column weighs like one rare named feature
        x[:, d_sparse:] = (dense - mean) / scale / np.sqrt(dense.shape[1])
    y = np.asarray(labels, dtype=np.float64)
    sample = np.where(y > 0, settings.positive_weight, 1.0)
    if hard is not None:
        sample = np.where(np.asarray(hard, dtype=bool), settings.hard_weight, sample)
    sample /= sample.sum()
    w = np.zeros(d)
    b = 0.0
    # Adam with fixed steps: deterministic and fast enough for a few thousand rows
    m_w, v_w, m_b, v_b = np.zeros(d), np.zeros(d), 0.0, 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, settings.steps + 1):
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = (p - y) * sample
        gw = x.T @ g + settings.l2 * w
        gb = float(g.sum())
        m_w = beta1 * m_w + (1 - beta1) * gw
        v_w = beta2 * v_w + (1 - beta2) * gw * gw
        m_b = beta1 * m_b + (1 - beta1) * gb
        v_b = beta2 * v_b + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1**step, 1 - beta2**step
        w -= settings.rate * 0.01 * (m_w / c1) / (np.sqrt(v_w / c2) + eps)
        b -= settings.rate * 0.01 * (m_b / c1) / (np.sqrt(v_b / c2) + eps)
    if not use_dense:
        return ForecastModel(vocab, w, b, settings.threshold, settings)
    k = d - d_sparse
    dense_w = w[d_sparse:] / np.sqrt(k)  # the scaling of the rows, folded into the weights
    return ForecastModel(vocab, w[:d_sparse], b, settings.threshold, settings, dense_w, mean, scale)


# ---- the kind of a kept forecast ----------------------------------------------------------

KIND_PATH = "forecast_kind.npz"


@dataclass(frozen=True)
class KindModel:
    """Multinomial logistic regression: a forecast's kind from its candidate's features and the
    kind the rules give it (`rule_kind=...`)."""

    vocab: dict[str, int]
    weights: np.ndarray  # features x classes
    bias: np.ndarray  # classes
    classes: tuple[str, ...]

    def scores(self, features: Sequence[str]) -> dict[str, float]:
        idx = [self.vocab[f] for f in set(features) if f in self.vocab]
        z = self.bias + self.weights[idx].sum(axis=0)
        p = np.exp(z - z.max())
        p /= p.sum()
        return {k: float(v) for k, v in zip(self.classes, p, strict=True)}

    def to_bytes(self) -> bytes:
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            vocab=np.array(words, dtype=np.str_),
            classes=np.array(self.classes, dtype=np.str_),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> KindModel:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            words = [str(w) for w in z["vocab"]]
            return cls(
                {w: i for i, w in enumerate(words)},
                z["weights"].astype(np.float64),
                z["bias"].astype(np.float64),
                tuple(str(c) for c in z["classes"]),
            )


def shipped_kind() -> KindModel | None:
    ref = resources.files("prospects.nlp") / "data" / KIND_PATH
    return KindModel.from_bytes(ref.read_bytes()) if ref.is_file() else None


def train_kind(
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    classes: tuple[str, ...],
    settings: Settings = Settings(),
) -> KindModel:
    counts = Counter(f for row in rows for f in set(row))
    words = sorted(f for f, n in counts.items() if n >= settings.min_count and f != "bias")
    vocab = {w: i for i, w in enumerate(words)}
    x = np.zeros((len(rows), len(words)))
    for r, row in enumerate(rows):
        for f in set(row):
            if f in vocab:
                x[r, vocab[f]] = 1.0
    y = np.zeros((len(rows), len(classes)))
    for r, label in enumerate(labels):
        y[r, classes.index(label)] = 1.0
    n = max(len(rows), 1)
    w = np.zeros((len(words), len(classes)))
    b = np.zeros(len(classes))
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps, rate = 0.9, 0.999, 1e-8, settings.rate * 0.01
    for step in range(1, settings.steps + 1):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / n
        gw = x.T @ g + settings.l2 * w
        gb = g.sum(axis=0)
        m_w = beta1 * m_w + (1 - beta1) * gw
        v_w = beta2 * v_w + (1 - beta2) * gw * gw
        m_b = beta1 * m_b + (1 - beta1) * gb
        v_b = beta2 * v_b + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1**step, 1 - beta2**step
        w -= rate * (m_w / c1) / (np.sqrt(v_w / c2) + eps)
        b -= rate * (m_b / c1) / (np.sqrt(v_b / c2) + eps)
    return KindModel(vocab, w, b, classes)
