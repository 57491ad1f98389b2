"""Is the headline borne out by the article body?

A headline term is a content word (noun, proper noun, verb, adjective, adverb, number) of the
title. It is supported when the body uses the same word, its lemma, or a word sharing its stem
(first five letters, for words of six letters or more: "Russian" / "Russia"). Headlines often
promise what bodies do not say ("Withdrawal" in a piece on why Russia is not withdrawing); this
lists those terms so a reader can check them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from prospects.records import Headline

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}
STEM = 5


def _stem(word: str) -> str:
    return word[:STEM] if len(word) > STEM else word


def _is_term(tok: Token) -> bool:
    return tok.pos_ in CONTENT_POS and not tok.is_stop and any(c.isalnum() for c in tok.text)


def _leading_title(text: str, title: str) -> tuple[tuple[int, int] | None, int]:
    """Where the title first stands at the top of `text`, and where the body starts.

    A plain-text article may repeat its title line; every repeat belongs to the headline.
    """
    first: tuple[int, int] | None = None
    pos = 0
    while True:
        rest = text[pos:]
        start = pos + len(rest) - len(rest.lstrip())
        if not text.startswith(title, start):
            return first, pos
        first = first or (start, start + len(title))
        pos = start + len(title)


# What a headline term needs (part of speech, lemma); parsing, entities and prospects' own
# components would cost time on every article whose text does not begin with its title.
_TAGGING = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "morphologizer")


def _tagged(title: str, nlp: Language) -> Doc:
    doc = nlp.make_doc(title)
    for name, component in nlp.pipeline:
        if name in _TAGGING:
            doc = component(doc)
    return doc


def check(doc: Doc, title: str | None, nlp: Language) -> Headline:
    if not title or not title.strip():
        return Headline(text=None, supported=None)
    title = title.strip()
    text = doc.text
    first, body_start = _leading_title(text, title)
    head = doc.char_span(*first, alignment_mode="expand") if first else None
    tokens = list(head) if head is not None else list(_tagged(title, nlp))
    body = doc.char_span(body_start, len(text), alignment_mode="expand") if first else doc
    body = body if body is not None else doc[len(doc) :]
    seen: set[str] = set()
    stems: set[str] = set()
    for tok in body:
        for form in (tok.lower_, tok.lemma_.lower()):
            seen.add(form)
            if len(form) > STEM:
                stems.add(_stem(form))
    unsupported: list[str] = []
    for tok in tokens:
        if not _is_term(tok):
            continue
        forms = {tok.lower_, tok.lemma_.lower(), tok.lower_.removesuffix("’s").removesuffix("'s")}
        if forms & seen or any(len(f) > STEM and _stem(f) in stems for f in forms):
            continue
        if tok.text not in unsupported:
            unsupported.append(tok.text)
    return Headline(text=title, supported=not unsupported, unsupported_terms=tuple(unsupported))
