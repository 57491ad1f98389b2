"""The cue words of attribution (data/cues.yaml): the words that tell the reader someone said,
wrote, thought or intends something."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from prospects.nlp import attribution_model


@dataclass(frozen=True)
class Cues:
    speech: frozenset[str]
    thought: frozenset[str]
    intention: frozenset[str]
    objects: frozenset[str]
    object_preps: frozenset[str]
    nouns: frozenset[str]
    parenthetical: frozenset[str]
    headline_labels: frozenset[str]
    short_answers: frozenset[str]
    question_verbs: frozenset[str]
    hearsay_adverbs: frozenset[str]
    poll_nouns: frozenset[str]
    pro_clauses: frozenset[str]
    source_prepositions: tuple[tuple[str, ...], ...]

    @property
    def clause_verbs(self) -> frozenset[str]:
        return self.speech | self.thought


@cache
def cues() -> Cues:
    """The cue lists of data/cues.yaml, read once per process."""
    text = resources.files("prospects.nlp").joinpath("data/cues.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Cues(
        speech=frozenset(data["speech_verbs"]),
        thought=frozenset(data["thought_verbs"]),
        intention=frozenset(data["intention_verbs"]),
        objects=frozenset(data["object_verbs"]),
        object_preps=frozenset(data["object_preps"]),
        nouns=frozenset(data["nouns"]),
        parenthetical=frozenset(data["parenthetical_verbs"]),
        headline_labels=frozenset(data.get("headline_labels", ())),
        short_answers=frozenset(data.get("short_answers", ())),
        question_verbs=frozenset(data.get("question_verbs", ())),
        hearsay_adverbs=frozenset(data.get("hearsay_adverbs", ())),
        poll_nouns=frozenset(data.get("poll_nouns", ())),
        pro_clauses=frozenset(data.get("pro_clauses", ())),
        source_prepositions=tuple(tuple(p) for p in data["source_prepositions"]),
    )


@cache
def cue_sets() -> attribution_model.CueSets:
    """The cue lists as the learned model's features see them (order matters to the weights)."""
    lex = cues()
    return attribution_model.CueSets(
        (lex.speech, lex.thought, lex.intention, lex.objects, lex.nouns, lex.parenthetical)
    )
