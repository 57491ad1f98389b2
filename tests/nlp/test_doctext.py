"""prospects.nlp.doctext: a Doc's text built once, forgotten with the Doc."""

from __future__ import annotations

import gc

import spacy

from prospects.nlp import doctext


def test_text_of_is_the_docs_text_and_read_once() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Officials said on Tuesday that talks would resume.\n\nMore news.")
    first = doctext.text_of(doc)
    assert first == doc.text
    assert doctext.text_of(doc) is first  # the same string object: not joined again


def test_a_docs_entry_goes_with_the_doc() -> None:
    nlp = spacy.blank("en")
    doc = nlp("A short text.")
    doctext.text_of(doc)
    before = len(doctext._TEXTS)
    del doc
    gc.collect()
    assert len(doctext._TEXTS) == before - 1


def test_merging_tokens_keeps_the_text() -> None:
    nlp = spacy.blank("en")
    doc = nlp("New York said so.")
    text = doctext.text_of(doc)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert doc.text == text == doctext.text_of(doc)
