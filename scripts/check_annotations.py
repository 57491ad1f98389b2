"""Self-check for a forecast annotation file: every line's fields, kinds, ranges and anchors.

    python scripts/check_annotations.py FILE.jsonl [--shared ../shared]

Prints one line per problem and exits 1 when there is any; prints a count summary otherwise.
The texts are looked up in every text folder of ../shared (the corpus sets and the dev sets).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from prospects.evaluate import corpus

FOLDERS = [*corpus.SETS.values(), "data/polnear/dev/text", "data/news2019/text", "seed"]


def published_dates(shared: Path) -> dict[str, str | None]:
    """Publication dates as the sets' metadata give them (wikinews has none)."""
    out: dict[str, str | None] = {"ukraine-prospects-2024-07": "2024-07-10"}
    for name, doc_col, date_col in (
        ("polnear", "filename", "publication_date"),
        ("reuters1987", "doc", "published"),
        ("news2019", "doc", "published"),
    ):
        with open(shared / "data" / name / "metadata.tsv", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                value = row[date_col]
                out[row[doc_col]] = None if value in ("", "null", "None") else value
    for p in (shared / "data/wikinews/text").glob("*.txt"):
        out[p.stem] = None
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    a = ap.parse_args()
    bad = 0
    for path in a.files:
        lines = corpus.read_lines(path)
        texts = corpus.load_texts([a.shared / f for f in FOLDERS], {d["doc"] for d in lines})
        found = corpus.problems(lines, texts, published_dates(a.shared))
        for p in found:
            print(f"{path}: {p}")
        bad += len(found)
        n = Counter((d["task"], d.get("required")) for d in lines)
        print(f"{path}: {len({d['doc'] for d in lines})} docs, {n[('forecast', True)]} required, "
              f"{n[('forecast', False)]} optional, {n[('not_forecast', None)]} not_forecast; "
              f"{len(found)} problems")  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
