"""Score quote and speaker attribution against PolNeAR brat files.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates every attribution of political news as
Source, Cue and Content spans tied by an `E` line. The scoring rule (issue 4):

- gold contents may be discontinuous, so each is a set of segments;
- each predicted content is assigned to the gold content it overlaps most, if at least half of the
  prediction lies inside it;
- a gold content is *found* when the predictions assigned to it cover at least half of it;
- content precision = share of predictions assigned to a found gold, recall = share of gold found;
- *attributed* counts a found gold only when every prediction assigned to it has a
  `source_mention` overlapping the gold Source span. PolNeAR also annotates attributions with no
  source ("it is believed that ..."); such a gold counts as attributed when none of the predictions
  assigned to it names a source either, since "nobody in particular" is then the right answer.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from prospects.records import Quote

Segments = tuple[tuple[int, int], ...]

_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")


@dataclass(frozen=True)
class GoldAttribution:
    """One PolNeAR attribution: its content and source as sets of character segments."""

    content: Segments
    source: Segments = ()
    cue: Segments = ()


@dataclass(frozen=True)
class Prediction:
    """What the scorer needs of a predicted quote: its content and the mention of its speaker."""

    content: tuple[int, int]
    source_mention: tuple[int, int] | None = None

    @classmethod
    def of(cls, quote: Quote) -> Prediction:
        mention = quote.source_mention
        return cls(
            (quote.content.start, quote.content.end),
            (mention.start, mention.end) if mention else None,
        )


@dataclass
class Counts:
    """Tallies from which precision, recall and F1 are computed; they add across documents."""

    predicted: int = 0
    gold: int = 0
    content_tp_pred: int = 0  # predictions assigned to a found gold
    content_found: int = 0  # gold contents found
    attributed_tp_pred: int = 0  # predictions assigned to a found and attributed gold
    attributed_found: int = 0  # gold contents found with the right speaker

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _prf(tp_pred: int, predicted: int, found: int, gold: int) -> dict[str, float]:
        p = tp_pred / predicted if predicted else 0.0
        r = found / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f}

    @property
    def content(self) -> dict[str, float]:
        return self._prf(self.content_tp_pred, self.predicted, self.content_found, self.gold)

    @property
    def attributed(self) -> dict[str, float]:
        return self._prf(self.attributed_tp_pred, self.predicted, self.attributed_found, self.gold)

    def to_dict(self) -> dict[str, object]:
        return {
            "predicted": self.predicted,
            "gold": self.gold,
            "content": _rounded(self.content),
            "attributed": _rounded(self.attributed),
        }


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in scores.items()}


@dataclass
class PolnearResult:
    """Overall and per-publisher counts of one evaluation run."""

    documents: int = 0
    overall: Counts = field(default_factory=Counts)
    publishers: dict[str, Counts] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "overall": self.overall.to_dict(),
            "publishers": {name: c.to_dict() for name, c in sorted(self.publishers.items())},
        }


def _segments(offsets: str) -> Segments:
    pairs = (part.split() for part in offsets.split(";"))
    return tuple(sorted((int(a), int(b)) for a, b in pairs))


def read_brat(path: Path) -> list[GoldAttribution]:
    """The attributions of one brat `.ann` file; an attribution's several contents are joined."""
    spans: dict[str, tuple[str, Segments]] = {}
    events: list[list[tuple[str, str]]] = []  # E lines: (role, span id) pairs
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _SPAN_LINE.match(line):
            spans[match[1]] = (match[2], _segments(match[3]))
        elif line.startswith("E"):
            pairs = (role.partition(":") for role in line.split("\t")[1].split())
            events.append([(role, span_id) for role, _, span_id in pairs])
    gold: list[GoldAttribution] = []
    for roles in events:
        content: list[tuple[int, int]] = []
        source: list[tuple[int, int]] = []
        cue: list[tuple[int, int]] = []
        for role, span_id in roles:
            if span_id not in spans:
                continue
            if role.startswith("Content"):
                content.extend(spans[span_id][1])
            elif role.startswith("Source"):
                source.extend(spans[span_id][1])
            elif role.startswith("Cue"):
                cue.extend(spans[span_id][1])
        if content:
            gold.append(
                GoldAttribution(tuple(sorted(content)), tuple(sorted(source)), tuple(sorted(cue)))
            )
    return gold


