"""Draw the forecast corpus's articles at random (issue 14): corpus/forecasts/sample.json.

Every article of a text set is equally likely, whatever it says: the draw never looks at the
texts, so the corpus is not picked for its forecasts. The first `--second` articles of each
set's draw are also annotated a second time, independently (corpus/forecasts/second/).

    python scripts/sample_corpus.py --shared ../shared
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SETS = {
    "polnear-train": "data/polnear/train/text",
    "wikinews": "data/wikinews/text",
    "reuters1987": "data/reuters1987/text",
}
SEED = 14  # the number: fixed so that the draw can be repeated


def draw(
    shared: Path, sizes: dict[str, int], second: int, more: dict[str, int]
) -> dict[str, dict[str, list[str]]]:
    out = {}
    for name, folder in SETS.items():
        docs = sorted(p.stem for p in (shared / folder).glob("*.txt"))
        picked = random.Random(f"{SEED}:{name}").sample(docs, sizes[name])
        # a second draw from the articles left, made when the first fell short of 1,000
        # required forecasts; as blind to the texts as the first
        rest = [d for d in docs if d not in set(picked)]
        extra = random.Random(f"{SEED}:{name}:more").sample(rest, more.get(name, 0))
        out[name] = {"first": picked + extra, "second": picked[:second]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--size", type=int, default=125, help="articles per set")
    ap.add_argument("--reuters-size", type=int, default=130)
    ap.add_argument("--second", type=int, default=12, help="articles per set annotated twice")
    ap.add_argument("--reuters-more", type=int, default=80, help="the second draw of reuters1987")
    ap.add_argument("--out", type=Path, default=Path("corpus/forecasts/sample.json"))
    a = ap.parse_args()
    sizes = {"polnear-train": a.size, "wikinews": a.size, "reuters1987": a.reuters_size}
    more = {"reuters1987": a.reuters_more}
    sample = {"seed": SEED, "sets": draw(a.shared, sizes, a.second, more)}
    a.out.write_text(json.dumps(sample, indent=1) + "\n", encoding="utf-8")
    print(f"{a.out}: " + ", ".join(f"{k} {len(v['first'])}" for k, v in sample["sets"].items()))


if __name__ == "__main__":
    main()
