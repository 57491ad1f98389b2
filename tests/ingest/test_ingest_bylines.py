"""Authors and genre (opinion/news) of an article, from every input format."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.ingest_support import warc_bytes
from prospects.ingest import byline, read, read_bytes
from prospects.records import Article, IngestError

BODY = """
<p>The council will probably raise the city's property tax next spring, and the rise is likely to
hit renters hardest, because landlords pass such costs on within a year or two.</p>
<p>That would be a mistake. A city that prices out its teachers and nurses will struggle to fill
its schools and hospitals by the end of the decade, whatever the budget says today.</p>
"""


def page(head: str, body: str = BODY) -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>Why the tax rise is a mistake</title>"
        '<meta property="og:site_name" content="The Daily Planet">'
        f"{head}</head><body><article><h1>Why the tax rise is a mistake</h1>{body}"
        "</article></body></html>"
    ).encode()


def only_article(items: list[Article | IngestError]) -> Article:
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def html_article(head: str, url: str | None = None, body: str = BODY) -> Article:
    return only_article(list(read_bytes(page(head, body), "page.html", url=url)))


# --- HTML ---------------------------------------------------------------------------------------


def test_meta_author_and_opinion_url() -> None:
    article = html_article(
        '<meta name="author" content="Jane Doe; Daily Planet Staff">',
        url="https://dailyplanet.example/opinion/2024/05/01/why-the-tax-rise-is-a-mistake",
    )
    assert article.authors == ("Jane Doe",)
    assert article.genre == "opinion"


def test_json_ld_opinion_news_article_with_two_authors() -> None:
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org",'
        '"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle", "OpinionNewsArticle"],'
        '"author": [{"@type": "Person", "name": "Jane Doe"},'
        '{"@type": "Person", "name": "John Roe"}]}]}</script>'
    )
    article = html_article(ld, url="https://dailyplanet.example/2024/05/01/tax")
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.genre == "opinion"


def test_article_section_opinion() -> None:
    head = (
        '<meta name="author" content="By TOM ROGAN, Washington Examiner">'
        '<meta property="article:section" content="Op-Ed">'
    )
    article = html_article(head)
    assert article.authors == ("Tom Rogan",)
    assert article.genre == "opinion"


def test_news_page_with_byline_is_news_not_opinion() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>'
    head = '<meta name="author" content="Jane Doe and John Roe, Reuters">' + ld
    article = html_article(head, url="https://dailyplanet.example/news/2024/05/01/tax")
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.genre == "news"


def test_news_typed_page_in_an_opinion_folder_is_opinion() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    article = html_article(ld, url="https://dailyplanet.example/commentary/tax-rise")
    assert article.genre == "opinion"


def test_a_bare_review_block_is_no_genre_even_in_a_news_folder() -> None:
    ld = '<script type="application/ld+json">{"@type": ["NewsArticle", "Review"]}</script>'
    article = html_article(ld, url="https://dailyplanet.example/news/a-play")
    assert article.genre is None


def test_page_without_byline_metadata_has_no_authors_and_no_genre() -> None:
    article = html_article("", url="https://dailyplanet.example/2024/05/01/letters-matter")
    assert article.authors == ()
    assert article.genre is None  # the slug is the page's name, not an opinion folder


def test_bio_line_at_the_end_of_a_page_signs_an_op_ed() -> None:
    body = BODY + (
        "<p><em>Jane Doe is a professor of economics at the University of Example.</em></p>"
    )
    article = html_article("", body=body)
    assert article.authors == ("Jane Doe",)
    assert article.genre == "opinion"


def test_warc_page_goes_through_the_html_rules() -> None:
    data = warc_bytes(
        [
            (
                "https://dailyplanet.example/opinion/tax",
                page('<meta name="author" content="Jane Doe">'),
            )
        ]
    )
    article = only_article(list(read_bytes(data, "crawl.warc.gz")))
    assert article.authors == ("Jane Doe",)
    assert article.genre == "opinion"


# --- bad author metadata never loses the article ------------------------------------------------


def test_huge_author_meta_gives_no_author_and_keeps_the_article() -> None:
    article = html_article(f'<meta name="author" content="{"Jane Doe " * 1250}">')
    assert article.authors == ()
    assert "council will probably raise" in article.text


def test_email_and_url_authors_are_dropped() -> None:
    for value in ("jane@example.com", "https://twitter.com/janedoe", "www.example.com/jane"):
        article = html_article(f'<meta name="author" content="{value}">')
        assert article.authors == (), value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_author_string_never_raises(value: str) -> None:
    names = byline.authors_of(value, outlet="The Daily Planet")
    assert all(1 <= len(name) <= 60 for name in names)
    byline.from_text(value)
    byline.genre_of_url(value)


@settings(max_examples=25, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_characters='"<>&', blacklist_categories=("Cc", "Cs")),
        max_size=200,
    )
)
def test_any_author_meta_still_gives_one_article(value: str) -> None:
    article = html_article(f'<meta name="author" content="{value}">')
    assert "council will probably raise" in article.text


# --- byline rules -------------------------------------------------------------------------------


def test_byline_parts_that_are_outlets_or_jobs_are_not_names() -> None:
    assert byline.authors_of("Jane Doe; Daily Planet Staff; John Roe") == ("Jane Doe", "John Roe")
    assert byline.authors_of("By Jane Doe | The Daily Planet") == ("Jane Doe",)
    assert byline.authors_of("Jane Doe, Senior Writer") == ("Jane Doe",)
    assert byline.authors_of("Editorial Board") == ()
    assert byline.authors_of("The Daily Planet", outlet="The Daily Planet") == ()
    assert byline.authors_of("Ursula von der Leyen") == ("Ursula von der Leyen",)
    assert byline.authors_of(["J.K. Rowling", "Jane Doe, John Roe and Ann Lee"]) == (
        "J.K. Rowling",
        "Jane Doe",
        "John Roe",
        "Ann Lee",
    )


def test_opinion_sections_and_url_folders() -> None:
    assert byline.genre_of_sections(["Politics", "letters to the editor"]) == "opinion"
    assert byline.genre_of_sections(["Politics"]) is None
    assert byline.genre_of_url("https://x.example/news/op-ed/some-slug") == "opinion"
    assert byline.genre_of_url("https://x.example/news/letters/") == "opinion"
    assert byline.genre_of_url("https://x.example/news/opinion-poll-shows-lead") is None
    assert byline.genre_of_url("http://[broken") is None


# --- plain text ---------------------------------------------------------------------------------

TEXT = (
    "Why the tax rise is a mistake\n\n{top}"
    "The council will probably raise the city's property tax next spring.\n\n"
    "That would be a mistake for renters and for the city.\n\n{bottom}"
)


def text_article(tmp_path: Path, top: str = "", bottom: str = "", name: str = "a.txt") -> Article:
    path = tmp_path / name
    path.write_text(TEXT.format(top=top, bottom=bottom), encoding="utf-8")
    return only_article(list(read([path])))


def test_by_line_in_a_text_gives_authors_only(tmp_path: Path) -> None:
    article = text_article(tmp_path, top="By Tom Rogan and Jane Doe\n\n")
    assert article.authors == ("Tom Rogan", "Jane Doe")
    assert article.genre is None
    assert article.text.startswith("Why the tax rise")  # the text is not changed
    assert "By Tom Rogan and Jane Doe" in article.text


def test_capitalised_byline_with_outlet(tmp_path: Path) -> None:
    article = text_article(tmp_path, top="By TOM ROGAN, Washington Examiner\n\n")
    assert article.authors == ("Tom Rogan",)


def test_bio_line_in_a_text_gives_authors_and_opinion(tmp_path: Path) -> None:
    bio = "Tom Rogan is a commentary writer for the Washington Examiner.\n"
    article = text_article(tmp_path, bottom=bio)
    assert article.authors == ("Tom Rogan",)
    assert article.genre == "opinion"


def test_bio_line_with_italics_dash_and_two_writers(tmp_path: Path) -> None:
    bio = "— _Jane Doe and John Roe are senior fellows at the Example Institute._\n"
    article = text_article(tmp_path, bottom=bio)
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.genre == "opinion"


def test_ordinary_closing_sentences_are_not_bio_lines(tmp_path: Path) -> None:
    for bottom in (
        "The bill is a disaster for writers and readers alike.\n",
        "Gaudiano is a Washington-based reporter for the network.\n",
        "Prices are a concern, the director of the budget office said.\n",
    ):
        article = text_article(tmp_path, bottom=bottom)
        assert article.authors == (), bottom
        assert article.genre is None, bottom


def test_sidecar_authors_and_genre(tmp_path: Path) -> None:
    (tmp_path / "a.meta.yaml").write_text(
        "authors: [Jane Doe, John Roe]\ngenre: Opinion\n", encoding="utf-8"
    )
    article = text_article(tmp_path, bottom="Tom Rogan is a columnist for the Examiner.\n")
    assert article.authors == ("Jane Doe", "John Roe")  # the sidecar beats the text
    assert article.genre == "opinion"
    assert article.warnings == ()


def test_sidecar_author_string_and_bad_genre(tmp_path: Path) -> None:
    (tmp_path / "a.meta.yaml").write_text(
        "authors: Jane Doe and John Roe\ngenre: satire\n", encoding="utf-8"
    )
    article = text_article(tmp_path)
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.genre is None
    assert len(article.warnings) == 1 and "genre 'satire' ignored" in article.warnings[0]


def test_sidecar_genre_news_beats_a_bio_line(tmp_path: Path) -> None:
    (tmp_path / "a.meta.yaml").write_text("genre: news\n", encoding="utf-8")
    article = text_article(tmp_path, bottom="Tom Rogan is a columnist for the Examiner.\n")
    assert article.genre == "news"
    assert article.authors == ("Tom Rogan",)


# --- feeds --------------------------------------------------------------------------------------

FEED = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Daily Planet</title>
<item><title>Tax</title><link>https://dailyplanet.example/2024/tax</link>
<author>jane@example.com (Jane Doe)</author><category>Opinion</category>
<description>The council will probably raise the tax next spring.</description></item>
<item><title>Rates</title><link>https://dailyplanet.example/op-ed/rates</link>
<dc:creator>John Roe and Ann Lee</dc:creator>
<description>Rates will likely rise again in May.</description></item>
<item><title>Weather</title><link>https://dailyplanet.example/news/weather</link>
<dc:creator>Daily Planet Staff</dc:creator>
<description>Rain is expected tomorrow.</description></item>
</channel></rss>"""


