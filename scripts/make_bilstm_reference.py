"""Write tests/data/bilstm_reference.npz: a tiny torch BiLSTM tagger, its inputs and torch's own
outputs, so the tests check prospects.nlp.bilstm against PyTorch without PyTorch installed.

    .venv/bin/python scripts/make_bilstm_reference.py   (needs torch; see scripts/train_bilstm.py)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

from prospects.nlp.bilstm import BiLSTM

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "bilstm_reference.npz"


def main() -> None:
    torch.manual_seed(7)
    width, projection, hidden, targets = 5, 4, 3, 2
    proj, lstm = nn.Linear(width, projection), nn.LSTM(projection, hidden, bidirectional=True)
    out = nn.Linear(2 * hidden + projection, targets)
    rng = np.random.default_rng(7)
    x = rng.normal(size=(11, width)).astype(np.float32)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 0.5
    bounds = [(0, 6), (6, 7), (7, 11)]
    expected = np.zeros((len(x), targets), np.float32)
    with torch.no_grad():
        for s, e in bounds:
            projected = torch.relu(proj(torch.from_numpy((x[s:e] - mean) / scale)))
            states, _ = lstm(projected[:, None, :])
            logits = out(torch.cat([states[:, 0], projected], -1))
            expected[s:e] = torch.sigmoid(logits).numpy()
    state = {f"proj.{k}": v for k, v in proj.state_dict().items()}
    state.update({f"lstm.{k}": v for k, v in lstm.state_dict().items()})
    state.update({f"out.{k}": v for k, v in out.state_dict().items()})
    model = BiLSTM.from_torch_state(state, mean, scale)
    np.savez(OUT, x=x, bounds=np.array(bounds), expected=expected, **model.arrays("model"))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
