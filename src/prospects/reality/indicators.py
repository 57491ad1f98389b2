"""Resolution from data: time series (CSV date,value), fact tables, and YAML rule files.

A rule ties forecasts (by ledger id, or by words of their proposition and their source) to a test
over a series or a fact, and says which outcome a true and a false test give. The schema is in
docs/reality.md. A rule file is validated whole before any rule is applied: a bad file raises one
`RuleError` whose message is one line naming the file (and line), and nothing is applied.
"""

from __future__ import annotations

import bisect
import csv
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from prospects.reality.due_dates import stated_end
from prospects.reality.outcomes import OutcomeError, check_outcome
from prospects.reality.views import ForecastView


class RuleError(ValueError):
    """A rule file or a series that cannot be used; the message is one line."""


# ----------------------------------------------------------------------------------- series


@dataclass(frozen=True)
class Series:
    """A daily (or sparser) series: sorted dates and their values."""

    name: str
    dates: tuple[date, ...]
    values: tuple[float, ...]

    def at(self, day: date) -> tuple[date, float]:
        """The last observation on or before `day`; RuleError outside the series' span."""
        if not self.dates or day < self.dates[0]:
            start = self.dates[0] if self.dates else "never"
            raise RuleError(f"{self.name} starts on {start}, after {day}")
        if day > self.dates[-1]:
            raise RuleError(f"{self.name} ends on {self.dates[-1]}, before {day}")
        i = bisect.bisect_right(self.dates, day) - 1
        return self.dates[i], self.values[i]

    def between(self, start: date, end: date) -> list[tuple[date, float]]:
        self.at(start), self.at(end)
        lo, hi = bisect.bisect_left(self.dates, start), bisect.bisect_right(self.dates, end)
        return list(zip(self.dates[lo:hi], self.values[lo:hi], strict=True))

    @property
    def last(self) -> date:
        return self.dates[-1]


def load_series(path: str | Path, column: str = "value") -> Series:
    """Read `date` and `column` from a CSV file with a header; empty values are skipped."""
    path = Path(path)
    if not path.is_file():
        raise RuleError(f"{path}: unknown series (no such file)")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        fields = reader.fieldnames or []
        for needed in ("date", column):
            if needed not in fields:
                raise RuleError(
                    f"{path}: unknown series column {needed!r} (has {', '.join(fields)})"
                )
        points: list[tuple[date, float]] = []
        for number, row in enumerate(reader, start=2):
            if not (row.get(column) or "").strip():
                continue
            try:
                points.append((date.fromisoformat(row["date"]), float(row[column])))
            except ValueError as exc:
                raise RuleError(f"{path}:{number}: bad date or value ({exc})") from exc
    points.sort()
    return Series(f"{path.name}:{column}", tuple(d for d, _ in points), tuple(v for _, v in points))


def load_facts(path: str | Path) -> dict[str, dict[str, str]]:
    """A fact table (fact_id, question, answer, value, event_date, source_ref, ...) by fact id."""
    path = Path(path)
    if not path.is_file():
        raise RuleError(f"{path}: unknown facts file (no such file)")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    if rows and "fact_id" not in rows[0]:
        raise RuleError(f"{path}: a facts file needs a fact_id column")
    return {row["fact_id"]: row for row in rows}


# ------------------------------------------------------------------------------------ tests

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "!=": operator.ne,
    "==": operator.eq,
    ">": operator.gt,
    "<": operator.lt,
}
_SERIES_TEST = re.compile(
    r"^\s*(?P<func>value|change|pct_change|max|min)\s*\((?P<args>[^)]*)\)\s*"
    r"(?P<op>>=|<=|!=|==|>|<)\s*(?P<number>-?[\d_,]*\.?\d+)\s*$"
)
_FACT_TEST = re.compile(
    r"^\s*(?P<field>answer|value)\s*(?P<op>>=|<=|!=|==|>|<)\s*(?P<rhs>[\w.\-]+)\s*$"
)
_DATE = re.compile(
    r"^(?P<base>published|horizon_start|horizon_end|latest|\d{4}-\d{2}-\d{2})"
    r"(?:(?P<sign>[+-])(?P<days>\d+)d)?$"
)
_FUNC_ARGS = {
    "value": ("at",),
    "change": ("start", "end"),
    "pct_change": ("start", "end"),
    "max": ("start", "end"),
    "min": ("start", "end"),
}


