"""Whose voice a forecast is in: signed analysis boxes, clauses reported from someone else inside
the author's sentence, and objects of evaluative cues that stay in the sentence's own voice."""

from __future__ import annotations

from datetime import date

import pytest

from prospects.nlp.signatures import signed_sections

PUBLISHED = date(2019, 11, 19)


def run(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.published = PUBLISHED
    return nlp(doc)


def speaker(doc, forecast) -> tuple[str, str | None]:
    if forecast.source == "author":
        return "author", None
    source = next(s for s in doc._.sources if s.id == forecast.source)
    return source.type, source.name


ANALYSIS = """Court drops the case against the activist

Prosecutors in Oslo dropped the case on Tuesday, a spokesman for the court said.

A long chapter closes

Maria Lindqvist, Nordic affairs correspondent

With the case closed in Norway, one chapter is over. The decision means there will now be no rival
request to the one from Denmark.

The activist has always denied the charges.

What happens next?

The hearing in Copenhagen will probably take place in March.
"""


def test_a_signature_line_opens_a_signed_section_up_to_the_next_subheading(nlp):
    doc = run(nlp, ANALYSIS)
    sections = signed_sections(doc)
    assert [s.signer.text for s in sections] == ["Maria Lindqvist"]
    signed = doc.text[sections[0].start : sections[0].end]
    assert signed.startswith("With the case closed") and signed.endswith("denied the charges.")


def test_a_forecast_in_a_signed_section_is_the_signers(nlp):
    doc = run(nlp, ANALYSIS)
    inside = next(f for f in doc._.forecasts if "no rival" in f.text)
    assert speaker(doc, inside) == ("person", "Maria Lindqvist")


def test_after_the_next_subheading_the_author_speaks_again(nlp):
    doc = run(nlp, ANALYSIS)
    after = next(f for f in doc._.forecasts if "Copenhagen" in f.text)
    assert speaker(doc, after) == ("author", None)


def test_a_name_and_role_inside_running_text_signs_nothing(nlp):
    doc = run(nlp, "Maria Lindqvist, a lawyer, said the hearing will take place in March.\n")
    assert signed_sections(doc) == []


def test_a_clause_reported_from_others_inside_the_authors_sentence_is_theirs(nlp):
    doc = run(
        nlp,
        "The carmaker will show a new van, one of dozens of electric models that industry "
        "analysts say will lift sales of battery cars.\n",
    )
    by_text = {f.text: f for f in doc._.forecasts}
    theirs = next(f for t, f in by_text.items() if "lift sales" in t)
    assert speaker(doc, theirs) == ("group", "industry analysts")
    assert not any("lift sales" in t and "will show" in t for t in by_text)
    # the relative pronoun gives way to its antecedent; the author's event keeps its own words
    assert theirs.proposition == "electric models lift sales of battery cars"
    ours = next(f for t, f in by_text.items() if "will show" in t)
    assert "lift" not in ours.proposition


def test_the_reporting_verb_itself_is_not_split_from_what_it_reports(nlp):
    doc = run(nlp, "Edmunds expects 16.6 million vehicles will be sold this year.\n")
    assert len(doc._.forecasts) == 1
    assert speaker(doc, doc._.forecasts[0])[1] == "Edmunds"


def test_a_forecast_inside_the_object_of_an_evaluative_cue_stays_the_authors(nlp):
    doc = run(
        nlp,
        "Last month, a judge rejected the bid to delay the trial, which is scheduled to "
        "begin in February.\n",
    )
    f = next(f for f in doc._.forecasts if "scheduled" in f.text)
    assert speaker(doc, f) == ("author", None)


@pytest.mark.parametrize(
    ("genre", "authors", "expected"),
    [
        ("opinion", ("Tom Rogan",), ("person", "Tom Rogan")),  # an op-ed: the writer speaks
        ("news", ("Jane Doe",), ("author", None)),  # a report's byline is not its voice
        ("opinion", (), ("author", None)),  # no byline, no name to give
    ],
)
def test_the_articles_voice_in_an_opinion_piece_is_its_writers(nlp, genre, authors, expected):
    doc = nlp.make_doc("Beijing is likely to send troops into the city within weeks.\n")
    doc._.published = PUBLISHED
    doc._.genre = genre
    doc._.authors = authors
    doc = nlp(doc)
    (f,) = doc._.forecasts
    assert speaker(doc, f) == expected


def test_an_op_ed_text_signed_by_a_bio_line_credits_its_writer_end_to_end(nlp):
    from prospects.ingest import read_bytes
    from prospects.nlp import analyze

    text = (
        "Why Beijing will act\n\n"
        "Beijing is likely to send troops into the city within weeks.\n\n"
        "Tom Rogan is a commentary writer for the Washington Examiner.\n"
    )
    (article,) = list(read_bytes(text.encode(), name="oped_2024-07-10.txt"))
    record = analyze(article, nlp=nlp)
    names = {s.id: s.name for s in record.sources}
    assert [names.get(f.source) for f in record.forecasts] == ["Tom Rogan"]
