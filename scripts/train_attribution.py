"""Train the token classifier of prospects.nlp.attribution_model on the PolNeAR train split.

    .venv/bin/python scripts/train_attribution.py [--polnear ../shared/data/polnear] [--epochs 8]

Reads ../shared/data/polnear/train (text + the first annotation file of each document), parses it
with the default spaCy pipeline, labels each token as inside a gold Content, Source or Cue span,
trains a one-hidden-layer network in numpy and a sentence BiLSTM with PyTorch on the same labels
(scripts/train_bilstm.py; `pip install -e .[train]`), then the clause network on the BiLSTM's
probabilities (fixed seeds: the same data, the same weights), picks the decoding thresholds on a
held-out tenth of *train* by the PolNeAR attributed F1 of the whole component (rules + model), and
writes src/prospects/nlp/data/attribution_model.npz. The dev split is never read here.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from polnear_train import SEED, held_out, parsed_train, score
from train_bilstm import train_bilstm

from prospects.evaluate import polnear
from prospects.nlp import attribution_model as am
from prospects.nlp import quotes
from prospects.nlp.quotes import candidate, learned

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "prospects" / "nlp" / am.WEIGHTS_FILE
HIDDEN = 64
EPOCHS = 8
DEFAULT_THRESHOLDS = (0.5, 0.3, 0.3)  # clause, source, cue


def token_labels(doc, gold: list[polnear.GoldAttribution]) -> np.ndarray:
    """(n, 3) labels: the token starts inside a gold content / source / cue segment."""
    labels = np.zeros((len(doc), len(am.TARGETS)), dtype=np.float32)
    starts = np.array([t.idx for t in doc])
    ends = starts + np.array([len(t.text) for t in doc])
    for g in gold:
        for col, segments in enumerate((g.content, g.source, g.cue)):
            for s, e in segments:
                labels[(starts < e) & (ends > s), col] = 1.0
    return labels


def train_network(
    x: np.ndarray, y: np.ndarray, *, hidden: int, epochs: int, seed: int
) -> am.Network:
    rng = np.random.default_rng(seed)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3
    xs = (x - mean) / scale
    d, k = x.shape[1], y.shape[1]
    params = {
        "w1": rng.normal(0, np.sqrt(2.0 / d), (d, hidden)).astype(np.float32),
        "b1": np.zeros(hidden, np.float32),
        "w2": rng.normal(0, np.sqrt(1.0 / hidden), (hidden, k)).astype(np.float32),
        "b2": np.zeros(k, np.float32),
    }
    moments = {n: (np.zeros_like(p), np.zeros_like(p)) for n, p in params.items()}
    lr, beta1, beta2, decay, batch = 2e-3, 0.9, 0.999, 1e-5, 512
    step = 0
    for epoch in range(epochs):
        order = rng.permutation(len(xs))
        total = 0.0
        for b in range(0, len(order), batch):
            idx = order[b : b + batch]
            xb, yb = xs[idx], y[idx]
            h_pre = xb @ params["w1"] + params["b1"]
            h = np.maximum(0, h_pre)
            p = 1 / (1 + np.exp(-np.clip(h @ params["w2"] + params["b2"], -30, 30)))
            total += float(-(yb * np.log(p + 1e-7) + (1 - yb) * np.log(1 - p + 1e-7)).sum())
            g_logit = (p - yb) / len(idx)
            grads = {
                "w2": h.T @ g_logit + decay * params["w2"],
                "b2": g_logit.sum(axis=0),
            }
            g_h = (g_logit @ params["w2"].T) * (h_pre > 0)
            grads["w1"] = xb.T @ g_h + decay * params["w1"]
            grads["b1"] = g_h.sum(axis=0)
            step += 1
            for name, grad in grads.items():
                m, v = moments[name]
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                m_hat = m / (1 - beta1**step)
                v_hat = v / (1 - beta2**step)
                params[name] -= (lr * m_hat / (np.sqrt(v_hat) + 1e-8)).astype(np.float32)
        print(f"epoch {epoch + 1}: loss {total / len(xs):.4f}", flush=True)
    return am.Network(
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        w1=params["w1"],
        b1=params["b1"],
        w2=params["w2"],
        b2=params["b2"],
    )


def fit_model(
    docs: list[polnear.PolnearDocument], parsed, hidden: int = HIDDEN, epochs: int = EPOCHS
) -> am.AttributionModel:
    """The token network, the sentence BiLSTM and the clause network trained on these articles,
    with the default thresholds (main() tunes them)."""
    cue_sets = quotes.cue_sets()
    x = np.vstack([am.features(doc, cue_sets, quotes.quoted_tokens(doc)) for doc in parsed])
    y = np.vstack([token_labels(doc, d.gold) for d, doc in zip(docs, parsed, strict=True)])
    print(f"{len(x)} tokens, {x.shape[1]} features; positives {y.mean(axis=0).round(3)}")
    token = train_network(x, y, hidden=hidden, epochs=epochs, seed=SEED)
    starts = np.cumsum([0] + [len(doc) for doc in parsed])
    bounds = [
        (start + s, start + e)
        for start, doc in zip(starts[:-1], parsed, strict=True)
        for s, e in am.sentence_pieces(doc)
    ]
    sequence = train_bilstm(x, y, bounds, seed=SEED)
    del x, y
    width = parsed[0].tensor.shape[1]
    model = am.AttributionModel(
        token, None, np.array(DEFAULT_THRESHOLDS, np.float32), width, sequence
    )
    cx, cy = clause_data(docs, parsed, model, cue_sets)
    print(f"{len(cx)} candidate clauses, {cx.shape[1]} features; positives {cy.mean():.3f}")
    clause = train_network(cx, cy, hidden=hidden, epochs=epochs, seed=SEED + 1)
    return replace(model, clause=clause)


def clause_data(
    docs, parsed, model: am.AttributionModel, cue_sets
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate clauses that overlap no rule's content, labelled 1 when the span alone
    would count as finding a gold content (half of it inside the gold, covering half the gold)."""
    xs, ys = [], []
    for d, doc in zip(docs, parsed, strict=True):
        x, probs = model.read(doc, am.features(doc, cue_sets, quotes.quoted_tokens(doc)))
        ruled = quotes.Intervals(
            learned.merged([(c.start, c.end) for c in quotes.find_candidates(doc)])
        )
        for sent in doc.sents:
            if probs[sent.start : sent.end, 0].max() < 0.5:
                continue
            spans = [
                (first, last, root)
                for first, last, root in am.clause_spans(sent, learned.MIN_LEARNED_WORDS)
                if not ruled.covered(doc[first].idx, doc[last].idx + len(doc[last]))
            ]
            if not spans:
                continue
            xs.append(am.clause_features(sent, x, probs, spans))
            for first, last, _ in spans:
                content = candidate.content_of(doc, first, last) or (doc[first].idx, doc[first].idx)
                ys.append(float(_finds_gold(content, d.gold)))
    return np.vstack(xs), np.array(ys, dtype=np.float32)[:, None]