@dataclass(frozen=True)
class DateExpr:
    base: str
    days: int = 0

    def resolve(self, view: ForecastView, series: Series) -> date:
        if re.match(r"\d{4}-", self.base):
            day: date | None = date.fromisoformat(self.base)
        elif self.base == "latest":
            day = series.last
        elif self.base == "published":
            day = view.published
        elif self.base == "horizon_start":
            day = view.horizon_start or view.published
        else:
            day = stated_end(view)
        if day is None:
            raise RuleError(f"the forecast has no {self.base.replace('_', ' ')}")
        return day + timedelta(days=self.days)

    def __str__(self) -> str:
        return self.base + (f"{self.days:+d}d" if self.days else "")


def _parse_date(text: str) -> DateExpr:
    m = _DATE.match(text.strip())
    if not m:
        raise RuleError(
            f"bad date {text.strip()!r} (published, horizon_start, horizon_end, latest or "
            "YYYY-MM-DD, optionally +Nd or -Nd)"
        )
    days = int(m["days"] or 0) * (-1 if m["sign"] == "-" else 1)
    return DateExpr(m["base"], days)


@dataclass(frozen=True)
class SeriesTest:
    """`func(arg=date, ...) op number` over a series."""

    func: str
    args: dict[str, DateExpr]
    op: str
    number: float
    source: str

    def evaluate(self, view: ForecastView, series: Series) -> tuple[bool, str]:
        """Whether the test holds for this forecast, and the numbers that decided it."""
        days = {k: v.resolve(view, series) for k, v in self.args.items()}
        if self.func == "value":
            when, measured = series.at(days["at"])
            detail = f"{_num(measured)} on {when}"
        else:
            (d0, v0), (d1, v1) = series.at(days["start"]), series.at(days["end"])
            if self.func == "change":
                measured = v1 - v0
                detail = f"{_num(v0)} on {d0} → {_num(v1)} on {d1}: change {_num(measured, True)}"
            elif self.func == "pct_change":
                measured = 100 * (v1 - v0) / v0
                detail = f"{_num(v0)} on {d0} → {_num(v1)} on {d1}: {measured:+.2f}%"
            else:
                pick = max if self.func == "max" else min
                when, measured = pick(series.between(d0, d1), key=lambda p: p[1])
                detail = f"{self.func} between {d0} and {d1}: {_num(measured)} on {when}"
        held = _OPS[self.op](measured, self.number)
        return held, f"{series.name}: {detail}; {self.source} is {str(held).lower()}"

    def end_date(self, view: ForecastView, series: Series) -> date:
        """The day the evidence is as of (when the outcome was known)."""
        key = "at" if self.func == "value" else "end"
        return series.at(self.args[key].resolve(view, series))[0]


@dataclass(frozen=True)
class FactTest:
    """`answer == yes|no` (the first word of the fact's answer) or `value op number`."""

    field: str
    op: str
    rhs: str
    source: str

    def evaluate(self, fact: dict[str, str]) -> tuple[bool, str]:
        if self.field == "answer":
            first = re.match(r"\W*(\w+)", fact.get("answer") or "")
            measured: Any = first[1].lower() if first else ""
            expected: Any = self.rhs.lower()
        else:
            measured, expected = _number(fact.get("value") or ""), float(self.rhs)
        held = bool(_OPS[self.op](measured, expected))
        return held, f"{self.source} is {str(held).lower()}"


