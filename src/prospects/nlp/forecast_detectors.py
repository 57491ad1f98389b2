"""Forecast candidates: one detector per family of forecast words, as a table.

A detector looks at one token and, when the token is its kind of cue, returns a `Candidate`:
the verb the forecast hangs on, the event's verb, the cue words and their likelihood. The
detectors aim at recall; whether a candidate is a forecast is decided afterwards, by the filters
(rules) or the learned model (prospects.nlp.forecast_model). The first detector in `DETECTORS`
that claims a token makes its candidate, so a token is one candidate at most.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from prospects import wordlists
from prospects.nlp import likelihood, time_expressions
from prospects.nlp.forecast_syntax import Cues, governing_verb, is_passive, modal_of, subject
from prospects.nlp.likelihood import Estimate

# candidate families, strongest first: when a clause has several, the rule finder keeps the first
PRIORITY = (
    "pledge", "stated", "lexicon", "surprise", "expect_verb", "expectation", "modal", "scheduled",
)  # fmt: skip

CUES_FILE = "forecast_cues.yaml"


@cache
def cues() -> Cues:
    """Every word list of data/forecast_cues.yaml by its key, lower case, read once."""
    keys = wordlists.data_file("prospects.nlp", CUES_FILE)
    return {key: wordlists.words("prospects.nlp", CUES_FILE, key) for key in keys}


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
    detector: str = ""  # the detector that made it (a feature of the learned finder)
    extra_excluded: set[int] = field(default_factory=set)
    filters: tuple[str, ...] = ()  # the filters that fired
    score: float = 1.0  # the learned finder's probability that it is a forecast
    features: list[str] = field(default_factory=list)  # what the learned finder read
    dense: Any = None  # and its dense vector (numpy), when the pipeline has token vectors


@dataclass(frozen=True)
class Context:
    sent: Span
    times: list[time_expressions.Found]
    anchor: date | None
    cues: Cues


Detector = Callable[[Token, Context], Candidate | None]


def modal(t: Token, ctx: Context) -> Candidate | None:
    lower, lemma = t.lower_, t.lemma_.lower()
    contracted = lower in ctx.cues["will_contractions"]
    if not (t.tag_ == "MD" and (lemma in ctx.cues["forecast_modals"] or contracted)):
        return None
    word = "will" if contracted else lemma
    # a modal that heads its own clause is verb-phrase ellipsis ("it will, sooner or later,"
    # said X): the event hangs on the modal, not on the reporting verb
    head = t.head if t.dep_ in ("aux", "auxpass") or t.head.i == t.i else t
    if word == "would" and backshifted(head, ctx.cues):
        word = "will"  # "said the U.S. would work with ...": a reported "will"
    return Candidate("modal", head, None, [t], likelihood.modal(word), t.text, word)


def going_to(t: Token, ctx: Context) -> Candidate | None:
    if t.lower_ not in ("going", "gon"):
        return None
    xcomp = next((ch for ch in t.children if ch.dep_ == "xcomp" and _base_form(ch)), None)
    if xcomp is None or not any(ch.lemma_ == "be" for ch in t.children if ch.dep_ == "aux"):
        return None
    word = "gonna" if t.lower_ == "gon" else "going to"
    return Candidate("modal", t, xcomp, [t], likelihood.modal(word), word, "going to")


def surprise(t: Token, ctx: Context) -> Candidate | None:
    """ "It would be hardly surprising if X": X is likely; "it would be surprising if X":
    X is unlikely. Only with a modal or in the future: "it was no surprise that" reports."""
    if (
        t.lower_ not in ctx.cues["surprise_words"]
        and t.lemma_.lower() not in ctx.cues["surprise_words"]
    ):
        return None
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
    around = [*t.children, *be.children]
    negation = [ch for ch in around if ch.lower_ in ctx.cues["surprise_negations"] and ch.i < t.i]
    est = likelihood.phrase("likely" if negation else "unlikely")
    if est is None:
        return None
    tokens = sorted([*negation, t], key=lambda x: x.i)
    cue = " ".join(x.text for x in tokens)
    return Candidate("surprise", be, clause, tokens, est, cue, None, None, "prediction")


def likelihood_word(t: Token, ctx: Context) -> Candidate | None:
    words = ctx.cues["likelihood_words"]
    if t.lemma_.lower() not in words and t.lower_ not in words:
        return None
    degree = [ch for ch in t.children if ch.dep_ == "advmod" and likelihood.degree(ch.text)]
    phrase = " ".join([*(d.lower_ for d in degree), t.lower_])
    est = likelihood.phrase(phrase) or likelihood.phrase(t.lower_)
    if est is None:
        return None
    tokens = [*degree, t]
    cue = " ".join(x.text for x in sorted(tokens, key=lambda x: x.i))
    if t.dep_ == "acomp" or (t.pos_ == "ADJ" and t.dep_ in ("ROOT", "ccomp")):
        # "X is unlikely to V", "a breakthrough is now unlikely", "it is likely that ..."
        head = t.head if t.dep_ == "acomp" else t
        content = next((ch for ch in t.children if ch.dep_ in ("xcomp", "advcl", "ccomp")), None)
        return Candidate("lexicon", head, content, tokens, est, cue, None)
    if (
        t.dep_ == "amod"
        and t.head.pos_ == "NOUN"
        and t.lemma_.lower() in ctx.cues["role_likelihood_adjectives"]
    ):
        # "the likely nominee": the noun's role is what is expected
        return Candidate("lexicon", t.head, None, tokens, est, cue, None)
    if t.dep_ == "advmod" and t.head.pos_ in ("VERB", "AUX"):
        verb = t.head
        if verb.dep_ in ("acl", "amod", "relcl") and not any(
            ch.dep_ in ("aux", "nsubj") for ch in verb.children
        ):
            return None  # "a trip likely designed to ...": describes, does not forecast
        has_modal = any(ch.tag_ == "MD" for ch in verb.children)
        progressive = verb.tag_ == "VBG" and any(
            ch.dep_ == "aux" and ch.lower_ in ctx.cues["progressive_be_forms"]
            for ch in verb.children
        )
        if not (has_modal or progressive):
            return None  # "are perhaps being fuelled": hedges the present, not the future
        return Candidate("lexicon", verb, None, tokens, est, cue, modal_of(verb))
    return None


def risk_level(t: Token, ctx: Context) -> Candidate | None:
    """ "the risk of an outbreak is low": the level of a risk word is a likelihood."""
    if t.lemma_.lower() not in ctx.cues["risk_nouns"]:
        return None
    level_word = next((ch for ch in t.children if ch.dep_ == "amod"), None)
    if t.dep_ != "nsubj" and level_word is not None:
        # "there is little chance of Dean moving", "a slim chance that": the level is the amod
        est = likelihood.risk_level(level_word.lower_)
        event = next((g for p in t.children if p.lower_ == "of" for g in p.children), None)
        event = event or next((ch for ch in t.children if ch.dep_ in ("acl", "ccomp")), None)
        if est is None or event is None:
            return None
        cue = f"{level_word.text} {t.text}"
        return Candidate("lexicon", t.head, event, [level_word, t], est, cue, None)
    if t.dep_ != "nsubj":
        return None
    be = t.head
    if be.lemma_ != "be":
        return None
    level = next((ch for ch in be.children if ch.dep_ == "acomp"), None)
    if level is None:
        return None
    est = likelihood.risk_level(level.lower_)
    if est is None:
        return None
    degree = [ch for ch in level.children if ch.dep_ == "advmod" and likelihood.degree(ch.text)]
    for d in degree:
        est = est.pulled(likelihood.degree(d.text) or 0.0)
    event = next((g for p in t.children if p.lower_ == "of" for g in p.children), None)
    cue = " ".join(x.text for x in [t, *degree, level])
    return Candidate("lexicon", be, event, [t, *degree, level], est, cue, None)


def pledge_verb(t: Token, ctx: Context) -> Candidate | None:
    """ "she vowed to veto", "vowing to fight on" (the vower is the subject of the clause)."""
    if t.lemma_.lower() not in ctx.cues["pledge_verbs"] or t.pos_ != "VERB":
        return None
    content = next((ch for ch in t.children if ch.dep_ in ("xcomp", "ccomp")), None)
    if content is None:
        prep = next((ch for ch in t.children if ch.lower_ == "to"), None)
        content = next((g for g in prep.children if g.dep_ == "pcomp"), None) if prep else None
    # "promised a review of the industries", "has pledged 60 million": the object is the act;
    # not "are expected to pledge new funding", whose pledge is itself the expected event
    if content is None and t.tag_ != "VB":
        content = next((ch for ch in t.children if ch.dep_ == "dobj"), None)
    subj = subject(t)
    if subj is None and t.tag_ == "VBG" and t.dep_ == "advcl" and _infinitive(content):
        subj = subject(t.head)  # "..., vowing to fight on": the participle's owner
    if content is None or subj is None or is_passive(t):
        return None
    return Candidate("pledge", t, content, [t], None, t.text, None, subj, "pledge")


def pledge_noun(t: Token, ctx: Context) -> Candidate | None:
    """ "his pledge to cut taxes", "made a promise to release": a pledge named by a noun."""
    if t.lemma_.lower() not in ctx.cues["pledge_nouns"] or t.pos_ != "NOUN":
        return None
    content = next(
        (ch for ch in t.children if ch.dep_ in ("acl", "relcl") and ch.tag_ == "VB"), None
    )
    if not _infinitive(content):
        return None
    owner = next((ch for ch in t.children if ch.dep_ == "poss"), None)
    if owner is None and t.dep_ in ("dobj", "attr"):
        owner = subject(t.head)
    if owner is None:
        return None
    return Candidate("pledge", t, content, [t], None, t.text, None, owner, "pledge")


def _infinitive(verb: Token | None) -> bool:
    return verb is not None and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children)


def _base_form(verb: Token) -> bool:
    """A verb in the base form, active ("to close") or passive ("to be held", "be completed")."""
    if verb.tag_ == "VB":
        return True
    return verb.tag_ == "VBN" and any(
        ch.dep_ == "auxpass" and ch.lower_ == "be" for ch in verb.children
    )


def expect_verb(t: Token, ctx: Context) -> Candidate | None:
    """ "Analysts expect X to grow": the subject forecasts."""
    if t.lemma_.lower() not in ctx.cues["expect_verbs"] or t.pos_ != "VERB" or is_passive(t):
        return None
    subj = subject(t)
    content = next((ch for ch in t.children if ch.dep_ in ("ccomp", "xcomp")), None)
    # "UBS predicts a profit of 485m", "he expects an aggressive appeal": the object is the event
    content = content or next((ch for ch in t.children if ch.dep_ == "dobj"), None)
    if subj is None or content is None or subj.lower_ in ctx.cues["generic_subjects"]:
        return None
    est = likelihood.expectation("expect")
    return Candidate("expect_verb", t, content, [t], est, t.text, None, subj, "prediction")


def expectation(t: Token, ctx: Context) -> Candidate | None:
    """ "is expected to", "poised to", "set for", "plans to", "announced plans to"."""
    lower, lemma = t.lower_, t.lemma_.lower()
    participle = lower in ctx.cues["passive_participles"]
    if not (
        (lower in ctx.cues["expectation_adjectives"] or lemma in ctx.cues["intention_words"])
        and t.pos_ in ("VERB", "ADJ", "NOUN")
    ):
        return None
    if lemma in ctx.cues["intention_words"]:
        content = next((ch for ch in t.children if ch.dep_ in ("xcomp", "acl")), None)
        if content is None and t.pos_ == "NOUN" and t.dep_ == "dobj":
            # "announced plans this week to give": the infinitive hangs on the verb
            content = next(
                (ch for ch in t.head.children if ch.dep_ in ("xcomp", "advcl") and ch.i > t.i),
                None,
            )
        if content is None and t.pos_ == "VERB" and not is_passive(t):
            # "Bahrain plans an official stock exchange": the planned thing is the object
            content = next((ch for ch in t.children if ch.dep_ == "dobj"), None)
        if content is None or (content.dep_ != "dobj" and not _base_form(content)):
            return None
        est = likelihood.expectation("plans")
        return Candidate("expectation", t, content, [t], est, t.text, None, None, "expectation")
    content = next((ch for ch in t.children if ch.dep_ in ("xcomp",)), None)
    if content is None and participle:
        content = next(
            (ch for ch in t.children if ch.dep_ == "advcl" and _infinitive(ch) and ch.i > t.i),
            None,
        )
    if content is None:
        # "due out next year", "set for next year", "scheduled for February"
        prep = next(
            (
                ch
                for ch in t.children
                if ch.i == t.i + 1
                and (
                    ch.lower_ in ctx.cues["schedule_prepositions"]
                    or (lower == "headed" and ch.lower_ == "to")
                )
            ),
            None,
        )
        if prep is None or participle:
            return None
    elif not _base_form(content):
        return None
    passive_only = participle or lower in ctx.cues["passive_only_expectations"]
    if passive_only and not (is_passive(t) or t.dep_ == "acl"):
        return None
    if lower == "set" and content is None and t.dep_ not in ("acl", "ROOT", "relcl"):
        return None
    est = likelihood.expectation(lower)
    return Candidate("expectation", t, content, [t], est, t.text, None, None, "expectation")


def forecast_figure(t: Token, ctx: Context) -> Candidate | None:
    """ "output is forecast at 1.32 mln tonnes", "the projected deficit ... is 56.9 billion"."""
    if t.lower_ not in ctx.cues["figure_participles"] or t.tag_ != "VBN":
        return None
    at = next((ch for ch in t.children if ch.dep_ == "prep" and ch.lower_ in ("at", "to")), None)
    if t.dep_ == "amod":
        # "the projected deficit for 1987/88 is ...": the noun's figure is the forecast
        noun = t.head
        be = noun.head if noun.dep_ in ("nsubj", "nsubjpass") else None
        if be is None or be.lemma_ != "be":
            return None
        est = likelihood.expectation("projected")
        return Candidate("expectation", be, None, [t], est, t.text, None, None, "prediction")
    if at is None or not is_passive(t):
        return None
    est = likelihood.expectation("projected")
    return Candidate("expectation", t, None, [t], est, t.text, None, None, "prediction")


def be_to(t: Token, ctx: Context) -> Candidate | None:
    """ "the plant is to close in May", "is to be ready for shipping", "to be delivered from
    February 1988": an arrangement stated as settled."""
    if t.lemma_ != "be" or t.dep_ in ("aux", "auxpass"):
        return None
    content = next(
        (ch for ch in t.children if ch.dep_ == "xcomp" and _base_form(ch) and _infinitive(ch)),
        None,
    )
    if content is None or t.tag_ not in ("VBZ", "VBP"):
        return None
    est = likelihood.expectation("is to")
    return Candidate("expectation", t, content, [t], est, t.text, None, None, "expectation")


