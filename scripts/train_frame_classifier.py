"""Train the frame classifier of prospects.nlp.frame_classifier on PolNeAR train.

    .venv/bin/python scripts/train_frame_classifier.py [--polnear DIR] [--cache F] [--folds 5]

Every candidate frame of every train article (a word whose key headed a gold cue at least MIN_CUES
times, that no rule claimed) is read as an unseen article's would be: with the networks of
scripts/train_attribution.py (token network, sentence BiLSTM, clause network) and a cue table
(scripts/build_cue_lexicon.py) that were trained and counted on the *other* folds of train, never
on the article itself. (Read
with the shipped networks, which saw the article, the token network's probabilities are surer than
they are on new text, and a classifier trained on them trusts them too much.) Each frame is labelled
by the scorer's rule (src/prospects/evaluate/polnear.py): *found* when its content is assigned to a
gold content and covers at least half of it, *attributed* when its speaker's words also lie in that
gold's source (or both have none).

The label and the decision threshold are chosen by cross-validation of the whole quote component
over all of train: each fold's articles are scored with networks, cue table and classifier that
never saw them. Each classifier is an ensemble of MEMBERS one-hidden-layer networks from different
seeds. The shipped one is trained on the frames of all folds. The dev split is never read here.
Fixed seeds: the same data give the same weights.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_cue_lexicon import count, lexicon
from polnear_train import SEED, parsed_train, score
from train_attribution import fit_model, train_network

from prospects.evaluate import polnear
from prospects.nlp import attribution_model as am
from prospects.nlp import frame_classifier as fc
from prospects.nlp import frames, quotes

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "prospects" / "nlp" / fc.CLASSIFIER_FILE
MIN_CUES = 1  # every key of the table that headed a gold cue: the classifier decides
FOLDS = 5
HIDDEN = 8
EPOCHS = 40
# networks from different seeds whose mean decides: in cross-validation over train, five averaged
# raised both F1s by about 0.002 over any single one, whose keep/drop line moves with its seed
MEMBERS = 5
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
LABELS = ("found", "attributed")


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


def ensemble(x: np.ndarray, y: np.ndarray, hidden: int, members: int) -> tuple[am.Network, ...]:
    """`members` networks trained alike on the same rows from seeds SEED, SEED + 1, ..."""
    return tuple(
        train_network(x, y, hidden=hidden, epochs=EPOCHS, seed=SEED + k) for k in range(members)
    )


@dataclass
class Fold:
    """One fold's articles and what was trained without them."""

    docs: list[polnear.PolnearDocument]
    parsed: list[Doc]
    model: am.AttributionModel
    lexicon: frames.Lexicon
    x: np.ndarray
    y: np.ndarray


def folds(docs, parsed, n: int, thresholds: np.ndarray) -> list[Fold]:
    """The articles in n folds, each with the networks and cue table of the other folds and its
    frames as they read."""
    fold_of = np.random.default_rng(SEED + 7).permutation(len(docs)) % n
    settings = frames.lexicon().settings
    out = []
    for f in range(n):
        inside = [i for i in range(len(docs)) if fold_of[i] == f]
        rest = [i for i in range(len(docs)) if fold_of[i] != f]
        rest_docs, rest_parsed = [docs[i] for i in rest], [parsed[i] for i in rest]
        model = replace(fit_model(rest_docs, rest_parsed), thresholds=thresholds)
        lex = lexicon(count(rest_docs, rest_parsed)).tuned(**settings)
        fold_docs, fold_parsed = [docs[i] for i in inside], [parsed[i] for i in inside]
        x, y = record(fold_docs, fold_parsed, model, lex)
        out.append(Fold(fold_docs, fold_parsed, model, lex, x, y))
        print(f"fold {f + 1}/{n}: {len(inside)} articles, {len(x)} frames", flush=True)
    return out


def _rows(some: list[Fold], column: int) -> tuple[np.ndarray, np.ndarray]:
    """The frames of these folds and their labels of one column (found or attributed)."""
    return np.vstack([f.x for f in some]), np.vstack([f.y for f in some])[:, column : column + 1]


def cross_validate(all_folds: list[Fold], column: int, hidden: int, members: int) -> dict:
    """Counts of the whole quote component per threshold, each fold scored with a classifier
    trained on the frames of the other folds."""
    counts = {t: polnear.Counts() for t in THRESHOLDS}
    for k, fold in enumerate(all_folds):
        x, y = _rows([f for j, f in enumerate(all_folds) if j != k], column)
        networks = ensemble(x, y, hidden, members)
        for t in THRESHOLDS:
            judge = fc.FrameClassifier(networks, t, MIN_CUES)
            counts[t].add(
                score(
                    fold.docs,
                    fold.parsed,
                    model=fold.model,
                    frame_lexicon=fold.lexicon,
                    frame_judge=judge,
                )
            )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="keep the parsed split here between runs")
    parser.add_argument("--hidden", type=int, default=HIDDEN)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--members", type=int, default=MEMBERS, help="networks averaged")
    args = parser.parse_args()
    started = time.time()
    docs, parsed = parsed_train(args.polnear, args.cache)
    shipped = am.load()
    assert shipped is not None, "the token network must be trained first (train_attribution.py)"
    all_folds = folds(docs, parsed, args.folds, shipped.thresholds)
    results = []
    for column, name in enumerate(LABELS):
        for t, counts in cross_validate(all_folds, column, args.hidden, args.members).items():
            results.append((counts.attributed["f1"], counts.content["f1"], name, t))
            print(f"label {name}, threshold {t}: {counts.to_dict()}", flush=True)
    best = max(results, key=lambda r: (r[0], r[1]))
    print(f"chose label {best[2]}, threshold {best[3]}: attributed F1 {best[0]:.4f}", flush=True)
    x, y = _rows(all_folds, LABELS.index(best[2]))
    networks = ensemble(x, y, args.hidden, args.members)
    fc.FrameClassifier(networks, best[3], MIN_CUES).save(str(args.out))
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e3:.1f} kB) in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
