"""A bidirectional LSTM tagger run in numpy: per-token probabilities that read the whole sentence.

The token network of prospects.nlp.attribution_model sees each token through spaCy's tok2vec,
whose convolutions reach four tokens either side. Whether "the remark" is the content of "defended"
or who "they" are in "..., they argued" depends on words further away, so a BiLSTM over each
sentence reads the same feature rows (attribution_model.features) and gives the content / source /
cue probabilities the quote component uses. It is trained offline with PyTorch by
scripts/train_attribution.py; here it is only run, with the same equations as torch.nn.LSTM (gates
i, f, g, o), so the package needs no PyTorch.

The sentences of a Doc run in batches of BATCH, longest first, so a step only computes the
sentences still running and memory stays bounded however long the Doc is; the backward direction
is a forward pass over each sentence reversed, both directions in one batched product per step.
Sentences longer than MAX_STEPS tokens are read in pieces of that size, as in training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

MAX_STEPS = 150
BATCH = 128  # sentences run together


def pieces(bounds: Sequence[tuple[int, int]], limit: int = MAX_STEPS) -> list[tuple[int, int]]:
    """Sentence bounds (start, end) cut into pieces of at most `limit` tokens."""
    return [(s, min(end, s + limit)) for start, end in bounds for s in range(start, end, limit)]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


class _Places:
    """Where each token of a batch of sentences (longest first) sits in the padded arrays: its
    row, its step forward and its step backward."""

    def __init__(self, batch: list[tuple[int, int]]) -> None:
        self.lengths = [e - s for s, e in batch]
        sizes = np.array(self.lengths)
        self.tokens = np.concatenate([np.arange(s, e) for s, e in batch])
        self.rows = np.repeat(np.arange(len(batch)), sizes)
        self.forward = self.tokens - np.repeat([s for s, _ in batch], sizes)
        self.backward = np.repeat(sizes, sizes) - 1 - self.forward


@dataclass(frozen=True)
class BiLSTM:
    """Standardise -> dense ReLU projection -> BiLSTM -> [forward, backward, projection] -> one
    sigmoid per output. Gate weights are stored as torch stores them: rows i, f, g, o."""

    mean: np.ndarray
    scale: np.ndarray
    proj_w: np.ndarray  # (inputs, projection)
    proj_b: np.ndarray
    w_ih: np.ndarray  # (2, projection, 4 * hidden): forward, backward
    w_hh: np.ndarray  # (2, hidden, 4 * hidden)
    b: np.ndarray  # (2, 4 * hidden): input and recurrent biases summed
    out_w: np.ndarray  # (2 * hidden + projection, outputs)
    out_b: np.ndarray

    @property
    def hidden_size(self) -> int:
        return int(self.w_hh.shape[1])

    @cached_property
    def _gates(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # i, f, g, o -> i, f, o, g with the sigmoid rows halved: one tanh per step serves all
        # four gates, since sigmoid(z) = (1 + tanh(z / 2)) / 2
        h = self.hidden_size
        order = np.r_[0 : 2 * h, 3 * h : 4 * h, 2 * h : 3 * h]
        scale = np.r_[np.full(3 * h, 0.5), np.ones(h)].astype(np.float32)
        return (
            self.w_ih[..., order] * scale,
            self.w_hh[..., order] * scale,
            self.b[..., order] * scale,
        )

    def predict(self, x: np.ndarray, bounds: Sequence[tuple[int, int]]) -> np.ndarray:
        """(n, outputs) probabilities for the n rows of `x`, each piece of `bounds` (row ranges
        that together cover every row once, at most MAX_STEPS long) read as one sequence."""
        out = np.zeros((len(x), self.out_w.shape[1]), np.float32)
        if len(x) == 0 or not bounds:
            return out
        w_ih, _, b = self._gates
        proj = np.maximum(0.0, ((x - self.mean) / self.scale) @ self.proj_w + self.proj_b)
        proj = proj.astype(np.float32)
        inputs = (proj @ w_ih[0] + b[0], proj @ w_ih[1] + b[1])
        # longest first, in batches of similar lengths: little padding, and memory bounded by
        # BATCH sentences however long the Doc
        ranked = sorted(bounds, key=lambda se: se[0] - se[1])
        for k in range(0, len(ranked), BATCH):
            batch = ranked[k : k + BATCH]
            where = _Places(batch)
            states = self._run(inputs, where)
            read = np.hstack(
                [
                    states[0, where.rows, where.forward],
                    states[1, where.rows, where.backward],
                    proj[where.tokens],
                ]
            )
            out[where.tokens] = _sigmoid(read @ self.out_w + self.out_b)
        return out

    def _run(self, inputs: tuple[np.ndarray, np.ndarray], where: _Places) -> np.ndarray:
        """(2, sentences, steps, hidden) states of both directions; the backward direction's in
        reversed order."""
        _, w_hh, _ = self._gates
        h = self.hidden_size
        lengths = where.lengths
        steps = lengths[0]
        gates_in = np.zeros((2, len(lengths), steps, 4 * h), np.float32)
        gates_in[0, where.rows, where.forward] = inputs[0][where.tokens]
        gates_in[1, where.rows, where.backward] = inputs[1][where.tokens]
        state = np.zeros((2, len(lengths), h), np.float32)
        cell = np.zeros_like(state)
        seen = np.zeros((2, len(lengths), steps, h), np.float32)
        running = len(lengths)
        for t in range(steps):
            while lengths[running - 1] <= t:
                running -= 1  # the shortest sentences have ended
            z = np.tanh(gates_in[:, :running, t] + np.matmul(state[:, :running], w_hh))
            gate = 0.5 * z[..., : 3 * h] + 0.5
            cell[:, :running] = (
                gate[..., h : 2 * h] * cell[:, :running] + gate[..., :h] * z[..., 3 * h :]
            )
            state[:, :running] = gate[..., 2 * h :] * np.tanh(cell[:, :running])
            seen[:, :running, t] = state[:, :running]
        return seen

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_{name}": np.asarray(getattr(self, name), np.float32)
            for name in self.__dataclass_fields__
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> BiLSTM:
        names = cls.__dataclass_fields__
        return cls(**{name: np.asarray(data[f"{prefix}_{name}"], np.float32) for name in names})

    @classmethod
    def from_torch_state(cls, state: dict[str, Any], mean: np.ndarray, scale: np.ndarray) -> BiLSTM:
        """From the state_dict of the training script's torch module (proj, lstm, out)."""

        def get(name: str) -> np.ndarray:
            return np.asarray(state[name].detach().cpu().numpy(), np.float32)

        def both(name: str) -> np.ndarray:
            return np.stack([get(f"lstm.{name}_l0"), get(f"lstm.{name}_l0_reverse")])

        return cls(
            mean=np.asarray(mean, np.float32),
            scale=np.asarray(scale, np.float32),
            proj_w=get("proj.weight").T,
            proj_b=get("proj.bias"),
            w_ih=both("weight_ih").transpose(0, 2, 1),
            w_hh=both("weight_hh").transpose(0, 2, 1),
            b=both("bias_ih") + both("bias_hh"),
            out_w=get("out.weight").T,
            out_b=get("out.bias"),
        )
