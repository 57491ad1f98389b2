"""The condition a forecast holds under: if/unless clauses, inversions, and premise subjects.

`find(predicate)` looks at the clause of a forecast's predicate (a spaCy token) and returns the
condition's tokens, in the article's words ("a major strategic shift occurred" for "... if a major
strategic shift occurred"; "elected" for "if elected"; "a swift negotiation" for "a swift
negotiation would likely force ..."). Word lists live in `data/conditions.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from prospects import wordlists


@dataclass(frozen=True)
class Condition:
    text: str
    tokens: tuple[Token, ...]  # the clause (with its marker), excluded from the proposition
    marker: str | None  # "if", "unless", ... or None for a premise subject


@cache
def words() -> dict[str, Any]:
    """The word lists of data/conditions.yaml, read once per process."""

    def lowered(key: str) -> frozenset[str]:
        return wordlists.words("prospects.nlp", "conditions.yaml", key)

    return {
        "markers": lowered("markers"),
        "inverted": lowered("inverted"),
        "suffixes": wordlists.phrases("prospects.nlp", "conditions.yaml", "action_suffixes"),
        "nouns": lowered("action_nouns"),
        "not_nouns": lowered("not_action_nouns"),
    }


def _clause_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text  # not doc.text: that rebuilds the article


def _trim(tokens: list[Token], head: Token) -> list[Token]:
    """The clause up to its first comma or dash after the head ("..., such as by ..." goes)."""
    kept: list[Token] = []
    for t in tokens:
        if t.i > head.i and t.text in {",", ";", "—", "–", ":"}:
            break
        kept.append(t)
    while kept and kept[-1].is_punct:
        kept.pop()
    return kept


def _marker(clause: Token) -> tuple[str, list[Token]] | None:
    """The condition marker that opens a clause ("if", "as long as", "provided that"), if any."""
    known = words()["markers"]
    doc = clause.doc
    left = clause.left_edge.i
    if left >= clause.i and clause.dep_ != "prep":
        return None
    for length in (4, 3, 2, 1):
        span = doc[left : min(left + length, len(doc))]
        if span.text.lower() in known:
            return span.text.lower(), list(span)
    return None


def _inverted(clause: Token) -> Token | None:
    """ "should X happen", "were X to fail": an auxiliary before the subject, no marker."""
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    for c in clause.children:
        inverted = c.dep_ in ("aux", "auxpass") and c.lower_ in words()["inverted"]
        if inverted and subj is not None and c.i < subj.i and c.i == clause.left_edge.i:
            return c
    return None


def _is_action_noun(token: Token) -> bool:
    w = words()
    lemma = token.lemma_.lower()
    if token.tag_ == "VBG" or lemma in w["nouns"]:
        return True
    if lemma in w["not_nouns"] or token.pos_ not in ("NOUN",):
        return False
    return lemma.endswith(w["suffixes"]) and len(lemma) > 5


def find(predicate: Token, modal: str | None, sent: Span) -> Condition | None:
    """The condition of the forecast whose predicate is `predicate` (None when unconditional)."""
    # 1. an adverbial clause with a condition marker, on the predicate or its complements
    heads = [predicate, *[c for c in predicate.children if c.dep_ in ("xcomp", "ccomp")]]
    for head in heads:
        for clause in head.children:
            if clause.dep_ not in ("advcl", "prep", "ccomp", "advmod") or clause.i == predicate.i:
                continue
            found = _marker(clause)
            if found:
                marker, mark_tokens = found
                body = [t for t in clause.subtree if t not in mark_tokens]
                body = _trim(body, clause)
                tokens = tuple(sorted({*mark_tokens, *clause.subtree}, key=lambda t: t.i))
                text = _clause_text(body)
                if marker == "unless":
                    text = f"unless {text}"
                if text:
                    return Condition(text, tokens, marker)
            inv = _inverted(clause)
            if inv is not None:
                body = _trim(list(clause.subtree), clause)
                return Condition(_clause_text(body), tuple(clause.subtree), inv.lower_)
    # 2. "If not, ..." / "If so, ..." at the start of the sentence
    first = sent[0]
    if (
        first.lower_ == "if"
        and len(sent) > 2
        and sent[1].lower_ in ("not", "so")
        and sent[2].text == ","
    ):
        return Condition(sent[1].text, tuple(sent[0:3]), "if")
    # 3. a participle opening the sentence: "Forced to choose, Xi will choose ..."
    for clause in predicate.children:
        if (
            clause.dep_ == "advcl"
            and clause.tag_ == "VBN"
            and clause.i == sent.start
            and modal in ("will", "would", "could")
        ):
            body = _trim(list(clause.subtree), clause)
            return Condition(_clause_text(body), tuple(clause.subtree), None)
    # 4. a subject naming an action: "a swift negotiation would likely force ..."
    if modal == "would":
        subj = next((c for c in predicate.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None and (subj.dep_ == "csubj" or _is_action_noun(subj)):
            body = list(subj.subtree)
            return Condition(_clause_text(body), tuple(body), None)
    return None
