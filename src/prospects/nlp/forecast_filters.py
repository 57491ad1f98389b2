"""Named signs that a forecast candidate is not a forecast (FORECASTS.md, "Not a forecast").

Each filter is one function of a candidate and its sentence that says whether the sign is there.
The rule finder drops a candidate when any filter fires; the learned finder reads every filter
as a feature instead, so each one can be measured and switched off (`FILTERS`, and the
`filters` setting of the component). The words the filters look for are in
data/forecast_cues.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from prospects.nlp import conditions
from prospects.nlp.forecast_syntax import (
    PERFECT,
    Cues,
    is_judgement,
    is_person,
    is_question,
    subject,
)

if TYPE_CHECKING:
    from prospects.nlp.forecast_detectors import Candidate

Filter = Callable[["Candidate", Span, Cues], bool]


def open_clause(c: Candidate, sent: Span, cues: Cues) -> bool:
    """Inside "whether ...", "wondered if ...", "didn't say when ...", "in hopes that ..."."""
    t = c.predicate
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
        if t is not c.predicate and t.lemma_.lower() in cues["open_heads"]:
            return True
        if t.dep_ == "ROOT" or t.head is t:
            break
        # an if-clause is the condition of its head, not a forecast of its own
        if t is c.predicate and any(m.lower_ in ("if", "unless") for m in marks):
            return True
        t = t.head
    return False


def aim(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "is aimed at", "designed to": what a thing is for, not what will happen."""
    t = c.predicate.head
    for _ in range(3):
        if t.lemma_.lower() in cues["aims"] and t.tag_ in ("VBN", "NN"):
            return True
        if t.head is t:
            break
        t = t.head
    return False


def habitual(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "would likely occur fairly regularly": a habit, not an event."""
    words = cues["habitual"]
    return any(
        ch.dep_ == "advmod"
        and (ch.lower_ in words or any(g.lower_ in words for g in ch.children if g.dep_ == "conj"))
        for ch in c.predicate.children
    )


def question(c: Candidate, sent: Span, cues: Cues) -> bool:
    """Questions are not forecasts, rhetorical ones included (FORECASTS.md)."""
    return is_question(sent)


def _modal(c: Candidate, *modals: str) -> bool:
    return c.family == "modal" and (not modals or (c.modal or "") in modals)


def inverted_condition(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "Should the talks fail, ...": the modal opens a condition, not a forecast."""
    subj = subject(c.predicate)
    return (
        _modal(c)
        and c.predicate.dep_ == "advcl"
        and subj is not None
        and c.cue_tokens[0].i < subj.i
    )


def counterfactual(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "would have won": the past that did not happen."""
    return (
        _modal(c)
        and c.modal != "will"
        and any(ch.lower_ in PERFECT and ch.dep_ == "aux" for ch in c.predicate.children)
    )


def obligation(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "will have to", "will need to"."""
    p = c.predicate
    return (
        _modal(c)
        and p.lemma_ in cues["obligation_verbs"]
        and any(ch.dep_ == "xcomp" for ch in p.children)
    )


def generic_subject(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "one might expect", "you could argue"."""
    subj = subject(c.predicate)
    return _modal(c) and subj is not None and subj.lower_ in cues["generic_subjects"]


def no_subject(c: Candidate, sent: Span, cues: Cues) -> bool:
    """A hedging modal with no one to say it of: "... one might expect them to matter"."""
    return (
        _modal(c, "could", "may", "might")
        and subject(c.predicate) is None
        and c.predicate.dep_ != "conj"
    )


def idiom(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "we'll see": waiting, not forecasting."""
    subj = subject(c.predicate)
    return (
        _modal(c, "will")
        and c.predicate.lemma_ in cues["idiom_verbs"]
        and subj is not None
        and subj.lower_ in cues["idiom_subjects"]
    )


def descriptive_relative(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "which could be coming from ...": a hedged description inside a relative clause."""
    p = c.predicate
    noun_clause = any(ch.dep_ == "mark" and ch.lower_ == "that" for ch in p.children)
    return _modal(c, "could", "may", "might") and p.dep_ in ("relcl", "acl") and not noun_clause


def past_inability(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "he could not explain"."""
    return _modal(c, "could") and any(ch.dep_ == "neg" for ch in c.predicate.children)


def advice(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "Assange should remain in jail", "you should vote": what someone ought to do."""
    if not _modal(c, "should"):
        return False
    subj = subject(c.predicate)
    return subj is None or subj.pos_ == "PROPN" or is_person(subj, cues)


def judgement(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "would be a mistake"."""
    return _modal(c, "would", "could", "should") and is_judgement(c.predicate, cues)


def bare_would(c: Candidate, sent: Span, cues: Cues) -> bool:
    """A "would" with no likelihood word, condition or reporting verb: plan terms, intentions,
    poll answers, how a thing works."""
    if not _modal(c, "would"):
        return False
    p = c.predicate
    has_cue = any(
        ch.lemma_.lower() in cues["likelihood_words"] and ch.dep_ == "advmod" for ch in p.children
    )
    return not has_cue and conditions.find(p, "would", sent) is None


def past_plan(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "planned to", "intended to": a plan told in the past tense, which may be over."""
    return (
        c.family == "expectation"
        and c.cue_tokens[0].tag_ in ("VBD", "VBN")
        and (c.cue_tokens[0].lemma_.lower() in cues["intention_words"])
    )


def demand(c: Candidate, sent: Span, cues: Cues) -> bool:
    """ "the campaign expects Holt to fact-check": an expectation of a person's conduct."""
    if c.family != "expect_verb" or c.content is None:
        return False
    obj = next((ch for ch in c.content.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
    obj = obj or next((ch for ch in c.predicate.children if ch.dep_ == "dobj"), None)
    return obj is not None and (
        obj.ent_type_ == "PERSON"
        or obj.pos_ == "PROPN"
        or obj.lower_ in cues["person_object_pronouns"]
    )


def _question_word(t: Token) -> bool:
    return t.tag_ in ("WRB", "WP", "WDT") and t.lower_ != "that"


# every filter the finder knows, in the order the rule finder asks them
FILTERS: dict[str, Filter] = {
    "question": question,
    "open_clause": open_clause,
    "aim": aim,
    "habitual": habitual,
    "inverted_condition": inverted_condition,
    "counterfactual": counterfactual,
    "obligation": obligation,
    "generic_subject": generic_subject,
    "no_subject": no_subject,
    "idiom": idiom,
    "descriptive_relative": descriptive_relative,
    "past_inability": past_inability,
    "advice": advice,
    "judgement": judgement,
    "bare_would": bare_would,
    "past_plan": past_plan,
    "demand": demand,
}


def fired(c: Candidate, sent: Span, cues: Cues, names: tuple[str, ...] | None = None) -> list[str]:
    """The names of the filters that fire on a candidate (all of FILTERS unless `names`)."""
    return [n for n in (names or tuple(FILTERS)) if FILTERS[n](c, sent, cues)]
