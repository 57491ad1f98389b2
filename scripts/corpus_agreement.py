"""Agreement of one forecast annotation with another: detection F1 and attribute agreement.

    python scripts/corpus_agreement.py REFERENCE.jsonl [...] --against OTHER.jsonl [...] [--json]

REFERENCE is the gold (for the calibration round) or the first annotation; OTHER the annotation
measured against it. Only articles annotated in both count. Anchors match when one covers at
least half of the other; a required forecast of one side counts as found when the other side
marks it, required or optional (the guide: an optional forecast neither earns nor costs).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from check_annotations import FOLDERS

from prospects.evaluate import corpus


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reference", nargs="+", type=Path)
    ap.add_argument("--against", nargs="+", type=Path, required=True)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--details", action="store_true", help="list every disagreement")
    a = ap.parse_args()
    ref = [d for p in a.reference for d in corpus.read_lines(p)]
    other = [d for p in a.against for d in corpus.read_lines(p)]
    docs = {d["doc"] for d in ref} | {d["doc"] for d in other}
    texts = corpus.load_texts([a.shared / f for f in FOLDERS], docs)
    result = corpus.agreement(ref, other, texts)
    if a.json:
        out = result.to_dict()
        if a.details:
            out.update(only_reference=result.only_a, only_other=result.only_b,
                       differ=result.differ)  # fmt: skip
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return 0
    print(f"detection: reference required {result.a_required}, other required {result.b_required}")
    print(f"  recall {result.recall:.3f}  precision {result.precision:.3f}  F1 {result.f1:.3f}")
    print(f"attributes over {result.pairs} pairs (mean {result.attributes:.3f}): " + ", ".join(
        f"{n} {result.attribute(n):.3f}" for n in corpus.ATTRIBUTES))  # fmt: skip
    if a.details:
        for x in result.only_a:
            print("only in reference:", x)
        for x in result.only_b:
            print("only in other:", x)
        for x in result.differ:
            print("differ:", json.dumps(x, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