def _overlap(a: tuple[int, int], segments: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in segments)


def _covered(segments: Segments, pieces: Sequence[tuple[int, int]]) -> int:
    """Characters of `segments` covered by the union of `pieces`."""
    total = 0
    for s, e in segments:
        cursor = s
        for ps, pe in sorted(pieces):
            lo, hi = max(ps, cursor), min(pe, e)
            if hi > lo:
                total += hi - lo
                cursor = hi
    return total


def score_document(gold: Sequence[GoldAttribution], predictions: Sequence[Prediction]) -> Counts:
    """Counts for one document under the assignment rule of the module docstring."""
    assigned: dict[int, list[Prediction]] = {}
    for pred in predictions:
        length = pred.content[1] - pred.content[0]
        if length <= 0:
            continue
        best, best_overlap = -1, 0
        for i, g in enumerate(gold):
            overlap = _overlap(pred.content, g.content)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best >= 0 and 2 * best_overlap >= length:
            assigned.setdefault(best, []).append(pred)
    counts = Counts(predicted=len(predictions), gold=len(gold))
    for i, preds in assigned.items():
        g = gold[i]
        size = sum(e - s for s, e in g.content)
        if 2 * _covered(g.content, [p.content for p in preds]) < size:
            continue
        counts.content_found += 1
        counts.content_tp_pred += len(preds)
        if _attributed(g, preds):
            counts.attributed_found += 1
            counts.attributed_tp_pred += len(preds)
    return counts


def _attributed(gold: GoldAttribution, preds: Sequence[Prediction]) -> bool:
    if not gold.source:
        return all(p.source_mention is None for p in preds)
    return all(
        p.source_mention is not None and _overlap(p.source_mention, gold.source) > 0 for p in preds
    )


@dataclass(frozen=True)
class PolnearDocument:
    name: str
    publisher: str
    text: str
    gold: list[GoldAttribution]


def publishers(metadata: Path) -> dict[str, str]:
    """Document name -> publisher, from PolNeAR's metadata.tsv."""
    with metadata.open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row["publisher"] for row in csv.DictReader(handle, delimiter="\t")}


def documents(
    ann_dir: Path, text_dir: Path, *, limit: int | None = None, metadata: Path | None = None
) -> list[PolnearDocument]:
    """The documents of a split: text plus the first annotation file (by name) of each."""
    if metadata is None:
        candidate = text_dir.parent.parent / "metadata.tsv"
        metadata = candidate if candidate.exists() else None
    publisher_of = publishers(metadata) if metadata else {}
    first_ann: dict[str, Path] = {}
    for ann_path in sorted(ann_dir.glob("*.ann")):
        first_ann.setdefault(ann_path.stem.rsplit("_", 1)[0], ann_path)
    docs: list[PolnearDocument] = []
    for text_path in sorted(text_dir.glob("*.txt")):
        ann = first_ann.get(text_path.stem)
        if ann is None:
            continue
        name = text_path.stem
        publisher = publisher_of.get(name) or name.split("_", 1)[0]
        text = text_path.read_text(encoding="utf-8")
        docs.append(PolnearDocument(name, publisher, text, read_brat(ann)))
        if limit is not None and len(docs) >= limit:
            break
    return docs


Predictor = Callable[[Iterable[str]], Iterator[Sequence[Quote]]]


def evaluate(
    docs: Sequence[PolnearDocument],
    predict: Predictor,
    *,
    progress: Callable[[], None] | None = None,
) -> PolnearResult:
    """Score `predict` (texts -> quotes per text, in order) on `docs`."""
    result = PolnearResult()
    for doc, quotes in zip(docs, predict(d.text for d in docs), strict=True):
        counts = score_document(doc.gold, [Prediction.of(q) for q in quotes])
        result.documents += 1
        result.overall.add(counts)
        result.publishers.setdefault(doc.publisher, Counts()).add(counts)
        if progress:
            progress()
    return result


def pipeline_predictor(nlp: Language, *, batch_size: int = 8) -> Predictor:
    """A predictor that runs `nlp` (with prospects_quotes) and returns `doc._.quotes`."""

    def predict(texts: Iterable[str]) -> Iterator[Sequence[Quote]]:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield list(doc._.quotes or [])

    return predict