def on_track(t: Token, ctx: Context) -> Candidate | None:
    """ "on track to win", "on track for a record", "on the way"; not "on track with X"."""
    sent, doc = ctx.sent, t.doc
    if t.lower_ != "on" or t.i + 1 >= sent.end or t.nbor().lower_ not in ("track", "the"):
        return None
    nxt = doc[t.i + 1 : t.i + 3].text.lower()
    after = doc[t.i + 3] if t.i + 3 < len(doc) else None
    predicative = t.head.lemma_ == "be" and (after is None or after.is_punct)
    # "on track with these investments" reports how work stands today
    track = doc[t.i + 2] if t.i + 2 < len(doc) else None
    ahead = track is None or track.is_punct or track.lower_ in ("to", "for", "and")
    if not ((nxt.startswith("track") and ahead) or (nxt == "the way" and predicative)):
        return None
    cue = "on track" if nxt.startswith("track") else "on the way"
    return Candidate("expectation", t.head, None, [t], likelihood.expectation(cue), cue)


def scheduled(t: Token, ctx: Context) -> Candidate | None:
    """A present tense with a future date: "Lowe's reports earnings Wednesday"."""
    if ctx.anchor is None or t.pos_ not in ("VERB", "AUX"):
        return None
    # a present progressive with a future date is a schedule too: "we are extending the mission
    # through September", "the bill is going up next year"
    progressive = t.tag_ == "VBG" and any(
        ch.dep_ == "aux" and ch.tag_ in ("VBZ", "VBP") for ch in t.children
    )
    if not (t.tag_ in ("VBZ", "VBP") or progressive):
        return None
    away = t.lemma_ == "be" and any(ch.lower_ == "away" for ch in t.children)
    if not away and t.lemma_ in ctx.cues["not_scheduled_verbs"]:
        return None
    allowed = ("aux",) if progressive else ()
    if any(ch.dep_ in ("aux", "auxpass", "neg") and ch.dep_ not in allowed for ch in t.children):
        return None
    if progressive and any(ch.dep_ == "xcomp" for ch in t.children):
        return None  # "is going to": the modal detector's
    sent_start = t.sent.start_char
    for f in ctx.times:
        h = f.horizon
        # the date must be the verb's own ("reports earnings Wednesday"), not a date inside its
        # subject ("aid approved by Congress in May is starting to reach ...")
        words = t.doc.char_span(sent_start + f.start, sent_start + f.end, alignment_mode="expand")
        if (
            words is not None
            and getattr(governing_verb(words), "i", None) == t.i
            and h.start is not None
            and h.anchor is not None
            and (h.start > h.anchor or (away and h.end is not None and h.end > h.anchor))
            and h.precision in ("day", "week", "month", "season")
        ):
            est = likelihood.expectation("scheduled present")
            return Candidate("scheduled", t, None, [t], est, t.text, None, None, "expectation")
    return None


