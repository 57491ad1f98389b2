"""The `prospects_forecasts` component: find forecasts sentence by sentence and fill every field.

For each sentence after the headline, the detectors (forecast_detectors.py, one per family of
forecast words) propose candidates; the filters (forecast_filters.py, what FORECASTS.md says is
not a forecast) mark them; then a decision keeps some. With the learned model
(forecast_model.py, trained on the annotated corpus and chosen by cross-validation) a candidate
is kept when its probability reaches the model's threshold, the filters being features; with
`model: null` the rules decide: a candidate is kept when no filter fires. Of each clause the
strongest kept candidate makes a forecast, with kind, proposition, source and quote, likelihood
(likelihood.py), horizon (horizon.py) and condition (conditions.py).

Word lists are in data/forecast_cues.yaml; all data files are read once, at factory time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from prospects.ingest.layout import title_case
from prospects.nlp import conditions, likelihood, propositions, signatures, time_expressions
from prospects.nlp.artefacts import SHIPPED, Artefact, Artefacts
from prospects.nlp.forecast_detectors import (
    PRIORITY,
    Candidate,
    Context,
    candidates,
    cues,
    possible,
)
from prospects.nlp.forecast_features import dense, features
from prospects.nlp.forecast_filters import FILTERS, fired
from prospects.nlp.forecast_model import DEFAULT_PATH, KIND_PATH, ForecastModel, KindModel
from prospects.nlp.forecast_syntax import governing_verb
from prospects.nlp.forecast_syntax import subject as _subject
from prospects.nlp.likelihood import Estimate
from prospects.nlp.speakers import SourceBook, anonymity_note_heads, find_or_add_source
from prospects.records import AUTHOR, Forecast, Horizon, Likelihood, Quote

KINDS = ("prediction", "conditional", "expectation", "pledge")
# a sentence, its time expressions, and its candidates with their features
SentenceCandidates = tuple[Span, list[time_expressions.Found], list[tuple[Candidate, list[str]]]]


# the learned files of the component; each setting is "shipped", a path, or null (the rules)
ARTEFACTS = (
    Artefact("model", DEFAULT_PATH, ForecastModel.from_bytes),
    Artefact("kind_model", KIND_PATH, KindModel.from_bytes),
)
_EVENTS_FILE = "events.yaml"


@Language.factory(
    "prospects_forecasts",
    requires=["token.dep", "token.head", "token.pos", "token.lemma", "doc.sents", "doc._.quotes"],
    assigns=["doc._.forecasts", "doc._.sources"],
    default_config={
        "events_path": None,
        "model": SHIPPED,
        "kind_model": SHIPPED,
        "threshold": None,
        "filters": None,
    },
)
def make_forecasts(
    nlp: Language,
    name: str,
    events_path: str | None,
    model: str | None,
    kind_model: str | None,
    threshold: float | None,
    filters: list[str] | None,
) -> ForecastFinder:
    """Forecasts of each article into `doc._.forecasts`.

    `events_path` adds scheduled events; `model` is "shipped" (the corpus model in the package),
    a path to another model file, or null for the rule finder; `kind_model` likewise for the
    forecast's kind (null: the rules' kind); `threshold` overrides the model's own; `filters`
    names the filters to use (all of forecast_filters.FILTERS by default). The model files are
    read in `initialize()` (or at the first Doc).
    """
    names = tuple(filters) if filters else None
    finder = ForecastFinder(events_path, None, threshold, names, None)
    finder.settings = {"model": model, "kind_model": kind_model}
    return finder


class ForecastFinder:
    """The component. Made by the factory, it reads its model files in `initialize()`; made
    directly (cross-validation, tests), it uses the models it is given."""

    def __init__(
        self,
        events_path: str | None = None,
        model: ForecastModel | None = None,
        threshold: float | None = None,
        filters: tuple[str, ...] | None = None,
        kind_model: KindModel | None = None,
    ) -> None:
        self.cues = cues()
        likelihood.lexicon()
        likelihood.modal_table()
        time_expressions.table()
        conditions.words()
        self.events_path = events_path
        self.events = time_expressions.load_events(events_path)
        self.model = model
        self.kind_model = kind_model
        self._threshold = threshold
        unknown = set(filters or ()) - set(FILTERS)
        if unknown:
            raise ValueError(f"unknown forecast filters: {', '.join(sorted(unknown))}")
        self.filters = filters
        self.settings: dict[str, str | None] | None = None

    @property
    def threshold(self) -> float:
        """The configured threshold, else the model's own."""
        if self._threshold is not None:
            return self._threshold
        return self.model.threshold if self.model else 0.5

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        """Read the model files the settings name (a finder made directly has none to read)."""
        if self.settings is not None:
            found = Artefacts(ARTEFACTS)
            found.load(self.settings)
            self._use(found)

    def _use(self, found: Artefacts) -> None:
        self.model, self.kind_model = found.get("model"), found.get("kind_model")
        self.settings = None

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.settings is not None:
            self.initialize()
        saved = Artefacts(ARTEFACTS)
        for name, learned in (("model", self.model), ("kind_model", self.kind_model)):
            if learned is not None:
                saved.hold(name, learned, learned.to_bytes())
        saved.to_disk(path)
        if self.events_path:
            (Path(path) / _EVENTS_FILE).write_bytes(Path(self.events_path).read_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ForecastFinder:
        found = Artefacts(ARTEFACTS)
        found.from_disk(path)
        self._use(found)
        events = Path(path) / _EVENTS_FILE
        if events.is_file():
            self.events_path = str(events)
            self.events = time_expressions.load_events(events)
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.settings is not None:
            self.initialize()
        quotes = QuoteIndex(list(doc._.quotes or []))
        text = doc.text
        body_start = headline_end(text)
        signed = signatures.signed_sections(doc, body_start, text)
        # the quotes' sources, reopened: a forecaster is resolved as the quotes' speakers were
        book = SourceBook(doc)
        book.mark_anonymous(anonymity_note_heads(doc))
        forecasts: list[Forecast] = []
        for sent, times, clauses in self._chosen(doc, quotes):
            for clause, best in clauses:
                # a reported relative clause is a forecast of its own, not words of this one
                best.extra_excluded = {
                    t.i
                    for other, _ in clauses
                    if other.i != clause.i and other.dep_ == "relcl" and clause.is_ancestor(other)
                    for t in other.subtree
                }
                span = _evidence(sent, clause, [c for c, _ in clauses])
                n = len(forecasts) + 1
                f = self._forecast(doc, sent, best, times, quotes, n, span, signed, book)
                forecasts.append(f)
        doc._.forecasts = _opinion_writer_speaks(doc, forecasts, book)
        doc._.sources = book.sources()
        return doc

    # ---- candidates and the decision --------------------------------------------------------

    def candidates(
        self, doc: Doc, quotes: QuoteIndex | None = None
    ) -> Iterator[SentenceCandidates]:
        """Every candidate of the body, sentence by sentence, with its filters and features:
        yields (sentence, times, [(candidate, features)]). The learned finder's training rows."""
        anchor = doc._.published
        text = doc.text
        body_start = headline_end(text)
        quotes = quotes or QuoteIndex(list(doc._.quotes or []))
        # the article's own dates for its events come before the packaged calendar
        events = time_expressions.dated_events(text, anchor) + self.events
        for sent in doc.sents:
            if sent.end_char <= body_start or not possible(sent):
                continue
            # dates are read only where a candidate needs them: most sentences have none, and
            # a present-tense verb can only be a schedule beside a date the parser saw
            found = candidates(Context(sent, [], anchor, self.cues))
            times: list[time_expressions.Found] = []
            if found or any(t.ent_type_ in ("DATE", "TIME") for t in sent):
                times = [
                    f
                    for f in time_expressions.find(sent.text, anchor, events)
                    if not (f.yearless and _told_in_past(sent, f))
                ]
                if times:
                    found = candidates(Context(sent, times, anchor, self.cues))
            # a parser may glue the headline to the first sentence: its words still do not count
            found = [c for c in found if c.cue_tokens[0].idx >= body_start]
            rows = []
            for c in found:
                c.filters = tuple(fired(c, sent, self.cues, self.filters))
                quote = quotes.at(c.cue_tokens[0].idx)
                c.features = features(c, sent, quote, times, anchor, len(found))
                c.dense = dense(c, sent)
                rows.append((c, c.features))
            yield sent, times, rows

    def _chosen(
        self, doc: Doc, quotes: QuoteIndex
    ) -> Iterator[tuple[Span, list[time_expressions.Found], list[tuple[Token, Candidate]]]]:
        for sent, times, rows in self.candidates(doc, quotes):
            kept = []
            for c, feats in rows:
                if self.model is None:
                    if not c.filters:
                        kept.append(c)
                    continue
                c.score = self.model.probability(feats, c.dense)
                if c.score >= self.threshold:
                    kept.append(c)
            if kept:
                yield sent, times, self._best(kept, quotes)

    def _best(self, kept: list[Candidate], quotes: QuoteIndex) -> list[tuple[Token, Candidate]]:
        """The strongest candidate of each coordinated clause ("X will A, but Y could B": two),
        and of each clause reported from someone else ("Ford will show cars that analysts say
        will boost sales": the author's and the analysts' forecasts are two)."""
        by_clause: dict[int, list[Candidate]] = {}
        for c in kept:
            clause = _reported_clause(_clause_of(c.predicate), c, quotes)
            by_clause.setdefault(clause.i, []).append(c)
        doc = kept[0].predicate.doc
        return [
            (doc[i], min(group, key=lambda c: (PRIORITY.index(c.family), c.predicate.i)))
            for i, group in sorted(by_clause.items())
        ]

    # ---- the record ------------------------------------------------------------------------

    def _forecast(
        self,
        doc: Doc,
        sent: Span,
        c: Candidate,
        times: list[time_expressions.Found],
        quotes: QuoteIndex,
        n: int,
        evidence: tuple[int, int, str],
        signed: list[signatures.SignedSection],
        book: SourceBook,
    ) -> Forecast:
        kind, cond, quote = self.rule_kind(doc, sent, c, quotes, book)
        if self.kind_model is not None and c.estimate is not None:
            kind = self._learned_kind(c, kind, cond)
        pledge = kind == "pledge"
        source = self._source(c, quote, signed, book)
        lk = None if pledge else self._likelihood(c, sent)
        excluded = ({t.i for t in cond.tokens} if cond else set()) | c.extra_excluded
        if quote is not None and quote.kind == "direct":
            # the event is said inside the quotation marks: a parse that hangs "it will" on
            # the reporting verb must not pull "said James Acton, a physicist ..." into it
            excluded |= {t.i for t in sent if not quote.content.start <= t.idx < quote.content.end}
        h = _pick_horizon(c, times, sent, excluded)
        return Forecast(
            id=f"f{n}",
            start=evidence[0],
            end=evidence[1],
            text=evidence[2],
            proposition=_proposition(c, excluded),
            kind=kind,
            source=source,
            quote=quote.id if quote else None,
            likelihood=lk,
            horizon=h,
            condition=cond.text if cond else None,
        )

    def rule_kind(
        self,
        doc: Doc,
        sent: Span,
        c: Candidate,
        quotes: QuoteIndex,
        book: SourceBook | None = None,
    ) -> tuple[str, conditions.Condition | None, Quote | None]:
        """The kind the rules give a candidate, with its condition and the quote that carries it;
        `book` holds the Doc's sources (reopened from the Doc when not given)."""
        p = c.predicate
        cond = conditions.find(c.content or p, c.modal, sent) or (
            conditions.find(p, c.modal, sent) if c.content is not None else None
        )
        if c.family == "surprise":
            cond = None  # the if-clause is what would (not) surprise: the event itself
        if cond is None and p.tag_ == "MD" and p.head.i != p.i:
            # an elliptical "it will" hung on the reporting verb: the if-clause before it is
            # attached there too
            before = conditions.find(p.head, c.modal, sent)
            cond = before if before and all(t.i < p.i for t in before.tokens) else None
        quote = quotes.at(c.cue_tokens[0].idx)
        if quote is not None and not _reports_a_claim(doc, quote, self.cues["evaluative_cues"]):
            quote = None
        kind = c.kind or "prediction"
        if kind == "pledge" or self._is_self_commitment(c, quote, book or SourceBook(doc)):
            kind = "pledge"
        elif cond is not None:
            kind = "conditional"
        elif c.family == "modal" and c.modal == "will" and quote is None and c.forecaster is None:
            kind = "expectation" if not _negated(c) else "prediction"
        return kind, cond, quote

    def _learned_kind(self, c: Candidate, rule: str, cond: conditions.Condition | None) -> str:
        """The kind model's choice; a conditional needs a condition found (FORECASTS.md)."""
        assert self.kind_model is not None
        scores = self.kind_model.scores(kind_features(c, rule, cond is not None))
        allowed = [k for k in scores if k != "conditional" or cond is not None]
        return max(allowed, key=lambda k: scores[k])

    def _is_self_commitment(self, c: Candidate, quote: Quote | None, book: SourceBook) -> bool:
        """A speaker's "we will seek ...", "we're not going to stop": a pledge, not a prediction."""
        if c.family != "modal" or c.modal not in ("will", "going to"):
            return False
        verb = c.content or c.predicate
        subj = _subject(c.predicate) or _subject(verb)
        commit = verb.lemma_.lower() in self.cues["commitment_verbs"]
        if subj is not None and subj.lower_ in self.cues["self_pronouns"] and quote is not None:
            return verb.lemma_ not in self.cues["not_self_commitment_verbs"]
        if not commit or subj is None or subj.pos_ not in ("PRON", "PROPN"):
            return False
        if subj.pos_ == "PRON" and quote is not None and quote.source:
            # "he would try to deflect", said by someone else of him, is their forecast
            return resolve_source(book, subj) == quote.source
        return True

    def _likelihood(self, c: Candidate, sent: Span) -> Likelihood | None:
        if c.estimate is None:
            return None
        est = c.estimate
        cue = c.cue
        p = c.predicate
        # a likelihood adverb with a modal ("would likely force") carries the number
        if c.family == "modal":
            for ch in p.children:
                if ch.dep_ == "advmod" and ch.lower_ in self.cues["likelihood_words"]:
                    word = likelihood.phrase(ch.lower_)
                    if word is not None:
                        est, cue = word, ch.text
                        c.cue_tokens.append(ch)
        if c.family == "stated":
            return Likelihood(c.cue, est.probability, est.low, est.high, likelihood.STATED)
        if c.family != "surprise" and _negated(c):  # its negation is part of its cue
            est = est.negated()
            cue = f"not {cue}"
        hedge = _hedge(p)
        if hedge is not None:
            est = est.capped(hedge)
        return est.likelihood(cue)

    def _source(
        self,
        c: Candidate,
        quote: Quote | None,
        signed: list[signatures.SignedSection],
        book: SourceBook,
    ) -> str:
        if c.forecaster is not None:
            resolved = resolve_source(book, c.forecaster)
            if resolved:
                return resolved
        if quote is not None and quote.source:
            return quote.source
        signer = signatures.signer_at(signed, c.cue_tokens[0].idx)
        if signer is not None:
            return find_or_add_source(book, signer) or AUTHOR.id
        return AUTHOR.id


# ---- helpers ------------------------------------------------------------------------------

_HEADLINE_END = re.compile(r"[.!?:;\"”’)]\s*$")


def headline_end(text: str) -> int:
    """Where the body starts: headline lines are skipped (FORECASTS.md: not annotated).

    A headline is a leading paragraph of one line followed by a blank line that either has no
    final punctuation or is written in title case; a repeated title line is skipped too.
    """
    pos = 0
    for _ in range(3):
        m = re.match(r"\s*([^\n]+)\n[ \t]*\n", text[pos:])
        if not m:
            break
        line = m.group(1).strip()
        if len(line.split()) > 30 or not (title_case(line) or not _HEADLINE_END.search(line)):
            break
        pos += m.end()
    return pos


def kind_features(c: Candidate, rule: str, has_condition: bool) -> list[str]:
    """What the kind model reads: the candidate's features and the rules' kind."""
    return [*c.features, f"rule_kind={rule}", f"condition_found={has_condition}"]


def _told_in_past(sent: Span, found: time_expressions.Found) -> bool:
    """A yearless date or weekday whose verb is in the past tense names a past day: "said in
    testimony Tuesday", "the call on July 25" of last summer; "plans to hold a rally on Monday"
    keeps its future (its verb is the bare infinitive)."""
    span = sent.doc.char_span(
        sent.start_char + found.start, sent.start_char + found.end, alignment_mode="expand"
    )
    if span is None:
        return False
    t = governing_verb(span)
    if t is None:
        return False
    if any(ch.tag_ == "MD" or ch.lower_ in ("going", "to") for ch in t.children):
        return False
    passive_past = t.tag_ == "VBN" and any(
        ch.dep_ in ("aux", "auxpass") and ch.tag_ == "VBD" for ch in t.children
    )
    return t.tag_ == "VBD" or passive_past


def _clause_of(t: Token) -> Token:
    """The head of the coordinated clause a word is in: "..., but Y could B" is a clause."""
    while t.head.i != t.i:
        if t.dep_ == "conj" and propositions.separate_forecast(t, t.head):
            return t
        t = t.head
    return t


def _opinion_writer_speaks(doc: Doc, forecasts: list[Forecast], book: SourceBook) -> list[Forecast]:
    """In an opinion piece with a byline the article's voice is its writer's (FORECASTS.md:
    "Letters and op-eds: the writer is the source"): its forecasts go to a person source."""
    if not Doc.has_extension("genre") or doc._.genre != "opinion" or not doc._.authors:
        return forecasts
    if all(f.source != AUTHOR.id for f in forecasts):
        return forecasts
    writer = book.person(doc._.authors[0], role="writer")
    return [replace(f, source=writer) if f.source == AUTHOR.id else f for f in forecasts]


def _reports_a_claim(doc: Doc, quote: Quote, evaluative: frozenset[str]) -> bool:
    """Whether a quote reports what its speaker said or thought will be, not what they did to a
    thing: "a judge rejected [the attempt to delay the hearing, which is scheduled for February]"
    does not make the judge the forecaster of the hearing's date."""
    if quote.kind != "indirect" or quote.cue is None:
        return True
    cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    return cue is None or cue.root.lemma_.lower() not in evaluative


def _reported_clause(clause: Token, c: Candidate, quotes: QuoteIndex) -> Token:
    """The relative clause that carries a candidate when a report nested in the sentence (not the
    one around the clause's head) holds it; else `clause` itself."""
    quote = quotes.at(c.cue_tokens[0].idx)
    if quote is None or quotes.at(clause.idx) is quote:
        return clause
    if quote.cue is not None and quote.cue.start <= clause.idx < quote.cue.end:
        return clause  # "Edmunds expects X will ...": the clause is the report itself
    t = c.predicate
    while t.head.i != t.i and quote.content.start <= t.head.idx < quote.content.end:
        t = t.head
    # only a report in a relative clause is a voice of its own ("models that analysts say will
    # lift sales"); "leaders will approve language promising Kiev it will join" stays one forecast
    return t if t.dep_ == "relcl" else clause


def _evidence(sent: Span, clause: Token, clauses: list[Token]) -> tuple[int, int, str]:
    """Character offsets of the evidence: the sentence, or its clause when it holds several
    forecasts; never with leading or trailing whitespace."""
    doc = sent.doc
    first, last = sent.start, sent.end - 1
    if len(clauses) > 1:
        if clause.dep_ == "conj" or (
            clause.dep_ == "relcl" and clause.i > min(c.i for c in clauses)
        ):
            first = clause.left_edge.i
            while first < clause.i and (doc[first].is_punct or doc[first].dep_ == "cc"):
                first += 1
            last = clause.right_edge.i
        later = [propositions.clause_start(c, c.head) for c in clauses if c.i > clause.i]
        if later:
            last = min(last, min(later) - 1)
    while last > first and (doc[last].is_space or doc[last].dep_ == "cc" or doc[last].text in ",;"):
        last -= 1
    while first < last and doc[first].is_space:
        first += 1
    # the span's own text: doc.text would rebuild the whole article for every forecast
    if last < first or not doc[first : last + 1].text.strip():
        # a clause cut to nothing by the clauses after it (a parse that nests them oddly): the
        # sentence is the evidence, never an empty span
        first, last = sent.start, sent.end - 1
    text = doc[first : last + 1].text
    stripped = text.strip()
    start = doc[first].idx + len(text) - len(text.lstrip())
    return start, start + len(stripped), stripped


def _negated(c: Candidate) -> bool:
    heads = {c.predicate, *c.cue_tokens}
    if c.content is not None and c.family not in ("expectation",):
        heads.add(c.content)
    for h in heads:
        for ch in h.children:
            if ch.dep_ == "neg" or (ch.dep_ == "advmod" and ch.lower_ == "never"):
                return True
    # "there will be no ...": the event is negated by its determiner
    p = c.predicate
    if p.lemma_ == "be" and any(ch.dep_ == "expl" for ch in p.children):
        for ch in p.children:
            if ch.dep_ == "attr" and any(d.lower_ == "no" for d in ch.children):
                return True
    return False


def _hedge(p: Token) -> Estimate | None:
    """ "I think X will ...": the point estimate is capped at the hedge's value."""
    t = p
    for _ in range(3):
        if t.head is t:
            return None
        t = t.head
        est = likelihood.hedge(t.lemma_.lower())
        subj = _subject(t)
        if est is not None and subj is not None and subj.lower_ in cues()["self_pronouns"]:
            return est
    return None


class QuoteIndex:
    """Quotes by start offset, so finding the quote around a word is a bisection, not a scan."""

    # quotes nest rarely and shallowly: looking this many quotes back finds any enclosing one
    LOOKBACK = 32

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.content.start)
        self.starts = [q.content.start for q in self.quotes]

    def at(self, char: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, char)
        inside = [q for q in self.quotes[max(0, i - self.LOOKBACK) : i] if char < q.content.end]
        return min(inside, key=lambda q: q.content.end - q.content.start) if inside else None


