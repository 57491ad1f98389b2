"""The corpus's counts as a Markdown table, for docs/corpus.md.

python scripts/corpus_stats.py [corpus/forecasts]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from prospects.evaluate import corpus


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus/forecasts")
    rows, total = [], Counter()
    for name in corpus.SETS:
        lines = corpus.read_lines(folder / f"{name}.jsonl")
        n = Counter()
        for d in lines:
            key = (
                d["task"]
                if d["task"] != "forecast"
                else ("required" if d["required"] else "optional")
            )
            n[key] += 1
        kinds = Counter(d.get("kind") for d in lines if d["task"] == "forecast" and d["required"])
        total.update(n)
        by_kind = ", ".join(f"{k} {v}" for k, v in kinds.most_common())
        rows.append(f"| {name} | {n['article']} | {n['required']} | {n['optional']} | "
                    f"{n['not_forecast']} | {by_kind} |")  # fmt: skip
    print("| set | articles | required | optional | not_forecast | required by kind |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"| all | {total['article']} | {total['required']} | {total['optional']} | "
          f"{total['not_forecast']} | |")  # fmt: skip
    print(f"\nIn all: {total['article']} articles, {total['required']} required forecasts.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