def test_feed_entries_authors_and_genre() -> None:
    items = list(read_bytes(FEED, "feed.xml"))
    assert all(isinstance(i, Article) for i in items)
    articles = [i for i in items if isinstance(i, Article)]
    assert [(a.authors, a.genre) for a in articles] == [
        (("Jane Doe",), "opinion"),
        (("John Roe", "Ann Lee"), "opinion"),
        ((), None),
    ]


def test_closing_line_about_the_storys_subject_is_not_a_bio() -> None:
    text = (
        "Smith to run\n\nJohn Smith, the former governor, said on Monday he would run again.\n\n"
        "John Smith is a former governor of Texas.\n"
    )
    assert byline.from_text(text) == byline.Byline()


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    text = "Costs\n\nBy Election Day, the two campaigns will have spent $2 billion.\n\nMore."
    assert byline.from_text(text) == byline.Byline()
    assert byline.authors_of("By Theresa May") == ("Theresa May",)


def test_lines_without_blank_lines_and_a_hard_wrapped_bio() -> None:
    one_per_line = "Title\nBy Jane Doe\nRates will rise.\nJane Doe is a fellow at the Institute."
    assert byline.from_text(one_per_line) == byline.Byline(("Jane Doe",), "opinion")
    wrapped = (
        "Title\n\nRates will rise.\n\nJane Doe is a senior fellow\nat the Example Institute.\n"
    )
    assert byline.from_text(wrapped) == byline.Byline(("Jane Doe",), "opinion")


