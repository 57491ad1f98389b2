"""Train the sentence BiLSTM of prospects.nlp.bilstm with PyTorch (training only; the package runs
it in numpy). Used by scripts/train_attribution.py; needs `pip install torch` (the CPU build is
enough: `pip install torch --index-url https://download.pytorch.org/whl/cpu`).

The network reads the token network's feature rows (prospects.nlp.attribution_model.features)
sentence by sentence: a dense ReLU projection, one bidirectional LSTM layer, and a sigmoid per
target over [forward state, backward state, projection]. Fixed seeds and a fixed thread count: the
same data give the same weights on the same machine.
"""

from __future__ import annotations

import time

import numpy as np

from prospects.nlp.bilstm import BiLSTM

PROJECTION = 128
HIDDEN = 64
EPOCHS = 8
BATCH = 32  # sentences
DROPOUT = 0.2
THREADS = 2


def train_bilstm(
    x: np.ndarray,
    y: np.ndarray,
    bounds: list[tuple[int, int]],
    *,
    seed: int,
    hidden: int = HIDDEN,
    epochs: int = EPOCHS,
) -> BiLSTM:
    """A BiLSTM trained on the rows of `x` (features) and `y` (0/1 targets), each range of
    `bounds` (sentence pieces, bilstm.pieces) one sequence."""
    try:
        import torch
        from torch import nn
        from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    except ImportError as exc:  # pragma: no cover - depends on the training machine
        raise SystemExit(
            "training the sentence BiLSTM needs PyTorch: pip install torch "
            "(CPU build: --index-url https://download.pytorch.org/whl/cpu)"
        ) from exc

    torch.manual_seed(seed)
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(seed)
    rows = np.concatenate([np.arange(s, e) for s, e in bounds])
    mean = x[rows].mean(axis=0, dtype=np.float64).astype(np.float32)
    scale = (x[rows].std(axis=0, dtype=np.float64) + 1e-3).astype(np.float32)
    width, targets = x.shape[1], y.shape[1]

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.proj = nn.Linear(width, PROJECTION)
            self.drop = nn.Dropout(DROPOUT)
            self.lstm = nn.LSTM(PROJECTION, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden + PROJECTION, targets)

        def forward(self, xb: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
            projected = self.drop(torch.relu(self.proj(xb)))
            packed = pack_padded_sequence(
                projected, lengths, batch_first=True, enforce_sorted=False
            )
            states, _ = self.lstm(packed)
            states, _ = pad_packed_sequence(states, batch_first=True, total_length=xb.shape[1])
            return self.out(torch.cat([self.drop(states), projected], -1))

    def batch(some: list[tuple[int, int]]) -> tuple[torch.Tensor, ...]:
        steps = max(e - s for s, e in some)
        xb = np.zeros((len(some), steps, width), np.float32)
        yb = np.zeros((len(some), steps, targets), np.float32)
        mask = np.zeros((len(some), steps), np.float32)
        for k, (s, e) in enumerate(some):
            xb[k, : e - s] = (x[s:e] - mean) / scale
            yb[k, : e - s] = y[s:e]
            mask[k, : e - s] = 1
        lengths = torch.tensor([e - s for s, e in some])
        return torch.from_numpy(xb), torch.from_numpy(yb), torch.from_numpy(mask), lengths

    net = Tagger()
    optimiser = torch.optim.Adam(net.parameters(), lr=2e-3, weight_decay=1e-6)
    loss_of = nn.BCEWithLogitsLoss(reduction="none")
    started = time.time()
    for epoch in range(epochs):
        net.train()
        order = rng.permutation(len(bounds))
        total = 0.0
        for b in range(0, len(order), BATCH):
            xb, yb, mask, lengths = batch([bounds[k] for k in order[b : b + BATCH]])
            loss = (loss_of(net(xb, lengths), yb).sum(-1) * mask).sum() / mask.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach()) * len(lengths)
        print(
            f"BiLSTM epoch {epoch + 1}: loss {total / len(bounds):.4f} "
            f"({time.time() - started:.0f}s)",
            flush=True,
        )
    return BiLSTM.from_torch_state(net.state_dict(), mean, scale)