# The detectors in the order they claim a token (the elif chain of earlier versions, as data).
DETECTORS: dict[str, Detector] = {
    "modal": modal,
    "going_to": going_to,
    "surprise": surprise,
    "likelihood_word": likelihood_word,
    "risk_level": risk_level,
    "pledge_verb": pledge_verb,
    "pledge_noun": pledge_noun,
    "expect_verb": expect_verb,
    "expectation": expectation,
    "forecast_figure": forecast_figure,
    "be_to": be_to,
    "on_track": on_track,
    "scheduled": scheduled,
}


@cache
def _trigger_words() -> frozenset[str]:
    """Every word (lower case or lemma) some detector can start from: a token with none of them,
    and no modal or present-tense tag, is skipped without asking eleven detectors."""
    c = cues()
    keys = ("forecast_modals", "surprise_words", "likelihood_words", "risk_nouns", "pledge_verbs",
            "pledge_nouns", "expect_verbs", "expectation_adjectives", "intention_words",
            "figure_participles")  # fmt: skip
    # and the first words of "going to" / "gonna" and "on track" / "on the way"
    return frozenset().union(*(c[k] for k in keys), c["will_contractions"], {"going", "gon", "on"})


def _may_start(t: Token, words: frozenset[str]) -> bool:
    return (
        t.tag_ in ("MD", "VBZ", "VBP", "VBG")
        or t.lower_ in words
        or t.lemma_.lower() in words
        or t.lemma_ == "be"
    )


