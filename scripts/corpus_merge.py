"""Gather annotators' batch files into the corpus files, one per text set, in doc order.

    python scripts/corpus_merge.py BATCH.jsonl [...] --out corpus/forecasts [--second]

Each line goes to `<out>/<set>.jsonl` (or `<out>/second/<set>.jsonl` with --second) by the set of
its article line. A doc already in the corpus file is replaced by the batch's lines for it, so a
re-annotated or adjudicated article is merged by running this again.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from prospects.evaluate import corpus

ORDER = {"article": 0, "forecast": 1, "not_forecast": 2, "quote": 3}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("batches", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path("corpus/forecasts"))
    ap.add_argument("--second", action="store_true")
    a = ap.parse_args()
    new: dict[str, list[dict]] = defaultdict(list)
    set_of: dict[str, str] = {}
    for path in a.batches:
        for d in corpus.read_lines(path):
            d.pop("_line", None)
            new[d["doc"]].append(d)
            if d["task"] == "article":
                set_of[d["doc"]] = d["set"]
    folder = a.out / "second" if a.second else a.out
    folder.mkdir(parents=True, exist_ok=True)
    for set_name in sorted(set(set_of.values())):
        path = folder / f"{set_name}.jsonl"
        docs: dict[str, list[dict]] = defaultdict(list)
        if path.exists():
            for d in corpus.read_lines(path):
                d.pop("_line", None)
                docs[d["doc"]].append(d)
        for doc, lines in new.items():
            if set_of.get(doc) == set_name:
                docs[doc] = lines
        with path.open("w", encoding="utf-8") as f:
            for doc in sorted(docs):
                for d in sorted(docs[doc], key=lambda d: ORDER.get(d["task"], 9)):
                    f.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(f"{path}: {len(docs)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