def parse_test(text: str) -> SeriesTest | FactTest:
    """Parse a rule's `test`; RuleError with the expected shapes if it is neither kind."""
    m = _SERIES_TEST.match(text)
    if m:
        args: dict[str, DateExpr] = {}
        for part in filter(None, (p.strip() for p in m["args"].split(","))):
            key, eq, value = part.partition("=")
            key = key.strip()
            if not eq or key not in _FUNC_ARGS[m["func"]]:
                allowed = ", ".join(_FUNC_ARGS[m["func"]])
                raise RuleError(f"{m['func']}() takes {allowed}, not {part!r}")
            args[key] = _parse_date(value)
        missing = [k for k in _FUNC_ARGS[m["func"]] if k not in args]
        if missing:
            raise RuleError(f"{m['func']}() needs {', '.join(missing)}")
        number = float(m["number"].replace("_", "").replace(",", ""))
        return SeriesTest(m["func"], args, m["op"], number, " ".join(text.split()))
    m = _FACT_TEST.match(text)
    if m:
        if m["field"] == "value":
            try:
                float(m["rhs"])
            except ValueError as exc:
                raise RuleError(f"value must be compared with a number, not {m['rhs']!r}") from exc
        return FactTest(m["field"], m["op"], m["rhs"], " ".join(text.split()))
    raise RuleError(
        f"cannot read test {text!r}: expected e.g. "
        "'change(start=published, end=horizon_end) > 1000' or 'answer == yes'"
    )


# ------------------------------------------------------------------------------------ rules

RULE_FIELDS = {
    "id",
    "match",
    "series",
    "column",
    "facts",
    "fact",
    "test",
    "when_true",
    "when_false",
    "outcome",
    "evidence",
    "reason",
    "on",
    "by",
}
MATCH_FIELDS = {"forecast", "words", "where", "source", "kind", "published"}
FILE_FIELDS = {"by", "rules"}


@dataclass(frozen=True)
class Match:
    """Which forecasts a rule is about: one id, or all words of the proposition plus the source."""

    forecast: str | None = None
    words: tuple[str, ...] = ()
    where: str = "any"
    source: str | None = None
    kind: str | None = None
    published: date | None = None

    def __call__(self, view: ForecastView) -> bool:
        if self.forecast is not None:
            return view.id == self.forecast
        # "any": the proposition or the forecast's own words, since an extracted proposition
        # can be clipped ("it") while the evidence sentence still says what was forecast
        haystack = {
            "proposition": view.proposition,
            "text": view.text,
            "any": f"{view.proposition}\n{view.text}",
        }[self.where]
        # a word matches the words it begins: "gain" finds "gains", "recapture" "recaptures"
        if not all(re.search(rf"\b{re.escape(w)}", haystack, re.I) for w in self.words):
            return False
        if self.source is not None:
            wanted = self.source.lower()
            if wanted not in view.source_label.lower() and wanted != view.source_type:
                return False
        if self.kind is not None and view.kind != self.kind:
            return False
        return self.published is None or view.published == self.published


@dataclass(frozen=True)
class Rule:
    id: str
    line: int
    match: Match
    evidence: str
    by: str
    test: SeriesTest | FactTest | None = None
    series: Series | None = None
    fact_id: str | None = None
    fact: dict[str, str] | None = field(default=None, repr=False)
    when_true: str | None = None
    when_false: str | None = None
    outcome: str | None = None
    reason: str | None = None
    on: date | None = None


@dataclass(frozen=True)
class RuleFile:
    path: Path
    rules: tuple[Rule, ...]