def possible(sent: Span) -> bool:
    """Whether any detector could claim a token of the sentence (before its dates are read)."""
    words = _trigger_words()
    return any(_may_start(t, words) for t in sent)


def candidates(ctx: Context, detectors: tuple[str, ...] | None = None) -> list[Candidate]:
    """Every candidate of a sentence; a stated probability ("a 71 percent chance") in it adds a
    `stated` candidate on the first one's words."""
    names = detectors or tuple(DETECTORS)
    if not ctx.times:
        names = tuple(n for n in names if n != "scheduled")  # a schedule needs a date
    words = _trigger_words()
    out: list[Candidate] = []
    for t in ctx.sent:
        if not _may_start(t, words):
            continue
        for name in names:
            cand = DETECTORS[name](t, ctx)
            if cand is not None:
                cand.detector = name
                out.append(cand)
                break
    said = likelihood.stated(ctx.sent.text)
    if said and not out:
        # "the model gives Clinton an 85% chance of winning": the chance noun carries it alone
        noun = next((t for t in ctx.sent if t.lemma_.lower() in ctx.cues["risk_nouns"]), None)
        if noun is not None:
            event = next((g for p in noun.children if p.lower_ == "of" for g in p.children), None)
            out.append(Candidate("lexicon", noun.head, event, [noun], None, noun.text,
                                 detector="risk_level"))  # fmt: skip
    if said and out:
        cue, stated = said
        first = out[0]
        est = Estimate(stated.probability, stated.low, stated.high, likelihood.STATED)
        out.append(
            Candidate("stated", first.predicate, first.content, first.cue_tokens, est, cue,
                      first.modal, detector="stated")
        )  # fmt: skip
    return out


