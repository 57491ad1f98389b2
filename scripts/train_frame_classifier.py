"""Train the frame classifier of prospects.nlp.frame_classifier on PolNeAR train.

    .venv/bin/python scripts/train_frame_classifier.py [--polnear DIR] [--cache F] [--folds 5]

Counts the cue table on nine tenths of train (the tenth scripts/train_attribution.py and
scripts/build_cue_lexicon.py hold out, same seed), reads every candidate frame of every train
article (a word whose key headed a gold cue at least MIN_CUES times, that no rule claimed), labels
it by the scorer's rule (src/prospects/evaluate/polnear.py): *found* when its content is assigned
to a gold content and covers at least half of it, *attributed* when its speaker's words also lie in
that gold's source (or both have none). A one-hidden-layer network is trained on the nine tenths
for each label; the label and the decision threshold are picked on the held-out tenth by the
attributed F1 of the whole quote component. The dev split is never read here. Fixed seeds.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from spacy.tokens import Token

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_cue_lexicon import count, lexicon
from polnear_train import SEED, held_out, parsed_train, score
from train_attribution import train_network

from prospects.evaluate import polnear
from prospects.nlp import frame_classifier as fc
from prospects.nlp import frames, quotes

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "prospects" / "nlp" / fc.CLASSIFIER_FILE
MIN_CUES = 1  # every key of the table that headed a gold cue: the classifier decides
FOLDS = 5
HIDDEN = 8
EPOCHS = 40
# networks from different seeds whose mean decides: on the held-out tenth, one network's content
# F1 moved by about 0.003 with its seed, and five averaged beat every single one measured
MEMBERS = 5
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


@dataclass
class Recorder:
    """A judge that keeps every frame and writes down its features, content and mention."""

    min_cues: int = MIN_CUES
    rows: list[tuple[np.ndarray, tuple[int, int], tuple[int, int] | None]] = field(
        default_factory=list
    )

    def keeps(
        self, xs: np.ndarray, contents: list[tuple[int, int]], mentions: list[Token | None]
    ) -> list[bool]:
        for x, content, mention in zip(xs, contents, mentions, strict=True):
            span = (mention.idx, mention.idx + len(mention.text)) if mention is not None else None
            self.rows.append((x, content, span))
        return [True] * len(xs)


def label(gold: list[polnear.GoldAttribution], content, mention) -> tuple[int, int]:
    """(found, attributed) of one frame by the scorer's assignment rule."""
    best, best_overlap = None, 0
    for g in gold:
        overlap = polnear._overlap(content, g.content)
        if overlap > best_overlap:
            best, best_overlap = g, overlap
    length = content[1] - content[0]
    if best is None or 2 * best_overlap < length:
        return 0, 0
    gold_length = sum(e - s for s, e in best.content)
    if 2 * best_overlap < gold_length:
        return 0, 0
    if mention is None:
        return 1, int(not best.source)
    return 1, int(polnear._overlap(mention, best.source) > 0)


def record(docs, parsed, model, lex) -> tuple[np.ndarray, np.ndarray]:
    """Features and (found, attributed) labels of every candidate frame of the articles."""
    xs, ys = [], []
    for d, doc in zip(docs, parsed, strict=True):
        recorder = Recorder(min_cues=MIN_CUES)
        quotes.find_candidates(doc, model, lex, recorder)
        for x, content, mention in recorder.rows:
            xs.append(x)
            ys.append(label(d.gold, content, mention))
    width = len(xs[0]) if xs else fc.WIDTH
    return np.asarray(xs, np.float32).reshape(-1, width), np.asarray(ys, np.float32)


def cross_fitted(docs, parsed, model, folds: int, settings):
    """record() with each article's frames read against a cue table counted on the other folds,
    so that a key's counts never include the article itself (as for an unseen article)."""
    if folds <= 1:
        return record(docs, parsed, model, lexicon(count(docs, parsed)).tuned(**settings))
    order = np.random.default_rng(SEED + 1).permutation(len(docs))
    xs, ys = [], []
    for f in range(folds):
        inside = set(order[f::folds].tolist())
        out = [i for i in range(len(docs)) if i not in inside]
        lex = lexicon(count([docs[i] for i in out], [parsed[i] for i in out])).tuned(**settings)
        x, y = record(
            [docs[i] for i in sorted(inside)], [parsed[i] for i in sorted(inside)], model, lex
        )
        xs.append(x)
        ys.append(y)
    return np.vstack(xs), np.vstack(ys)


def ensemble(x: np.ndarray, y: np.ndarray, hidden: int, members: int) -> tuple:
    """`members` networks trained alike on the same rows from seeds SEED, SEED + 1, ..."""
    return tuple(
        train_network(x, y, hidden=hidden, epochs=EPOCHS, seed=SEED + k) for k in range(members)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="keep the parsed split here between runs")
    parser.add_argument("--hidden", type=int, default=HIDDEN)
    parser.add_argument("--folds", type=int, default=FOLDS, help="cross-fitting of the cue table")
    parser.add_argument("--members", type=int, default=MEMBERS, help="networks averaged")
    args = parser.parse_args()
    started = time.time()
    docs, parsed = parsed_train(args.polnear, args.cache)
    held, fit = held_out(len(docs))
    fit_docs, fit_parsed = [docs[i] for i in fit], [parsed[i] for i in fit]
    held_docs, held_parsed = [docs[i] for i in held], [parsed[i] for i in held]
    shipped = frames.lexicon().settings
    fit_lex = lexicon(count(fit_docs, fit_parsed)).tuned(**shipped)
    model = quotes.attribution_model.load()
    baseline = score(held_docs, held_parsed, model=model, frame_lexicon=fit_lex, frame_judge=None)
    print(f"thresholds of the cue table: {baseline.to_dict()}", flush=True)
    x_fit, y_fit = cross_fitted(fit_docs, fit_parsed, model, args.folds, shipped)
    print(
        f"{len(x_fit)} candidate frames on the nine tenths; found {y_fit[:, 0].mean():.3f}, "
        f"attributed {y_fit[:, 1].mean():.3f} ({time.time() - started:.0f}s)",
        flush=True,
    )
    results = []
    for column, name in enumerate(("found", "attributed")):
        networks = ensemble(x_fit, y_fit[:, column : column + 1], args.hidden, args.members)
        classifier = fc.FrameClassifier(networks, 0.5, MIN_CUES)
        for threshold in THRESHOLDS:
            judge = replace(classifier, threshold=threshold)
            counts = score(
                held_docs, held_parsed, model=model, frame_lexicon=fit_lex, frame_judge=judge
            )
            results.append((counts.attributed["f1"], counts.content["f1"], name, judge))
            print(f"label {name}, threshold {threshold}: {counts.to_dict()}", flush=True)
    best = max(results, key=lambda r: (r[0], r[1]))
    print(f"chose label {best[2]}, threshold {best[3].threshold}: attributed F1 {best[0]:.3f}")
    # the shipped weights: the same recipe on all of train, the chosen label and threshold
    x_all, y_all = cross_fitted(docs, parsed, model, args.folds, shipped)
    column = 0 if best[2] == "found" else 1
    networks = ensemble(x_all, y_all[:, column : column + 1], args.hidden, args.members)
    fc.FrameClassifier(networks, best[3].threshold, MIN_CUES).save(str(args.out))
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e3:.1f} kB) in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
