"""The numpy BiLSTM: torch's equations, any mix of sentence lengths, long sentences in pieces."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prospects.nlp.bilstm import MAX_STEPS, BiLSTM, pieces

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "bilstm_reference.npz"


def test_matches_pytorch_on_the_reference_network() -> None:
    """tests/data/bilstm_reference.npz: torch's outputs (scripts/make_bilstm_reference.py)."""
    data = np.load(REFERENCE)
    model = BiLSTM.from_arrays(data, "model")
    bounds = [tuple(int(v) for v in b) for b in data["bounds"]]
    np.testing.assert_allclose(model.predict(data["x"], bounds), data["expected"], atol=1e-5)


def _random_model(rng: np.random.Generator, width: int = 6, hidden: int = 4) -> BiLSTM:
    projection = 5
    return BiLSTM(
        mean=rng.normal(size=width).astype(np.float32),
        scale=rng.uniform(0.5, 2, size=width).astype(np.float32),
        proj_w=rng.normal(size=(width, projection)).astype(np.float32),
        proj_b=rng.normal(size=projection).astype(np.float32),
        w_ih=rng.normal(size=(2, projection, 4 * hidden)).astype(np.float32),
        w_hh=rng.normal(size=(2, hidden, 4 * hidden)).astype(np.float32),
        b=rng.normal(size=(2, 4 * hidden)).astype(np.float32),
        out_w=rng.normal(size=(2 * hidden + projection, 3)).astype(np.float32),
        out_b=rng.normal(size=3).astype(np.float32),
    )


def _one_sentence(model: BiLSTM, x: np.ndarray) -> np.ndarray:
    """The textbook recurrence, one sentence and one step at a time."""
    proj = np.maximum(0, ((x - model.mean) / model.scale) @ model.proj_w + model.proj_b)
    h = model.hidden_size
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    states = []
    for direction, steps in ((0, range(len(x))), (1, range(len(x) - 1, -1, -1))):
        state, cell, seen = np.zeros(h), np.zeros(h), np.zeros((len(x), h))
        for t in steps:
            z = proj[t] @ model.w_ih[direction] + state @ model.w_hh[direction] + model.b[direction]
            i, f, g, o = sig(z[:h]), sig(z[h : 2 * h]), np.tanh(z[2 * h : 3 * h]), sig(z[3 * h :])
            cell = f * cell + i * g
            state = o * np.tanh(cell)
            seen[t] = state
        states.append(seen)
    return sig(np.hstack([states[0], states[1], proj]) @ model.out_w + model.out_b)


@settings(max_examples=30, deadline=None)
@given(lengths=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=6))
def test_a_batch_of_sentences_reads_each_sentence_alone(lengths: list[int]) -> None:
    rng = np.random.default_rng(sum(lengths))
    model = _random_model(rng)
    x = rng.normal(size=(sum(lengths), 6)).astype(np.float32)
    ends = np.cumsum(lengths)
    bounds = [(int(e - n), int(e)) for e, n in zip(ends, lengths, strict=True)]
    batched = model.predict(x, bounds)
    for s, e in bounds:
        np.testing.assert_allclose(batched[s:e], _one_sentence(model, x[s:e]), atol=1e-5)


def test_no_tokens_and_no_sentences_give_no_rows() -> None:
    model = _random_model(np.random.default_rng(0))
    assert model.predict(np.zeros((0, 6), np.float32), []).shape == (0, 3)


def test_long_sentences_are_read_in_pieces() -> None:
    assert pieces([(0, 2 * MAX_STEPS + 5), (400, 410)]) == [
        (0, MAX_STEPS),
        (MAX_STEPS, 2 * MAX_STEPS),
        (2 * MAX_STEPS, 2 * MAX_STEPS + 5),
        (400, 410),
    ]


def test_arrays_round_trip_after_use() -> None:
    model = _random_model(np.random.default_rng(1))
    x = np.random.default_rng(2).normal(size=(7, 6)).astype(np.float32)
    first = model.predict(x, [(0, 3), (3, 7)])
    again = BiLSTM.from_arrays(model.arrays("sequence"), "sequence")
    np.testing.assert_array_equal(first, again.predict(x, [(0, 3), (3, 7)]))


@pytest.mark.parametrize("steps", [1, MAX_STEPS])
def test_single_sentence_of_edge_lengths(steps: int) -> None:
    model = _random_model(np.random.default_rng(steps))
    x = np.random.default_rng(3).normal(size=(steps, 6)).astype(np.float32)
    out = model.predict(x, [(0, steps)])
    assert out.shape == (steps, 3) and np.isfinite(out).all()


def test_more_sentences_than_one_batch() -> None:
    rng = np.random.default_rng(5)
    model = _random_model(rng)
    lengths = rng.integers(1, 5, size=300)
    ends = np.cumsum(lengths)
    bounds = [(int(e - n), int(e)) for e, n in zip(ends, lengths, strict=True)]
    x = rng.normal(size=(int(ends[-1]), 6)).astype(np.float32)
    batched = model.predict(x, bounds)
    for s, e in bounds[::37]:
        np.testing.assert_allclose(batched[s:e], _one_sentence(model, x[s:e]), atol=1e-5)
