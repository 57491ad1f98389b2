"""Readings of the dependency parse that forecast detectors, filters and features share."""

from __future__ import annotations

from spacy.tokens import Span, Token

from prospects import wordlists

# the word lists of data/forecast_cues.yaml by key (prospects.nlp.forecast_detectors.cues)
Cues = dict[str, frozenset[str]]

PERFECT = wordlists.words("prospects.nlp", "forecast_cues.yaml", "perfect_auxiliaries")


def subject(t: Token) -> Token | None:
    """The subject of a verb, or of the verb it is a complement or conjunct of."""
    subj = next((ch for ch in t.children if ch.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None and t.dep_ in ("xcomp", "conj") and t.head is not t:
        return subject(t.head)
    return subj


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
