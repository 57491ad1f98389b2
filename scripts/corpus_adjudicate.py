"""Apply the adjudicator's decisions on doubly annotated articles to the main corpus files.

    python scripts/corpus_adjudicate.py corpus/forecasts/adjudication/decisions.jsonl

Each line of the decision log settles one disagreement that `scripts/corpus_agreement.py
--details` listed between the first annotation (the main files) and the second (`second/`):

    {"doc": ..., "anchor": <the main file's anchor, or null if only the second had it>,
     "decision": "first" | "second" | "edit" | "drop",
     "line": {<the final forecast or not_forecast line>}   (for "second" and "edit"),
     "why": "<the reason, by the guide>"}

"first" leaves the main line as it is; "second", "edit" put `line` in place of the main line with
that anchor (or add it); "drop" removes the main line. The log is applied again after every merge,
so it is idempotent: a line already in place is not added twice.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corpus_merge import ORDER

from prospects.evaluate import corpus

DECISIONS = ("first", "second", "edit", "drop")


def apply(lines: list[dict], decisions: list[dict]) -> tuple[list[dict], int]:
    """The lines with the decisions applied, and how many lines changed."""
    changed = 0
    for dec in decisions:
        if dec["decision"] not in DECISIONS:
            raise ValueError(f"{dec['doc']}: unknown decision {dec['decision']!r}")
        if dec["decision"] == "first":
            continue
        anchor = dec.get("anchor")
        at = [i for i, d in enumerate(lines)
              if anchor and d["doc"] == dec["doc"] and d.get("anchor") == anchor]  # fmt: skip
        new = dec.get("line")
        if dec["decision"] == "drop":
            for i in reversed(at):
                del lines[i]
                changed += 1
            continue
        if new is None:
            raise ValueError(f"{dec['doc']}: decision {dec['decision']!r} needs a line")
        new = {"doc": dec["doc"], **new}
        if new in lines:
            continue
        if at:
            lines[at[0]] = new
        else:
            lines.append(new)
        changed += 1
    return lines, changed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log", type=Path)
    ap.add_argument("--out", type=Path, default=Path("corpus/forecasts"))
    a = ap.parse_args()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for dec in corpus.read_lines(a.log):
        dec.pop("_line", None)
        by_doc[dec["doc"]].append(dec)
    total = 0
    for path in sorted(a.out.glob("*.jsonl")):
        lines = [d for d in corpus.read_lines(path)]
        for d in lines:
            d.pop("_line", None)
        published = {d["doc"]: d.get("published") for d in lines if d["task"] == "article"}
        mine = [dec for doc, decs in by_doc.items() if doc in published for dec in decs]
        for dec in mine:
            if dec.get("line"):
                dec["line"].setdefault("published", published[dec["doc"]])
        lines, changed = apply(lines, mine)
        if not changed:
            continue
        total += changed
        order = {doc: i for i, doc in enumerate(sorted(published))}
        lines.sort(key=lambda d: (order[d["doc"]], ORDER.get(d["task"], 9)))
        with path.open("w", encoding="utf-8") as f:
            for d in lines:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        print(f"{path}: {changed} lines changed")
    print(f"{sum(map(len, by_doc.values()))} decisions, {total} lines changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
