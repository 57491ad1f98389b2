"""The cue words of attribution (data/cues.yaml): the words that tell the reader someone said,
wrote, thought or intends something."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from prospects import wordlists
from prospects.nlp import attribution_model

# the data file of the quote rules' words: (package, file) for prospects.wordlists
CUES = ("prospects.nlp", "cues.yaml")


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
    return Cues(
        speech=_words("speech_verbs"),
        thought=_words("thought_verbs"),
        intention=_words("intention_verbs"),
        objects=_words("object_verbs"),
        object_preps=_words("object_preps"),
        nouns=_words("nouns"),
        parenthetical=_words("parenthetical_verbs"),
        headline_labels=_words("headline_labels"),
        short_answers=_words("short_answers"),
        question_verbs=_words("question_verbs"),
        hearsay_adverbs=_words("hearsay_adverbs"),
        poll_nouns=_words("poll_nouns"),
        pro_clauses=_words("pro_clauses"),
        source_prepositions=tuple(
            tuple(p.lower().split()) for p in wordlists.phrases(*CUES, "source_prepositions")
        ),
    )


def _words(key: str) -> frozenset[str]:
    return wordlists.words(*CUES, key)


@cache
def cue_sets() -> attribution_model.CueSets:
    """The cue lists as the learned model's features see them (order matters to the weights)."""
    lex = cues()
    return attribution_model.CueSets(
        (lex.speech, lex.thought, lex.intention, lex.objects, lex.nouns, lex.parenthetical)
    )