def _pick_horizon(
    c: Candidate, times: list[time_expressions.Found], sent: Span, excluded: set[int]
) -> Horizon | None:
    """The time expression inside the forecast's clause, nearest its verb."""
    if not times:
        return None
    verb = c.content or c.predicate
    tokens = {t.i for t in c.predicate.subtree} | {t.i for t in verb.subtree}
    tokens -= excluded
    best: tuple[int, Horizon] | None = None
    for f in times:
        first = sent.doc.char_span(
            sent.start_char + f.start, sent.start_char + f.end, alignment_mode="expand"
        )
        if first is None or not any(t.i in tokens for t in first):
            continue
        distance = abs(first.start - verb.i)
        if best is None or distance < best[0]:
            best = (distance, f.horizon)
    return best[1] if best else None


def _proposition(c: Candidate, excluded: set[int]) -> str:
    """The event stated positively (propositions.py); the cue's own words never belong to it."""
    # a scheduled present ("the car goes on sale in January") has its verb for a cue: it stays
    cue = [] if c.family == "scheduled" else c.cue_tokens
    return propositions.build(c.content or c.predicate, cue, excluded)


# ---- sources ------------------------------------------------------------------------------


def _mention(t: Token) -> Span:
    """The words naming a speaker: the subject without relative clauses or appositions."""
    doc = t.doc
    left = t.left_edge.i
    right = t.i
    for ch in t.children:
        if ch.i > t.i and ch.dep_ in ("compound", "flat", "nmod") and ch.right_edge.i > right:
            right = ch.right_edge.i
    return doc[left : right + 1]


def resolve_source(book: SourceBook, subject: Token) -> str | None:
    """A source id for the subject of "X pledged/expects", resolved as the quotes' speakers are."""
    return find_or_add_source(book, _mention(subject))