def _finds_gold(span: tuple[int, int], gold: list[polnear.GoldAttribution]) -> bool:
    length = span[1] - span[0]
    if length <= 0:
        return False
    for g in gold:
        inside = polnear._overlap(span, g.content)
        size = sum(e - s for s, e in g.content)
        if 2 * inside >= length and 2 * inside >= size:
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--hidden", type=int, default=HIDDEN)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tune-only", action="store_true", help="re-pick thresholds only")
    parser.add_argument("--cache", type=Path, help="keep the parsed split here between runs")
    args = parser.parse_args()
    started = time.time()
    docs, parsed = parsed_train(args.polnear, args.cache)
    held, fit = held_out(len(docs))
    if args.tune_only:
        model = am.load()
        assert model is not None
    else:
        model = fit_model(
            [docs[i] for i in fit], [parsed[i] for i in fit], args.hidden, args.epochs
        )
    held_docs = [docs[i] for i in held]
    held_parsed = [parsed[i] for i in held]
    rules = score(held_docs, held_parsed, model=None)
    print(f"held-out rules alone: content {rules.content} attributed {rules.attributed}")
    best = (-1.0, model)
    for content_t in (0.3, 0.4, 0.5, 0.6):
        for source_t in (0.2, 0.4):
            thresholds = np.array([content_t, source_t, 0.3], np.float32)
            trial = replace(model, thresholds=thresholds)
            counts = score(held_docs, held_parsed, model=trial)
            f1 = counts.attributed["f1"] + 0.5 * counts.content["f1"]
            print(f"thresholds {content_t} {source_t}: {counts.to_dict()}", flush=True)
            if f1 > best[0]:
                best = (f1, trial)
    best[1].save(str(args.out))
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB) in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
