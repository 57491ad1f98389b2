"""The annotated forecast corpus (corpus/forecasts/<set>.jsonl): its lines checked, and agreement.

A corpus file holds gold lines of ../shared/spec/FORECASTS.md plus one `"task": "article"` line
per annotated article, so that an article with no forecast is still in the corpus (anything an
extractor reports there is a false positive) and carries its domain for per-domain figures.

`problems()` is what the annotators' self-check and the test suite run over every line.
`agreement()` compares two annotations of the same articles: detection F1 with anchors matched
when one covers at least half of the other, and per-attribute agreement over matched pairs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

KINDS = ("prediction", "conditional", "expectation", "pledge")
SOURCE_TYPES = ("person", "organization", "group", "author")
TASKS = ("article", "forecast", "not_forecast", "quote")
DOMAINS = (
    "elections", "politics", "economy", "markets", "business", "commodities", "energy",
    "conflict", "law", "health", "science", "technology", "environment", "transport", "sport",
    "culture", "other",
)  # fmt: skip

# The corpus sets and where their texts are, relative to ../shared.
SETS = {
    "polnear-train": "data/polnear/train/text",
    "wikinews": "data/wikinews/text",
    "reuters1987": "data/reuters1987/text",
}
ATTRIBUTES = ("kind", "source_type", "source_name", "probability", "horizon", "condition")


def read_lines(path: Path) -> list[dict[str, Any]]:
    out = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{number}: not JSON ({e.msg})") from None
        d["_line"] = number
        out.append(d)
    return out


def _iso(value: Any) -> bool:
    try:
        date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False


def _check_forecast(d: dict[str, Any], text: str) -> list[str]:
    errs = []
    kind = d.get("kind")
    if kind not in KINDS:
        errs.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    source = d.get("source")
    if not isinstance(source, dict):
        errs.append("source is missing")
    else:
        if source.get("type") not in SOURCE_TYPES:
            errs.append(f"source.type {source.get('type')!r} is not one of {SOURCE_TYPES}")
        if not isinstance(source.get("anonymous"), bool):
            errs.append("source.anonymous must be true or false")
        name = source.get("name")
        if source.get("type") == "author":
            if source.get("anonymous"):
                errs.append("an author source is not anonymous")
        elif not isinstance(name, str) or not name.strip():
            errs.append("source.name is missing for a non-author source")
    cue = d.get("cue")
    if not isinstance(cue, str) or not cue.strip():
        errs.append("cue is missing")
    elif cue.lower() not in text.lower():
        errs.append(f"cue {cue!r} is not in the text")
    prob = d.get("probability")
    if kind == "pledge":
        if prob is not None:
            errs.append("a pledge has probability null")
    elif not (
        isinstance(prob, list)
        and len(prob) == 2
        and all(isinstance(x, int | float) for x in prob)
        and 0.0 <= prob[0] <= prob[1] <= 1.0
    ):
        errs.append(f"probability {prob!r} is not [low, high] with 0 <= low <= high <= 1")
    hend = d.get("horizon_end")
    if hend is not None and not (
        isinstance(hend, list)
        and len(hend) == 2
        and all(_iso(x) for x in hend)
        and hend[0] <= hend[1]
    ):
        errs.append(f"horizon_end {hend!r} is not null or [earliest, latest] ISO dates")
    cond = d.get("condition")
    if cond is not None and (not isinstance(cond, str) or not cond.strip()):
        errs.append("condition must be null or words of the text")
    elif isinstance(cond, str) and " ".join(cond.lower().split()) not in " ".join(
        text.lower().split()
    ):
        errs.append(f"condition {cond!r} is not words of the text")
    if kind == "conditional" and cond is None:
        errs.append("a conditional has a condition (FORECASTS.md)")
    return errs


def problems(
    lines: Sequence[dict[str, Any]],
    texts: Mapping[str, str],
    published: Mapping[str, str | None] | None = None,
) -> list[str]:
    """Every problem of a corpus file's lines, one readable line each ('' when all is well).

    `texts` maps a doc to its text; `published` (when given) to its publication date as the
    set's metadata has it.
    """
    out: list[str] = []
    articles: dict[str, int] = defaultdict(int)
    anchors: dict[tuple[str, str, str], int] = {}
    for d in lines:
        where = f"line {d.get('_line', '?')} ({d.get('doc')})"
        task = d.get("task")
        doc = str(d.get("doc"))
        if task not in TASKS:
            out.append(f"{where}: task {task!r} is not one of {TASKS}")
            continue
        if doc not in texts:
            out.append(f"{where}: no text for doc {doc!r}")
            continue
        pub = d.get("published")
        if pub is not None and not _iso(pub):
            out.append(f"{where}: published {pub!r} is not an ISO date or null")
        if published is not None and pub != published.get(doc):
            out.append(f"{where}: published {pub!r}, the metadata says {published.get(doc)!r}")
        if task == "article":
            articles[doc] += 1
            if d.get("domain") not in DOMAINS:
                out.append(f"{where}: domain {d.get('domain')!r} is not one of {DOMAINS}")
            continue
        if task == "quote":
            continue
        text = texts[doc]
        anchor = d.get("anchor")
        if not isinstance(anchor, str) or not anchor.strip():
            out.append(f"{where}: anchor is missing")
            continue
        if anchor not in text:
            out.append(f"{where}: anchor is not an exact substring of the text: {anchor!r}")
            continue
        if text.count(anchor) > 1:
            out.append(
                f"{where}: anchor occurs {text.count(anchor)} times; make it unique: {anchor!r}"
            )
        if anchor != anchor.strip():
            out.append(f"{where}: anchor has outer whitespace: {anchor!r}")
        key = (doc, str(task), anchor)
        if key in anchors:
            out.append(f"{where}: the same anchor again (line {anchors[key]}): {anchor!r}")
        anchors[key] = d.get("_line", 0)
        if task == "not_forecast":
            continue
        if not isinstance(d.get("required"), bool):
            out.append(f"{where}: required must be true or false")
            continue
        if d["required"] or "kind" in d:
            out += [f"{where}: {e}" for e in _check_forecast(d, text)]
    for doc in {str(d.get("doc")) for d in lines if d.get("task") in TASKS}:
        if doc in texts and articles[doc] != 1:
            out.append(f"{doc}: {articles[doc]} article lines, where one is needed")
    return out


# --- agreement between two annotations -------------------------------------------------------


@dataclass(frozen=True)
class Anchored:
    doc: str
    start: int
    end: int
    required: bool
    data: dict[str, Any]


def anchored(lines: Iterable[dict[str, Any]], texts: Mapping[str, str]) -> list[Anchored]:
    out = []
    for d in lines:
        if d.get("task") != "forecast" or d.get("doc") not in texts:
            continue
        at = texts[d["doc"]].find(d["anchor"])
        if at >= 0:
            out.append(Anchored(d["doc"], at, at + len(d["anchor"]), bool(d.get("required")), d))
    return out


def _covers(a: Anchored, b: Anchored) -> bool:
    """One of the two spans covers at least half of the other."""
    if a.doc != b.doc:
        return False
    overlap = min(a.end, b.end) - max(a.start, b.start)
    return overlap > 0 and (overlap * 2 >= (a.end - a.start) or overlap * 2 >= (b.end - b.start))


def _norm(s: Any) -> str:
    return " ".join(str(s or "").lower().replace("’", "'").split())


def _same_name(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("type") == "author" or b.get("type") == "author":
        return a.get("type") == b.get("type")
    x, y = _norm(a.get("name")), _norm(b.get("name"))
    if not x or not y:
        return x == y
    return x in y or y in x or x.split()[-1] == y.split()[-1]


def _ranges_meet(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(a[0] <= b[1] and b[0] <= a[1])


def _condition_agrees(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    x, y = set(_norm(a).split()), set(_norm(b).split())
    return bool(x & y)


def attribute_agreement(a: dict[str, Any], b: dict[str, Any]) -> dict[str, bool]:
    sa, sb = a.get("source") or {}, b.get("source") or {}
    return {
        "kind": a.get("kind") == b.get("kind"),
        "source_type": sa.get("type") == sb.get("type"),
        "source_name": _same_name(sa, sb),
        "probability": _ranges_meet(a.get("probability"), b.get("probability")),
        "horizon": _ranges_meet(a.get("horizon_end"), b.get("horizon_end")),
        "condition": _condition_agrees(a.get("condition"), b.get("condition")),
    }


@dataclass
class Agreement:
    """How far annotation B agrees with annotation A (A is the reference: gold, or the first)."""

    a_required: int = 0
    a_found: int = 0  # A's required forecasts that B marks, required or optional
    b_required: int = 0
    b_found: int = 0  # B's required forecasts that A marks, required or optional
    pairs: int = 0  # required in both and matched
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    differ: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.a_found / self.a_required if self.a_required else 0.0

    @property
    def precision(self) -> float:
        return self.b_found / self.b_required if self.b_required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def attribute(self, name: str) -> float:
        return self.agree[name] / self.pairs if self.pairs else 0.0

    @property
    def attributes(self) -> float:
        """The mean agreement over the attributes."""
        return sum(self.attribute(a) for a in ATTRIBUTES) / len(ATTRIBUTES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a_required": self.a_required,
            "b_required": self.b_required,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pairs": self.pairs,
            "attributes": {a: round(self.attribute(a), 4) for a in ATTRIBUTES},
            "attribute_mean": round(self.attributes, 4),
        }


def agreement(
    a_lines: Iterable[dict[str, Any]], b_lines: Iterable[dict[str, Any]], texts: Mapping[str, str]
) -> Agreement:
    """Detection and attribute agreement of B with A over the docs both annotated."""
    a_all, b_all = anchored(a_lines, texts), anchored(b_lines, texts)
    docs = {x.doc for x in a_all} & {x.doc for x in b_all}
    a_all = [x for x in a_all if x.doc in docs]
    b_all = [x for x in b_all if x.doc in docs]
    result = Agreement()
    for x in a_all:
        if not x.required:
            continue
        result.a_required += 1
        match = [y for y in b_all if _covers(x, y)]
        if not match:
            result.only_a.append(f"{x.doc}: {x.data['anchor']}")
            continue
        result.a_found += 1
        partner = next((y for y in match if y.required), None)
        if partner is None or "kind" not in partner.data:
            continue
        result.pairs += 1
        ok = attribute_agreement(x.data, partner.data)
        for name, good in ok.items():
            result.agree[name] += int(good)
        wrong = [n for n, good in ok.items() if not good]
        if wrong:
            result.differ.append({"doc": x.doc, "anchor": x.data["anchor"], "differ": wrong,
                                  "a": _short(x.data), "b": _short(partner.data)})  # fmt: skip
    for y in b_all:
        if not y.required:
            continue
        result.b_required += 1
        if any(_covers(y, x) for x in a_all):
            result.b_found += 1
        else:
            result.only_b.append(f"{y.doc}: {y.data['anchor']}")
    return result


def _short(d: dict[str, Any]) -> dict[str, Any]:
    keep = ("anchor", "kind", "source", "cue", "probability", "horizon_end", "condition")
    return {k: d.get(k) for k in keep}


def load_texts(folders: Iterable[Path], docs: Iterable[str]) -> dict[str, str]:
    """The text of each doc, from the first folder that has `<doc>.txt`."""
    out = {}
    folders = list(folders)
    for doc in docs:
        for folder in folders:
            path = Path(folder) / f"{doc}.txt"
            if path.exists():
                out[doc] = path.read_text(encoding="utf-8")
                break
    return out
