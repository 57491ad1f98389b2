"""What the attribution training scripts share: PolNeAR train parsed once, and its held-out tenth.

scripts/train_attribution.py and build_cue_lexicon.py tune on the same held-out tenth of *train*
(never on dev), so that tenth is drawn here, once, with one seed. train_frame_classifier.py
cross-validates over all of train instead (its own five folds).
"""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from prospects.evaluate import polnear
from prospects.nlp import pipeline, quotes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POLNEAR = ROOT.parent / "shared/data/polnear"
SEED = 20240705


def parsed_train(
    polnear_dir: Path, cache: Path | None
) -> tuple[list[polnear.PolnearDocument], list[Doc]]:
    """The train split's documents and their parses; `cache` keeps the parses between runs."""
    started = time.time()
    split = polnear_dir / "train"
    docs = polnear.documents(split / "attributions", split / "text")
    nlp = pipeline.load(components=[])
    if cache and cache.exists():
        parsed = [Doc(nlp.vocab).from_bytes(b) for b in pickle.loads(cache.read_bytes())]
    else:
        parsed = list(nlp.pipe((d.text for d in docs), batch_size=8))
        if cache:
            cache.write_bytes(pickle.dumps([doc.to_bytes() for doc in parsed]))
    print(f"parsed {len(docs)} documents in {time.time() - started:.0f}s", flush=True)
    return docs, parsed


def held_out(n: int) -> tuple[list[int], list[int]]:
    """(held-out tenth, the rest) of n documents, as sorted indexes."""
    order = np.random.default_rng(SEED).permutation(n)
    held = sorted(order[: n // 10].tolist())
    taken = set(held)
    return held, [i for i in range(n) if i not in taken]


def score(
    docs: list[polnear.PolnearDocument], parsed: list[Doc], **attribute: Any
) -> polnear.Counts:
    """PolNeAR counts of quotes.attribute(doc, **attribute) over parsed documents."""
    counts = polnear.Counts()
    for d, doc in zip(docs, parsed, strict=True):
        found, _ = quotes.attribute(doc, **attribute)
        counts.add(polnear.score_document(d.gold, [polnear.Prediction.of(q) for q in found]))
    return counts