def test_polnear_op_eds_are_signed_by_their_metadata_author() -> None:
    import csv

    from conftest import shared_path

    root = shared_path("data", "polnear")
    with open(root / "metadata.tsv", encoding="utf-8") as handle:
        authors = {row["filename"]: row["author"] for row in csv.DictReader(handle, delimiter="\t")}
    articles = [a for a in read([root / "dev" / "text"]) if isinstance(a, Article)]
    signed = [a for a in articles if a.authors]
    assert len(articles) >= 80 and len(signed) >= 3
    for article in signed:
        assert article.genre == "opinion"
        surname = article.authors[0].split()[-1]
        assert surname in authors[Path(str(article.path)).stem], article.path


def test_sidecar_authors_of_the_wrong_shape_are_ignored_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.meta.yaml").write_text("authors: {name: Jane Doe}\n", encoding="utf-8")
    article = text_article(tmp_path, top="By Tom Rogan\n\n")
    assert article.authors == ("Tom Rogan",)  # the text's byline is still read
    assert article.warnings == ("a.meta.yaml: authors ignored: not a name or a list of names",)


def test_json_ld_types_in_closed_unclosed_and_upper_case_blocks() -> None:
    html = (
        '<SCRIPT type="application/ld+json">{"@type": ["NewsArticle", "OpinionNewsArticle"]}'
        '</script><script>{"@type": "NotLd"}</script>'
        '<script type="application/ld+json">{"@type": "Person", "name": "Jane Doe"'
    )
    assert byline.json_ld_types(html) == ("NewsArticle", "OpinionNewsArticle", "Person")
    assert byline.json_ld_types("<script " * 10_000) == ()
