"""Precision and recall of syndicated-copy detection (prospects.ingest.syndication) on built pairs.

    .venv/bin/python scripts/measure_syndication.py [--shared ../shared/data] [--shingle 5]
        [--thresholds 0.3,0.4,0.5,0.6,0.7,0.8]

Positive pairs: each text of the shared sets beside a copy of it edited as an outlet edits a
wire story (another headline line, a dateline paragraph added, the first or last paragraph
cut, a closing boilerplate line, a few words changed, other quote marks and spacing, and all
of these at once). Negative pairs: different articles, both at random and on one topic
(consecutive stories of one set, which are from one day's wire or one outlet and subject).
A pair counts as found when it is an LSH candidate at the threshold (one band of the
signatures equal, with the bands and rows MinHashLSH picks) and the signatures' estimated
similarity reaches the threshold: what CopyIndex.add decides, computed without building an index
per pair (a sample of pairs is checked against CopyIndex itself).
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
from pathlib import Path

from datasketch import MinHash

from prospects.ingest import syndication

SETS = ("news2019/text", "wikinews/text", "reuters1987/text", "polnear/dev/text")
BOILERPLATE = (
    "Reporting by Staff Writers; Editing by the Desk.",
    "Copyright 2019 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "Sign up for our newsletter to get the day's top stories in your inbox.",
    "This article was originally published by a partner agency and is republished here.",
)
DATELINES = ("LONDON (Wire) -", "NEW YORK, Nov 19 (Wire) -", "WASHINGTON (AP) —")
MIN_WORDS = 40  # shorter texts are briefs and headlines lists, not stories an outlet reprints


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def headline(text: str, other: str, rng: random.Random) -> str:
    lines = text.strip().split("\n", 1)
    new = other.strip().split("\n", 1)[0]
    return new + "\n\n" + (lines[1] if len(lines) > 1 else lines[0])


def dateline(text: str, other: str, rng: random.Random) -> str:
    parts = paragraphs(text)
    return "\n\n".join([*parts[:1], rng.choice(DATELINES), *parts[1:]])


def add_paragraph(text: str, other: str, rng: random.Random) -> str:
    extra = max(paragraphs(other), key=len)
    return text.strip() + "\n\n" + extra


def cut_paragraph(text: str, other: str, rng: random.Random) -> str:
    parts = paragraphs(text)
    if len(parts) < 3:
        return text
    return "\n\n".join(parts[1:] if rng.random() < 0.5 else parts[:-1])


def boilerplate(text: str, other: str, rng: random.Random) -> str:
    return text.strip() + "\n\n" + rng.choice(BOILERPLATE)


def change_words(text: str, other: str, rng: random.Random, count: int = 4) -> str:
    tokens = text.split(" ")
    pool = other.split()
    for _ in range(count):
        tokens[rng.randrange(len(tokens))] = rng.choice(pool)
    return " ".join(tokens)


def typography(text: str, other: str, rng: random.Random) -> str:
    text = re.sub(r'"(\w)', "\u201c\\1", text)
    text = text.replace('"', "\u201d").replace("'", "\u2019").replace(" - ", " \u2014 ")
    return re.sub(
        r"(\S) (\S)",
        lambda m: m.group(1) + ("  " if rng.random() < 0.05 else " ") + m.group(2),
        text,
    )


def everything(text: str, other: str, rng: random.Random) -> str:
    for edit in (headline, dateline, boilerplate, change_words, typography):
        text = edit(text, other, rng)
    return text


EDITS = {
    "headline": headline,
    "dateline": dateline,
    "add paragraph": add_paragraph,
    "cut paragraph": cut_paragraph,
    "boilerplate": boilerplate,
    "4 words": change_words,
    "typography": typography,
    "all at once": everything,
}


def load(shared: Path) -> dict[str, list[str]]:
    found = {}
    for name in SETS:
        folder = shared / name
        if not folder.is_dir():
            continue
        texts = [
            p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob("*.txt"))
        ]
        found[name] = [t for t in texts if len(syndication.words(t)) >= MIN_WORDS]
    return found


def pairs(sets: dict[str, list[str]], seed: int = 17) -> list[tuple[str, str, str, bool]]:
    """(kind, first text, second text, is a copy)."""
    rng = random.Random(seed)
    every = [t for texts in sets.values() for t in texts]
    built: list[tuple[str, str, str, bool]] = []
    for texts in sets.values():
        for text in texts:
            other = rng.choice(every)
            for kind, edit in EDITS.items():
                built.append((kind, text, edit(text, other, rng), True))
        for first, second in itertools.pairwise(texts):
            built.append(("same set, consecutive", first, second, False))
    for _ in range(len(every)):
        first, second = rng.sample(every, 2)
        if first != second:
            built.append(("random", first, second, False))
    return built


def linked(a: MinHash, b: MinHash, threshold: float) -> bool:
    bands, rows = syndication.bands(threshold)
    equal = a.hashvalues[: bands * rows] == b.hashvalues[: bands * rows]
    candidate = bool(equal.reshape(bands, rows).all(axis=1).any())
    return candidate and syndication.similarity(a, b) >= threshold


def by_index(a: MinHash, b: MinHash, threshold: float) -> bool:
    index = syndication.CopyIndex(threshold)
    index.add("a", a)
    return index.add("b", b) == "a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).parents[1] / ".." / "shared" / "data"
    )
    parser.add_argument("--shingle", type=int, default=syndication.shingle_size())
    parser.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8")
    args = parser.parse_args()
    sets = load(args.shared)
    if not sets:
        raise SystemExit(f"no texts under {args.shared}")
    built = pairs(sets)
    print(
        f"texts: {', '.join(f'{k} {len(v)}' for k, v in sets.items())};",
        f"shingle {args.shingle} words",
    )
    print(
        f"pairs: {sum(p[3] for p in built)} copies,",
        f"{sum(not p[3] for p in built)} different articles",
    )
    signatures = [
        (
            kind,
            syndication.signature(a, size=args.shingle),
            syndication.signature(b, size=args.shingle),
            copy,
        )
        for kind, a, b, copy in built
    ]
    print("| threshold | precision | recall | false links | missed | missed by edit |")
    print("|---|---|---|---|---|---|")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        tp = fp = fn = 0
        missed: dict[str, int] = {}
        for i, (kind, a, b, copy) in enumerate(signatures):
            found = linked(a, b, threshold)
            if i % 97 == 0:
                assert found == by_index(a, b, threshold), "CopyIndex disagrees"
            tp += found and copy
            fp += found and not copy
            if copy and not found:
                fn += 1
                missed[kind] = missed.get(kind, 0) + 1
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        by_edit = ", ".join(f"{k} {v}" for k, v in sorted(missed.items())) or "-"
        print(f"| {threshold:.2f} | {precision:.4f} | {recall:.4f} | {fp} | {fn} | {by_edit} |")


if __name__ == "__main__":
    main()
