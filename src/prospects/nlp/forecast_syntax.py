"""Readings of the dependency parse that forecast detectors, filters and features share, and
the subject of a verb that the quote rules and cue frames read too."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token

from prospects import wordlists

# the word lists of data/forecast_cues.yaml by key (prospects.nlp.forecast_detectors.cues)
Cues = dict[str, frozenset[str]]

PERFECT = wordlists.words("prospects.nlp", "forecast_cues.yaml", "perfect_auxiliaries")


SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl")


def subject(
    verb: Token, deps: Collection[str] = SUBJECT_DEPS, *, participles: bool = False
) -> Token | None:
    """The subject of a verb, or of the verb it is a complement or conjunct of ("wants to",
    "and said"), at most four verbs up; `deps` are the labels that count as a subject.

    With `participles`, also the subject of the verb an adverbial participle (", adding") or a
    gerund after a preposition ("broke his silence by asking") hangs on: the speaker of a cue
    word there. A forecast's predicate does not climb through them: in "leaders are poised to
    approve language promising Kiev it will join", the promise is the language's, not a pledge
    of the leaders."""
    for _ in range(4):
        subj = next((ch for ch in verb.children if ch.dep_ in deps), None)
        if subj is not None:
            return subj
        joined = verb.dep_ in ("conj", "xcomp") or (
            participles and verb.dep_ == "advcl" and verb.tag_ == "VBG"
        )
        if joined and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
            continue
        if (
            participles
            and verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.dep_ == "prep"
            and verb.head.head.pos_ in ("VERB", "AUX")
        ):
            verb = verb.head.head  # "broke his silence by asking ...", "after saying ..."
            continue
        return None
    return None


def modal_of(verb: Token) -> str | None:
    md = next((ch for ch in verb.children if ch.tag_ == "MD"), None)
    return md.lemma_.lower() if md is not None else None


def is_passive(t: Token) -> bool:
    return any(ch.dep_ in ("auxpass", "nsubjpass") for ch in t.children)


def is_question(sent: Span) -> bool:
    return sent.text.rstrip(" \"”’')\n").endswith("?")


def is_person(t: Token, cues: Cues) -> bool:
    """A person or people: a personal pronoun, a PERSON or NORP entity, a plural noun of people
    ("voters", "officials"), or an unknown proper name."""
    lemma = t.lemma_.lower()
    if t.lower_ in cues["person_subject_words"] or t.ent_type_ in ("PERSON", "NORP"):
        return True
    if t.tag_ == "NNS" and (
        lemma.endswith(tuple(cues["person_noun_endings"])) or lemma in cues["person_nouns"]
    ):
        return True
    return t.pos_ == "PROPN" and t.ent_type_ == ""


def is_judgement(p: Token, cues: Cues) -> bool:
    """ "would be a mistake", "doing so would be wise": a judgement, not an event."""
    if p.lemma_ != "be":
        return False
    if any(ch.dep_ == "csubj" for ch in p.children):
        return True
    return any(
        ch.dep_ in ("attr", "acomp") and ch.lemma_.lower() in cues["judgements"]
        for ch in p.children
    )


def governing_verb(span: Span) -> Token | None:
    """The verb a phrase (a time expression) hangs on: the nearest verb among its ancestors that
    is not itself an auxiliary."""
    t = span.root
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"):
            return t
        if t.head is t:
            return None
        t = t.head
    return None
