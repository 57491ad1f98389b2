"""Count cue words on PolNeAR train and write src/prospects/nlp/data/cue_lexicon.csv.

    .venv/bin/python scripts/build_cue_lexicon.py [--polnear ../shared/data/polnear] [--cache F]

For each lemma and coarse part of speech (VERB, PASS for a passive verb, NOUN, ADJ) it counts the
words outside quotation marks, how many of them head a gold Cue span (the cue word whose parse head
lies outside the cue: "expected" in "is expected to"), and, for those, whether the word's
grammatical subject lies in the gold Source or in the gold Content. The threshold on the cue rate
and the minimum count are picked on a held-out tenth of *train* (the tenth scripts/
train_attribution.py holds out, same seed) by the PolNeAR attributed F1 of the whole quote
component, with the table counted on the other nine tenths; the shipped table is then counted on
all of train. The dev split is never read here.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import itertools
import time
from collections import Counter
from pathlib import Path

from polnear_train import held_out, parsed_train, score
from spacy.tokens import Doc

from prospects.evaluate import polnear
from prospects.nlp import attribution_model, frames, pipeline, quotes

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "prospects" / "nlp" / frames.LEXICON_FILE
MIN_OCCURRENCES = 3  # rarer keys are not written at all
# settings tried on the held-out tenth (frames.Lexicon documents them)
# the settings tried on the held-out tenth
MIN_RATES = (0.3, 0.35, 0.4, 0.5)
MIN_COUNTS = (3, 5)
MIN_PRECISIONS = (0.0, 0.2)
VOUCHED = ((2.0, 2.0), (0.2, 0.3), (0.1, 0.5))  # (vouched_rate, vouched_prob); 2: never

HEADER = """\
# Cue words of attribution counted on PolNeAR train; read by prospects.nlp.frames.
#
# Provenance: derived from the PolNeAR corpus, train split (networkdynamics/PolNeAR v1.0.0; Newell,
# Margolin and Ruths, "An Attribution Relations Corpus for Political News", LREC 2018; see
# ../shared/data/polnear/README.md, which names no separate licence: cite the paper). Only counts
# of lemmas are stored, no text. Built by scripts/build_cue_lexicon.py with the spaCy pipeline
# {model}; keys seen fewer than {min_occ} times are left out.
# key = lemma/POS (VERB, PASS = passive verb, NOUN, ADJ; in:<object>/ADP for "in a poll");
# occurrences = words outside quotation marks; cues = those heading a gold Cue;
# subject_source / subject_content = cues whose subject lies in the gold Source / Content;
# frames = words from which prospects.nlp.frames read a frame, frames_found = those whose content
# lies mostly in a gold content, frames_attributed = those with the gold's source as well.
# The settings below were picked on a held-out tenth of train by the attributed F1 of the quote
# component (prospects.nlp.frames.Lexicon says what each does):
"""


def _inside(tok, segments) -> bool:
    end = tok.idx + len(tok.text)
    return any(tok.idx < e and end > s for s, e in segments)


def count(docs: list[polnear.PolnearDocument], parsed: list[Doc]) -> dict[str, list[int]]:
    """key -> the fields of frames.Entry, in order."""
    table: dict[str, list[int]] = {}
    for d, doc in zip(docs, parsed, strict=True):
        quoted = quotes.quoted_tokens(doc)
        heads: dict[int, polnear.GoldAttribution] = {}
        for g in d.gold:
            if not g.cue:
                continue
            span = doc.char_span(g.cue[0][0], g.cue[-1][1], alignment_mode="expand")
            if span is None:
                continue
            inside = {t.i for t in span if _inside(t, g.cue)}
            for i in inside:
                if doc[i].head.i not in inside or doc[i].head.i == i:
                    heads.setdefault(i, g)
        for tok in doc:
            if quoted[tok.i]:
                continue
            k = frames.key(tok)
            if k is None:
                continue
            row = table.setdefault(k, [0] * 7)
            row[0] += 1
            g = heads.get(tok.i)
            if g is None:
                continue
            row[1] += 1
            subj = frames.subject(tok)
            if subj is None and tok.dep_ == "acomp":
                subj = frames.subject(tok.head)
            if subj is not None:
                if _inside(subj, g.source):
                    row[2] += 1
                elif _inside(subj, g.content):
                    row[3] += 1
    permissive = frames.Lexicon({k: frames.Entry(*v) for k, v in table.items()}, permissive=True)
    for d, doc in zip(docs, parsed, strict=True):
        quoted = quotes.quoted_tokens(doc)
        for tok in doc:
            if quoted[tok.i]:
                continue
            found = frames.frame(tok, permissive)
            if found is None:
                continue
            row = table[frames.key(tok) or ""]
            row[4] += 1
            start, end = doc[found.first].idx, doc[found.last].idx + len(doc[found.last])
            best, best_overlap = None, 0
            for g in d.gold:
                overlap = polnear._overlap((start, end), g.content)
                if overlap > best_overlap:
                    best, best_overlap = g, overlap
            if best is None or 2 * best_overlap < end - start:
                continue
            mention = found.mention or found.speaker
            right = (mention is None and not best.source) or (
                mention is not None and _inside(mention, best.source)
            )
            row[5] += 1
            row[6] += right
    return table


def lexicon(table: dict[str, list[int]]) -> frames.Lexicon:
    return frames.Lexicon({k: frames.Entry(*v) for k, v in table.items()})


def write(table: dict[str, list[int]], out: Path, model: str, settings: dict[str, float]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", *(f.name for f in dataclasses.fields(frames.Entry))])
    for k, row in sorted(table.items(), key=lambda kv: (-kv[1][1], kv[0])):
        if row[0] >= MIN_OCCURRENCES and row[1] > 0:
            writer.writerow([k, *row])
    header = HEADER.format(model=model, min_occ=MIN_OCCURRENCES) + "".join(
        f"# {name} = {value}\n" for name, value in settings.items()
    )
    out.write_text(header + buffer.getvalue(), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, help="keep the parsed split here between runs")
    args = parser.parse_args()
    started = time.time()
    docs, parsed = parsed_train(args.polnear, args.cache)
    held, fit = held_out(len(docs))
    fit_lex = lexicon(count([docs[i] for i in fit], [parsed[i] for i in fit]))
    held_docs = [docs[i] for i in held]
    held_parsed = [parsed[i] for i in held]
    model = attribution_model.load()
    results = []
    grid = itertools.product(MIN_RATES, MIN_COUNTS, MIN_PRECISIONS, VOUCHED)
    for rate, count_, floor, (v_rate, v_prob) in grid:
        settings: dict[str, float] = {
            "min_rate": rate,
            "min_count": count_,
            "min_precision": floor,
            "vouched_rate": v_rate,
            "vouched_prob": v_prob,
        }
        counts = score(held_docs, held_parsed, model=model, frame_lexicon=fit_lex.tuned(**settings))
        results.append((counts.attributed["f1"], counts.content["f1"], settings))
        print(f"{settings}: {counts.to_dict()}", flush=True)
    rules_only = score(held_docs, held_parsed, model=model, frame_lexicon=frames.Lexicon({}))
    print(f"without learned cue words: {rules_only.to_dict()}")
    best = max(results, key=lambda r: (r[0], r[1]))[2]
    table = count(docs, parsed)
    meta = pipeline.load(components=[]).meta
    model_name = f"{meta['name']} {meta['version']}"
    write(table, args.out, model_name, best)
    size = args.out.stat().st_size
    print(f"chose {best}")
    print(f"wrote {args.out} ({size / 1e3:.0f} kB) in {time.time() - started:.0f}s")
    print(Counter({k: v[1] for k, v in table.items()}).most_common(20))


if __name__ == "__main__":
    main()