def backshifted(p: Token, cues: Cues) -> bool:
    """A "would" that reports a "will" after a past reporting verb, about an event rather than
    the terms of a plan."""
    report = p.head
    if (
        p.dep_ != "ccomp"
        or report.tag_ != "VBD"
        or report.lemma_.lower() not in cues["backshift_verbs"]
    ):
        return False
    if p.lemma_.lower() in cues["stative_verbs"] | cues["wish_verbs"]:
        return False
    doc = p.doc
    lo, hi = sorted((report.i, p.left_edge.i))
    if any(t.is_quote for t in doc[lo : hi + 1]):
        return False  # a "would" inside quotation marks is the speaker's own word
    if reported_long_ago(report, cues["long_ago_words"]):
        return False  # "Several weeks ago, Trump stated that ...": a forecast of back then
    speaker = subject(report)
    if speaker is not None and any(
        t.lemma_.lower() in cues["poll_share_words"] or t.like_num for t in speaker.subtree
    ):
        return False  # "19 percent said they would not pick either": poll answers
    subj = subject(p)
    return subj is None or subj.lemma_.lower() not in cues["plan_nouns"]


def reported_long_ago(report: Token, long_ago: frozenset[str]) -> bool:
    """The report is dated in the past ("weeks ago", "last year"), not at publication."""
    return any(
        ch.dep_ in ("npadvmod", "advmod", "prep")
        and ch.i < report.i + 8
        and any(t.lower_ in long_ago for t in ch.subtree)
        for ch in report.children
    )


def describe(c: Candidate) -> dict[str, Any]:
    """A candidate in a few words, for error listings."""
    return {"family": c.family, "detector": c.detector, "cue": c.cue, "filters": list(c.filters),
            "score": round(c.score, 3)}  # fmt: skip