class _LineLoader(yaml.SafeLoader):
    """Remembers the line where each mapping starts, for error messages, and reads YAML 1.2
    booleans: in YAML 1.1 the outcome words `yes`/`no` and the field `on` would be booleans."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _mapping_with_line,
)


def _outcome_word(value: Any) -> str:
    # YAML 1.1 reads a bare yes/no as a boolean: take it back as the word the author wrote.
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value).strip().lower()


def load_rules(path: str | Path) -> RuleFile:
    """Parse and validate a whole rule file (series read, facts found, tests parsed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise RuleError(f"{where}: YAML syntax error: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: YAML syntax error: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{path}: a rule file is a mapping with a list under 'rules'")
    unknown = set(data) - FILE_FIELDS - {"__line__"}
    if unknown:
        raise RuleError(f"{path}: unknown field {sorted(unknown)[0]!r} (known: by, rules)")
    default_by = str(data.get("by") or f"rules:{path.name}")
    series_cache: dict[tuple[Path, str], Series] = {}
    facts_cache: dict[Path, dict[str, dict[str, str]]] = {}
    rules = []
    for number, raw in enumerate(data["rules"], start=1):
        line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
        label = f"{path}:{line}: rule {number}"
        if isinstance(raw, dict) and raw.get("id"):
            label = f"{path}:{line}: rule {raw['id']!r}"
        try:
            rules.append(_rule(raw, number, path.parent, default_by, series_cache, facts_cache))
        except RuleError as exc:
            raise RuleError(f"{label}: {exc}") from exc
    ids = [r.id for r in rules]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise RuleError(f"{path}: rule id {twice[0]!r} is used twice")
    return RuleFile(path, tuple(rules))


def _rule(
    raw: Any,
    number: int,
    base: Path,
    default_by: str,
    series_cache: dict[tuple[Path, str], Series],
    facts_cache: dict[Path, dict[str, dict[str, str]]],
) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError("a rule is a mapping of fields")
    unknown = set(raw) - RULE_FIELDS - {"__line__"}
    if unknown:
        raise RuleError(
            f"unknown field {sorted(unknown)[0]!r} (known: {', '.join(sorted(RULE_FIELDS))})"
        )
    match = _match(raw.get("match"))
    evidence = str(raw.get("evidence") or "").strip()
    if not evidence:
        raise RuleError("needs 'evidence' (what the outcome rests on)")
    reason = str(raw["reason"]).strip() if raw.get("reason") else None
    on = _iso_day(raw["on"], "on") if raw.get("on") else None
    common: dict[str, Any] = dict(
        id=str(raw.get("id") or f"rule-{number}"),
        line=int(raw.get("__line__", 0)),
        match=match,
        evidence=evidence,
        by=str(raw.get("by") or default_by),
        reason=reason,
        on=on,
    )
    if "outcome" in raw:
        if "test" in raw:
            raise RuleError("give either 'outcome' or 'test' with when_true/when_false, not both")
        outcome = _checked_outcome(raw["outcome"], "outcome", reason)
        return Rule(outcome=outcome, **common)
    if "test" not in raw:
        raise RuleError("needs 'test' (with when_true and when_false) or a fixed 'outcome'")
    test = parse_test(str(raw["test"]))
    for key in ("when_true", "when_false"):
        if key not in raw:
            raise RuleError(f"needs {key!r}")
    when_true = _checked_outcome(raw["when_true"], "when_true", reason)
    when_false = _checked_outcome(raw["when_false"], "when_false", reason)
    if isinstance(test, SeriesTest):
        if "series" not in raw:
            raise RuleError(f"test {test.source!r} needs a 'series' file")
        spec = ((base / str(raw["series"])).resolve(), str(raw.get("column") or "value"))
        if spec not in series_cache:
            try:
                series_cache[spec] = load_series(*spec)
            except RuleError as exc:
                raise RuleError(f"unknown series {raw['series']!r} ({exc})") from exc
        return Rule(
            test=test,
            series=series_cache[spec],
            when_true=when_true,
            when_false=when_false,
            **common,
        )
    if "facts" not in raw or "fact" not in raw:
        raise RuleError(f"test {test.source!r} needs a 'facts' file and a 'fact' id")
    facts_path = (base / str(raw["facts"])).resolve()
    if facts_path not in facts_cache:
        facts_cache[facts_path] = load_facts(facts_path)
    fact_id = str(raw["fact"])
    if fact_id not in facts_cache[facts_path]:
        raise RuleError(f"unknown fact {fact_id!r} in {raw['facts']}")
    return Rule(
        test=test,
        fact_id=fact_id,
        fact=facts_cache[facts_path][fact_id],
        when_true=when_true,
        when_false=when_false,
        **common,
    )


def _match(raw: Any) -> Match:
    if not isinstance(raw, dict):
        raise RuleError("needs 'match' with a forecast id or proposition words")
    unknown = set(raw) - MATCH_FIELDS - {"__line__"}
    if unknown:
        raise RuleError(
            f"unknown match field {sorted(unknown)[0]!r} (known: {', '.join(sorted(MATCH_FIELDS))})"
        )
    words = raw.get("words") or ()
    if isinstance(words, str):
        words = words.split()
    if not raw.get("forecast") and not words:
        raise RuleError("'match' needs a forecast id or proposition words")
    where = str(raw.get("where") or "any")
    if where not in ("proposition", "text", "any"):
        raise RuleError(f"match 'where' is proposition, text or any, not {where!r}")
    return Match(
        forecast=str(raw["forecast"]) if raw.get("forecast") else None,
        words=tuple(str(w) for w in words),
        where=where,
        source=str(raw["source"]) if raw.get("source") else None,
        kind=str(raw["kind"]) if raw.get("kind") else None,
        published=_iso_day(raw["published"], "published") if raw.get("published") else None,
    )


def _checked_outcome(value: Any, key: str, reason: str | None) -> str:
    try:
        return check_outcome(_outcome_word(value), reason, key)
    except OutcomeError as exc:
        raise RuleError(str(exc)) from None


def _iso_day(value: Any, key: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise RuleError(f"{key} must be a date YYYY-MM-DD, not {value!r}") from exc


# ---------------------------------------------------------------------------------- applying


@dataclass(frozen=True)
class RuleOutcome:
    """What a rule says about one forecast: the resolution to record."""

    rule: str
    forecast_id: str
    outcome: str
    evidence: str
    reason: str | None
    on: date
    by: str
    method: str


@dataclass(frozen=True)
class RuleSkip:
    """A rule that matched a forecast but could not decide it (no horizon, data too short)."""

    rule: str
    forecast_id: str | None
    why: str

    def __str__(self) -> str:
        about = f" for {self.forecast_id}" if self.forecast_id else ""
        return f"rule {self.rule!r}{about}: {self.why}"


def apply_rules(
    rules: RuleFile | Sequence[Rule], views: Iterable[ForecastView], today: date | None = None
) -> tuple[list[RuleOutcome], list[RuleSkip]]:
    """Evaluate every rule against the forecasts it matches. Pure: nothing is recorded here."""
    rule_list = rules.rules if isinstance(rules, RuleFile) else tuple(rules)
    views = list(views)
    today = today or date.today()
    outcomes: list[RuleOutcome] = []
    skips: list[RuleSkip] = []
    for rule in rule_list:
        matched = [v for v in views if rule.match(v)]
        if not matched:
            skips.append(RuleSkip(rule.id, None, "matched no forecast"))
        for view in matched:
            try:
                outcomes.append(_decide(rule, view, today))
            except RuleError as exc:
                skips.append(RuleSkip(rule.id, view.id, str(exc)))
    return outcomes, skips


def _decide(rule: Rule, view: ForecastView, today: date) -> RuleOutcome:
    method = "indicator"
    if rule.outcome is not None:
        outcome, evidence, on, method = rule.outcome, rule.evidence, rule.on or today, "manual"
    elif isinstance(rule.test, SeriesTest) and rule.series is not None:
        held, detail = rule.test.evaluate(view, rule.series)
        outcome = rule.when_true if held else rule.when_false  # type: ignore[assignment]
        evidence = f"{rule.evidence} [{detail}]"
        on = rule.on or rule.test.end_date(view, rule.series)
    elif isinstance(rule.test, FactTest) and rule.fact is not None:
        held, detail = rule.test.evaluate(rule.fact)
        outcome = rule.when_true if held else rule.when_false  # type: ignore[assignment]
        refs = (rule.fact.get("source_ref") or "").strip()
        evidence = f"{rule.evidence} [fact {rule.fact_id}: {rule.fact.get('answer')}; {detail}]"
        if refs:
            evidence += f" {refs}"
        event = rule.fact.get("event_date") or ""
        on = rule.on or (
            date.fromisoformat(event) if re.fullmatch(r"\d{4}-\d\d-\d\d", event) else today
        )
    else:  # pragma: no cover - load_rules guarantees one of the above
        raise RuleError("rule has neither an outcome nor a usable test")
    return RuleOutcome(rule.id, view.id, outcome, evidence, rule.reason, on, rule.by, method)


def _num(x: float, signed: bool = False) -> str:
    return f"{x:+,.1f}" if signed else f"{x:,.1f}"


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "").split(";")[0])
    except ValueError as exc:
        raise RuleError(f"fact value {text!r} is not a number") from exc
