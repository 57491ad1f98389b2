"""The `prospects_forecasts` component: find forecasts sentence by sentence and fill every field.

For each sentence (after the headline) the component looks for the words that make a statement
about the future (modal verbs, likelihood words, expectation phrases, pledge verbs, a present
tense with a future date), drops what FORECASTS.md says is not a forecast (questions, advice,
judgements, counterfactuals, open "whether" clauses, aims, bare plan-describing "would"), keeps
the strongest candidate of the sentence and fills kind, proposition, source and quote,
likelihood (likelihood.py), horizon (horizon.py) and condition (conditions.py).

Word lists are in data/forecast_cues.yaml; all data files are read once, at factory time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from prospects.nlp import conditions, horizon, likelihood, propositions, signatures
from prospects.nlp.doctext import text_of
from prospects.nlp.likelihood import Estimate
from prospects.nlp.sources import find_or_add_source, named_person
from prospects.records import AUTHOR, Forecast, Horizon, Likelihood, Quote

# candidate families, strongest first: when one sentence has several, the first family wins.
PRIORITY = (
    "pledge", "stated", "lexicon", "surprise", "expect_verb", "expectation", "modal", "scheduled",
)  # fmt: skip
LIKELIHOOD_WORDS = (
    "likely", "unlikely", "probably", "probable", "improbable", "certain", "certainly",
    "impossible", "possible", "possibly", "doubtful", "perhaps",
)  # fmt: skip
NEGATIONS = {"not", "n't", "never", "no"}
PERFECT = {"have", "'ve", "’ve"}


@cache
def cues() -> dict[str, Any]:
    text = (resources.files("prospects.nlp") / "data" / "forecast_cues.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {k: set(v) for k, v in data.items()}


@dataclass
class Candidate:
    family: str
    predicate: Token  # the verb (or adjective) the forecast hangs on
    content: Token | None  # the verb of the event when it differs ("to pledge" in "expected to")
    cue_tokens: list[Token]
    estimate: Estimate | None
    cue: str
    modal: str | None = None
    forecaster: Token | None = None  # an explicit subject who forecasts or pledges
    kind: str | None = None
    extra_excluded: set[int] = field(default_factory=set)


@Language.factory(
    "prospects_forecasts",
    default_config={"events_path": None},
)
def make_forecasts(nlp: Language, name: str, events_path: str | None) -> ForecastFinder:
    """Forecasts of each article into `doc._.forecasts`; `events_path` adds scheduled events."""
    return ForecastFinder(events_path)


class ForecastFinder:
    def __init__(self, events_path: str | None = None) -> None:
        self.cues = cues()
        likelihood.lexicon()
        likelihood.modal_table()
        horizon.table()
        conditions.words()
        self.events = horizon.load_events(events_path)

    def __call__(self, doc: Doc) -> Doc:
        anchor = doc._.published
        body_start = headline_end(text_of(doc))
        quotes = QuoteIndex(list(doc._.quotes or []))
        signed = signatures.signed_sections(doc, body_start)
        forecasts: list[Forecast] = []
        for sent in doc.sents:
            if sent.end_char <= body_start or _is_question(sent):
                continue
            times = horizon.find(sent.text, anchor, self.events)
            clauses = self._best(sent, times, anchor, body_start, quotes)
            for clause, best in clauses:
                # a reported relative clause is a forecast of its own, not words of this one
                best.extra_excluded = {
                    t.i
                    for other, _ in clauses
                    if other.i != clause.i and other.dep_ == "relcl" and clause.is_ancestor(other)
                    for t in other.subtree
                }
                span = _evidence(sent, clause, [c for c, _ in clauses])
                f = self._forecast(doc, sent, best, times, quotes, len(forecasts) + 1, span, signed)
                forecasts.append(f)
        doc._.forecasts = _opinion_writer_speaks(doc, forecasts)
        return doc

    # ---- candidates ------------------------------------------------------------------------

    def _best(
        self,
        sent: Span,
        times: list[horizon.Found],
        anchor: Any,
        body_start: int,
        quotes: QuoteIndex,
    ) -> list[tuple[Token, Candidate]]:
        """The strongest candidate of each coordinated clause ("X will A, but Y could B": two),
        and of each clause reported from someone else ("Ford will show cars that analysts say
        will boost sales": the author's and the analysts' forecasts are two)."""
        # a parser may glue the headline to the first sentence: its words still do not count
        found = [
            c
            for c in self._candidates(sent, times, anchor)
            if c.cue_tokens[0].idx >= body_start and self._keep(c, sent)
        ]
        by_clause: dict[int, list[Candidate]] = {}
        for c in found:
            by_clause.setdefault(_reported_clause(_clause_of(c.predicate), c, quotes).i, []).append(
                c
            )
        return [
            (sent.doc[i], min(group, key=lambda c: (PRIORITY.index(c.family), c.predicate.i)))
            for i, group in sorted(by_clause.items())
        ]

    def _candidates(self, sent: Span, times: list[horizon.Found], anchor: Any) -> list[Candidate]:
        c = self.cues
        out: list[Candidate] = []
        said = likelihood.stated(sent.text)
        for t in sent:
            lower, lemma = t.lower_, t.lemma_.lower()
            if t.tag_ == "MD" and (lemma in c["modals"] or lower in ("'ll", "’ll", "wo")):
                word = "will" if lower in ("'ll", "’ll", "wo") else lemma
                # a modal that heads its own clause is verb-phrase ellipsis ("it will, sooner
                # or later," said X): the event hangs on the modal, not on the reporting verb
                head = t.head if t.dep_ in ("aux", "auxpass") or t.head.i == t.i else t
                if word == "would" and _backshifted(head, c):
                    word = "will"  # "said the U.S. would work with ...": a reported "will"
                out.append(
                    Candidate("modal", head, None, [t], likelihood.modal(word), t.text, word)
                )
            elif lower in ("going", "gon") and any(
                ch.dep_ == "xcomp" and ch.tag_ == "VB" for ch in t.children
            ):
                if any(ch.lemma_ == "be" for ch in t.children if ch.dep_ == "aux"):
                    xcomp = next(ch for ch in t.children if ch.dep_ == "xcomp")
                    word = "gonna" if lower == "gon" else "going to"
                    out.append(
                        Candidate("modal", t, xcomp, [t], likelihood.modal(word), word, "going to")
                    )
            elif lower in c["surprise_words"] or lemma in c["surprise_words"]:
                cand = self._surprise(t)
                if cand:
                    out.append(cand)
            elif lemma in LIKELIHOOD_WORDS or lower in LIKELIHOOD_WORDS:
                cand = self._likelihood_word(t)
                if cand:
                    out.append(cand)
            elif lemma in c["risk_nouns"] and t.dep_ == "nsubj" and t.head.lemma_ == "be":
                cand = self._risk_level(t)
                if cand:
                    out.append(cand)
            elif lemma in c["pledge_verbs"] and t.pos_ == "VERB":
                content = next((ch for ch in t.children if ch.dep_ in ("xcomp", "ccomp")), None)
                if content is None:
                    prep = next((ch for ch in t.children if ch.lower_ == "to"), None)
                    content = (
                        next((g for g in prep.children if g.dep_ == "pcomp"), None)
                        if prep
                        else None
                    )
                subj = _subject(t)
                if content is not None and subj is not None and not _is_passive(t):
                    out.append(
                        Candidate("pledge", t, content, [t], None, t.text, None, subj, "pledge")
                    )
            elif lemma in c["expect_verbs"] and t.pos_ == "VERB" and not _is_passive(t):
                cand = self._expect_verb(t)
                if cand:
                    out.append(cand)
            elif (lower in c["expectation_adjectives"] or lemma in c["intention_words"]) and (
                t.pos_ in ("VERB", "ADJ", "NOUN")
            ):
                cand = self._expectation(t)
                if cand:
                    out.append(cand)
            elif lower == "on" and t.i + 1 < sent.end and t.nbor().lower_ in ("track", "the"):
                nxt = sent.doc[t.i + 1 : t.i + 3].text.lower()
                after = sent.doc[t.i + 3] if t.i + 3 < len(sent.doc) else None
                predicative = t.head.lemma_ == "be" and (after is None or after.is_punct)
                # "on track to win", "on track for a record", "on track.": what is coming;
                # "on track with these investments" reports how work stands today
                track = sent.doc[t.i + 2] if t.i + 2 < len(sent.doc) else None
                ahead = track is None or track.is_punct or track.lower_ in ("to", "for", "and")
                if (nxt.startswith("track") and ahead) or (nxt == "the way" and predicative):
                    est = likelihood.expectation(
                        "on track" if nxt.startswith("track") else "on the way"
                    )
                    cue = "on track" if nxt.startswith("track") else "on the way"
                    out.append(Candidate("expectation", t.head, None, [t], est, cue))
            elif t.tag_ in ("VBZ", "VBP") and anchor is not None and t.pos_ in ("VERB", "AUX"):
                cand = self._scheduled(t, times)
                if cand:
                    out.append(cand)
        if said and out:
            cue, stated_likelihood = said
            first = out[0]
            out.append(
                Candidate("stated", first.predicate, first.content, first.cue_tokens,
                          Estimate(stated_likelihood.probability, stated_likelihood.low,
                                   stated_likelihood.high, likelihood.STATED), cue, first.modal)
            )  # fmt: skip
        return out

    def _likelihood_word(self, t: Token) -> Candidate | None:
        degree = [ch for ch in t.children if ch.dep_ == "advmod" and likelihood.degree(ch.text)]
        words = " ".join([*(d.lower_ for d in degree), t.lower_])
        est = likelihood.phrase(words) or likelihood.phrase(t.lower_)
        if est is None:
            return None
        tokens = [*degree, t]
        cue = " ".join(x.text for x in sorted(tokens, key=lambda x: x.i))
        if t.dep_ == "acomp" or (t.pos_ == "ADJ" and t.dep_ in ("ROOT", "ccomp")):
            # "X is unlikely to V", "a breakthrough is now unlikely", "it is likely that ..."
            head = t.head if t.dep_ == "acomp" else t
            content = next(
                (ch for ch in t.children if ch.dep_ in ("xcomp", "advcl", "ccomp")), None
            )
            return Candidate("lexicon", head, content, tokens, est, cue, None)
        if t.dep_ == "advmod" and t.head.pos_ in ("VERB", "AUX"):
            verb = t.head
            if verb.dep_ in ("acl", "amod", "relcl") and not any(
                ch.dep_ in ("aux", "nsubj") for ch in verb.children
            ):
                return None  # "a trip likely designed to ...": describes, does not forecast
            has_modal = any(ch.tag_ == "MD" for ch in verb.children)
            progressive = verb.tag_ == "VBG" and any(
                ch.dep_ == "aux" and ch.lower_ in ("is", "are", "'s", "’s", "'re", "’re")
                for ch in verb.children
            )
            if not (has_modal or progressive):
                return None  # "are perhaps being fuelled": hedges the present, not the future
            return Candidate("lexicon", verb, None, tokens, est, cue, _modal_of(verb))
        return None

    def _surprise(self, t: Token) -> Candidate | None:
        """ "It would be hardly surprising if X": X is likely; "it would be surprising if X":
        X is unlikely. Only with a modal or in the future: "it was no surprise that" reports."""
        be = t.head if t.dep_ in ("acomp", "attr") else t
        clause = next(
            (
                ch
                for ch in (*be.children, *t.children)
                if ch.dep_ == "advcl" and any(m.lower_ == "if" for m in ch.children)
            ),
            None,
        )
        if clause is None or not any(ch.tag_ == "MD" for ch in be.children):
            return None
        negations = self.cues["surprise_negations"]
        around = [*t.children, *be.children]
        negation = [ch for ch in around if ch.lower_ in negations and ch.i < t.i]
        est = likelihood.phrase("likely" if negation else "unlikely")
        if est is None:
            return None
        tokens = sorted([*negation, t], key=lambda x: x.i)
        cue = " ".join(x.text for x in tokens)
        return Candidate("surprise", be, clause, tokens, est, cue, None, None, "prediction")

    def _risk_level(self, noun: Token) -> Candidate | None:
        """ "the risk of an outbreak is low": the level of a risk word is a likelihood."""
        be = noun.head
        level = next((ch for ch in be.children if ch.dep_ == "acomp"), None)
        if level is None:
            return None
        est = likelihood.risk_level(level.lower_)
        if est is None:
            return None
        degree = [ch for ch in level.children if ch.dep_ == "advmod" and likelihood.degree(ch.text)]
        for d in degree:
            est = est.pulled(likelihood.degree(d.text) or 0.0)
        event = next((g for p in noun.children if p.lower_ == "of" for g in p.children), None)
        cue = " ".join(x.text for x in [noun, *degree, level])
        cand = Candidate("lexicon", be, event, [noun, *degree, level], est, cue, None)
        return cand

    def _expect_verb(self, t: Token) -> Candidate | None:
        subj = _subject(t)
        content = next((ch for ch in t.children if ch.dep_ in ("ccomp", "xcomp")), None)
        if subj is None or content is None or subj.lower_ in self.cues["generic_subjects"]:
            return None
        obj = next((ch for ch in content.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        obj = obj or next((ch for ch in t.children if ch.dep_ == "dobj"), None)
        if obj is not None and (
            obj.ent_type_ == "PERSON" or obj.pos_ == "PROPN" or obj.lower_ in ("him", "her", "them")
        ):
            return None  # "the campaign expects Holt to ...": a demand, not a forecast
        est = likelihood.expectation("expect")
        return Candidate("expect_verb", t, content, [t], est, t.text, None, subj, "prediction")

    def _expectation(self, t: Token) -> Candidate | None:
        lower, lemma = t.lower_, t.lemma_.lower()
        if lemma in self.cues["intention_words"]:
            content = next((ch for ch in t.children if ch.dep_ in ("xcomp", "acl")), None)
            if content is None and t.pos_ == "NOUN" and t.dep_ == "dobj":
                # "announced plans this week to give": the infinitive hangs on the verb
                content = next(
                    (ch for ch in t.head.children if ch.dep_ in ("xcomp", "advcl") and ch.i > t.i),
                    None,
                )
            if content is None or content.tag_ != "VB" or t.tag_ in ("VBD", "VBN"):
                return None
            est = likelihood.expectation("plans")
            return Candidate("expectation", t, content, [t], est, t.text, None, None, "expectation")
        content = next((ch for ch in t.children if ch.dep_ in ("xcomp",)), None)
        if content is None:
            # "due out next year", "set for next year", "scheduled for February"
            prep = next(
                (
                    ch
                    for ch in t.children
                    if ch.i == t.i + 1
                    and (
                        ch.lower_ in ("for", "out", "in")
                        or (lower == "headed" and ch.lower_ == "to")
                    )
                ),
                None,
            )
            if prep is None or lower in ("expected", "anticipated", "predicted", "forecast"):
                return None
        elif content.tag_ != "VB":
            return None
        if lower in ("expected", "anticipated", "predicted", "forecast", "tipped") and not (
            _is_passive(t) or t.dep_ == "acl"
        ):
            return None
        if lower == "set" and content is None and t.dep_ not in ("acl", "ROOT", "relcl"):
            return None
        est = likelihood.expectation(lower)
        return Candidate("expectation", t, content, [t], est, t.text, None, None, "expectation")

    def _scheduled(self, t: Token, times: list[horizon.Found]) -> Candidate | None:
        """A present tense with a future date: "Lowe's reports earnings Wednesday"."""
        away = t.lemma_ == "be" and any(ch.lower_ == "away" for ch in t.children)
        if not away and t.lemma_ in (
            "be",
            "have",
            "say",
            "tell",
            "expect",
            "hope",
            "want",
            "need",
            "know",
        ):
            return None
        if any(ch.dep_ in ("aux", "auxpass", "neg") for ch in t.children):
            return None
        sent_start = t.sent.start_char
        span = (t.left_edge.idx - sent_start, t.right_edge.idx + len(t.right_edge) - sent_start)
        for f in times:
            h = f.horizon
            inside = span[0] <= f.start and f.end <= span[1]
            if (
                inside
                and h.start is not None
                and h.anchor is not None
                and (h.start > h.anchor or (away and h.end is not None and h.end > h.anchor))
                and h.precision in ("day", "week", "month", "season")
            ):
                est = likelihood.expectation("scheduled present")
                return Candidate("scheduled", t, None, [t], est, t.text, None, None, "expectation")
        return None

    # ---- not a forecast --------------------------------------------------------------------

    def _keep(self, c: Candidate, sent: Span) -> bool:
        c_ = self.cues
        p = c.predicate
        if _in_open_clause(p, c_) or _in_aim(p, c_):
            return False
        children = list(p.children)
        if any(ch.dep_ == "advmod" and _habitual(ch, c_) for ch in children):
            return False  # "would likely occur fairly regularly": a habit, not an event
        if c.family != "modal":
            return True
        modal = c.modal or ""
        subj = _subject(p)
        md = c.cue_tokens[0]
        if p.dep_ == "advcl" and subj is not None and md.i < subj.i:
            return False  # "Should the talks fail, ...": an inverted condition, not a forecast
        if modal != "will" and any(ch.lower_ in PERFECT and ch.dep_ == "aux" for ch in children):
            return False  # counterfactual past: "would have won"
        if p.lemma_ in ("have", "need") and any(ch.dep_ == "xcomp" for ch in children):
            return False  # obligation: "will have to", "will need to"
        if subj is not None and subj.lower_ in c_["generic_subjects"]:
            return False
        if subj is None and modal in ("could", "may", "might") and p.dep_ != "conj":
            return False  # no one to say it of: "... create one might expect them to matter"
        if (
            modal == "will"
            and p.lemma_ in c_["idiom_verbs"]
            and subj is not None
            and subj.lower_ in ("we", "you")
        ):
            return False  # "we'll see"
        noun_clause = any(ch.dep_ == "mark" and ch.lower_ == "that" for ch in children)
        if modal in ("could", "may", "might") and p.dep_ in ("relcl", "acl") and not noun_clause:
            return False  # "which could be coming from ...": a description
        if modal == "could" and any(ch.dep_ == "neg" for ch in children):
            return False  # "he could not explain": past inability
        if modal == "should" and subj is not None and subj.pos_ == "PROPN":
            return False  # "Assange should remain in jail": what someone ought to do
        if modal == "should" and (subj is None or _is_person(subj, c_)):
            return False  # advice to someone, not a predictive "should"
        if modal in ("would", "could", "should") and _is_judgement(p, c_):
            return False  # "would be a mistake"
        if modal == "would":
            has_cue = any(
                (ch.lemma_.lower() in LIKELIHOOD_WORDS) and ch.dep_ == "advmod" for ch in children
            )
            cond = conditions.find(p, modal, sent)
            if not has_cue and cond is None:
                return False  # bare "would": plan terms and reported intentions
        return True

    # ---- the record ------------------------------------------------------------------------

    def _forecast(
        self,
        doc: Doc,
        sent: Span,
        c: Candidate,
        times: list[horizon.Found],
        quotes: QuoteIndex,
        n: int,
        evidence: tuple[int, int, str],
        signed: list[signatures.SignedSection],
    ) -> Forecast:
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
        pledge = kind == "pledge" or self._is_self_commitment(c, quote)
        if pledge:
            kind = "pledge"
        elif cond is not None:
            kind = "conditional"
        elif c.family == "modal" and c.modal == "will" and quote is None and c.forecaster is None:
            kind = "expectation" if not _negated(c) else "prediction"
        source = self._source(doc, c, quote, signed)
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

    def _is_self_commitment(self, c: Candidate, quote: Quote | None) -> bool:
        """A speaker's "we will seek ...", "we're not going to stop": a pledge, not a prediction."""
        if c.family != "modal" or c.modal not in ("will", "going to"):
            return False
        verb = c.content or c.predicate
        subj = _subject(c.predicate) or _subject(verb)
        commit = verb.lemma_.lower() in self.cues["commitment_verbs"]
        if subj is not None and subj.lower_ in ("i", "we") and quote is not None:
            return verb.lemma_ not in ("be", "have", "see", "know", "think", "get")
        if not commit or subj is None or subj.pos_ not in ("PRON", "PROPN"):
            return False
        if subj.pos_ == "PRON" and quote is not None and quote.source:
            # "he would try to deflect", said by someone else of him, is their forecast
            return resolve_source(subj.doc, subj) == quote.source
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
                if ch.dep_ == "advmod" and ch.lower_ in LIKELIHOOD_WORDS:
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
        self, doc: Doc, c: Candidate, quote: Quote | None, signed: list[signatures.SignedSection]
    ) -> str:
        if c.forecaster is not None:
            resolved = resolve_source(doc, c.forecaster)
            if resolved:
                return resolved
        if quote is not None and quote.source:
            return quote.source
        signer = signatures.signer_at(signed, c.cue_tokens[0].idx)
        if signer is not None:
            return find_or_add_source(doc, signer) or AUTHOR.id
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
        if len(line.split()) > 30 or not (_title_case(line) or not _HEADLINE_END.search(line)):
            break
        pos += m.end()
    return pos


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _is_question(sent: Span) -> bool:
    text = sent.text.rstrip(" \"”’')\n")
    return text.endswith("?")


def _clause_of(t: Token) -> Token:
    """The head of the coordinated clause a word is in: "..., but Y could B" is a clause."""
    while t.head.i != t.i:
        if t.dep_ == "conj" and propositions.separate_forecast(t, t.head):
            return t
        t = t.head
    return t


def _opinion_writer_speaks(doc: Doc, forecasts: list[Forecast]) -> list[Forecast]:
    """In an opinion piece with a byline the article's voice is its writer's (FORECASTS.md:
    "Letters and op-eds: the writer is the source"): its forecasts go to a person source."""
    if not Doc.has_extension("genre") or doc._.genre != "opinion" or not doc._.authors:
        return forecasts
    if all(f.source != AUTHOR.id for f in forecasts):
        return forecasts
    writer = named_person(doc, doc._.authors[0], role="writer")
    return [replace(f, source=writer) if f.source == AUTHOR.id else f for f in forecasts]


def _reports_a_claim(doc: Doc, quote: Quote, evaluative: set[str]) -> bool:
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
    text = doc[first : last + 1].text
    stripped = text.strip()
    start = doc[first].idx + len(text) - len(text.lstrip())
    return start, start + len(stripped), stripped


def _subject(t: Token) -> Token | None:
    subj = next((ch for ch in t.children if ch.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None and t.dep_ in ("xcomp", "conj") and t.head is not t:
        return _subject(t.head)
    return subj


def _modal_of(verb: Token) -> str | None:
    md = next((ch for ch in verb.children if ch.tag_ == "MD"), None)
    return md.lemma_.lower() if md is not None else None


def _is_passive(t: Token) -> bool:
    return any(ch.dep_ in ("auxpass", "nsubjpass") for ch in t.children)


def _is_person(t: Token, c: dict[str, set[str]]) -> bool:
    lemma = t.lemma_.lower()
    if t.lower_ in c["person_pronouns"] or t.ent_type_ in ("PERSON", "NORP"):
        return True
    if t.tag_ == "NNS" and (
        lemma.endswith(("er", "or", "ist", "ian", "ant", "official", "leader"))
        or lemma in ("people", "official", "voter", "member", "parent", "child", "man", "woman")
    ):
        return True
    return t.pos_ == "PROPN" and t.ent_type_ == ""


def _is_judgement(p: Token, c: dict[str, set[str]]) -> bool:
    if p.lemma_ != "be":
        return False
    if any(ch.dep_ == "csubj" for ch in p.children):
        return True
    for ch in p.children:
        if ch.dep_ in ("attr", "acomp") and ch.lemma_.lower() in c["judgements"]:
            return True
    return False


def _in_open_clause(p: Token, c: dict[str, set[str]]) -> bool:
    """Inside "whether ...", "wondered if ...", "didn't say when ...", "in hopes that ..."."""
    t = p
    for _ in range(6):
        marks = [ch for ch in t.children if ch.dep_ in ("mark",) and ch.i < t.i]
        if any(m.lower_ in ("whether", "if") for m in marks) and t.dep_ in (
            "ccomp",
            "pcomp",
            "xcomp",
        ):
            return True
        if any(m.lower_ == "whether" for m in marks):
            return True
        # "that"/"which" moved out of a relative clause ("models that analysts say will lift
        # sales") is a relative pronoun, not a question word
        relative = t.head.dep_ == "relcl"
        if (
            t.dep_ in ("ccomp", "pcomp", "xcomp", "csubj")
            and not relative
            and (
                any(_question_word(ch) and ch.i < t.i for ch in t.children)
                or _question_word(t.left_edge)
            )
        ):
            return True
        if t is not p and t.lemma_.lower() in c["open_heads"]:
            return True
        if t.dep_ == "ROOT" or t.head is t:
            break
        # an if-clause is the condition of its head, not a forecast of its own
        if t is p and any(m.lower_ in ("if", "unless") for m in marks):
            return True
        t = t.head
    return False


def _backshifted(p: Token, c: dict[str, set[str]]) -> bool:
    """A "would" that reports a "will" after a past reporting verb, about an event rather than
    the terms of a plan."""
    report = p.head
    if (
        p.dep_ != "ccomp"
        or report.tag_ != "VBD"
        or report.lemma_.lower() not in c["backshift_verbs"]
    ):
        return False
    if p.lemma_.lower() in c["stative_verbs"] | c["wish_verbs"]:
        return False
    doc = p.doc
    lo, hi = sorted((report.i, p.left_edge.i))
    if any(t.is_quote for t in doc[lo : hi + 1]):
        return False  # a "would" inside quotation marks is the speaker's own word
    if _reported_long_ago(report, c["long_ago_words"]):
        return False  # "Several weeks ago, Trump stated that ...": a forecast of back then
    speaker = _subject(report)
    if speaker is not None and any(
        t.lemma_.lower() in c["poll_nouns"] or t.like_num for t in speaker.subtree
    ):
        return False  # "19 percent said they would not pick either": poll answers
    subj = _subject(p)
    return subj is None or subj.lemma_.lower() not in c["plan_nouns"]


def _reported_long_ago(report: Token, long_ago: set[str]) -> bool:
    """The report is dated in the past ("weeks ago", "last year"), not at publication."""
    return any(
        ch.dep_ in ("npadvmod", "advmod", "prep")
        and ch.i < report.i + 8
        and any(t.lower_ in long_ago for t in ch.subtree)
        for ch in report.children
    )


def _habitual(adverb: Token, c: dict[str, set[str]]) -> bool:
    """A frequency adverb, also inside a coordination ("fairly regularly, or at least often")."""
    return adverb.lower_ in c["habitual"] or any(
        ch.lower_ in c["habitual"] for ch in adverb.children if ch.dep_ == "conj"
    )


def _question_word(t: Token) -> bool:
    return t.tag_ in ("WRB", "WP", "WDT") and t.lower_ != "that"


def _in_aim(p: Token, c: dict[str, set[str]]) -> bool:
    t = p.head
    for _ in range(3):
        if t.lemma_.lower() in c["aims"] and t.tag_ in ("VBN", "NN"):
            return True
        if t.head is t:
            break
        t = t.head
    return False


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
        if est is not None and subj is not None and subj.lower_ in ("i", "we"):
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
    c: Candidate, times: list[horizon.Found], sent: Span, excluded: set[int]
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


def resolve_source(doc: Doc, subject: Token) -> str | None:
    """A source id for the subject of "X pledged/expects", resolved as the quotes' speakers are."""
    return find_or_add_source(doc, _mention(subject))
