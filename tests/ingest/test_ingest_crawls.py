"""Real crawls lose nothing and say what they skipped (issue 17, item 6): binary bodies labelled
HTML, truncated archives, short extractions, stray NULs, opinion sections, generic site names and
sidebars of headlines. Every input is generated here; nothing is fetched."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, SEED
from ingest.ingest_support import PAGE, warc_bytes
from prospects.ingest import read, read_bytes
from prospects.records import Article, IngestError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
BINARIES = [
    (PNG, "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "a JPEG image"),
    (b"GIF89a\x01\x00\x01\x00" + bytes(range(256)), "a GIF image"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(range(256)), "a WebP image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)), "a zip archive (or DOCX/EPUB)"),
    (gzip.compress(PAGE), "a gzip archive"),
]


def pages(n: int) -> list[tuple[str, bytes]]:
    return [
        (f"https://a.example/{i}", PAGE.replace(b"Thursday", f"day {i}".encode())) for i in range(n)
    ]


# --- a. binary labelled text/html -------------------------------------------------------------


@pytest.mark.parametrize(("body", "looks_like"), BINARIES)
def test_warc_record_labelled_html_holding_binary_is_refused_by_name(tmp_path, body, looks_like):
    data = warc_bytes([("https://a.example/img", body), *pages(1)], extra=False)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    error, article = read([path])
    assert error == IngestError(
        f"{path}#urn:uuid:00000000-0000-4000-8000-000000000001",
        f"binary content labelled text/html (looks like {looks_like}), not an article",
    )
    assert isinstance(article, Article) and article.url == "https://a.example/0"


def test_warc_record_of_control_bytes_is_refused(tmp_path):
    data = warc_bytes([("https://a.example/x", b"<p>" + bytes(range(1, 32)) * 40)], extra=False)
    (error,) = read_bytes(data, "crawl.warc")
    assert isinstance(error, IngestError)
    assert error.reason == "binary content labelled text/html (control characters), not an article"


@pytest.mark.parametrize(("body", "looks_like"), BINARIES[:-1])  # a gzip file is unpacked
def test_html_file_holding_binary_is_refused(tmp_path, body, looks_like):
    path = tmp_path / "story.html"
    path.write_bytes(body)
    (error,) = read([path])
    assert error == IngestError(str(path), f"binary file (looks like {looks_like}), not an article")


# --- b. a truncated .warc.gz ------------------------------------------------------------------


def test_warc_gz_cut_in_its_last_record_keeps_every_whole_record(tmp_path):
    whole = warc_bytes(pages(3), extra=False)
    # Records are gzip members written one after another: the archive of the first two pages
    # ends where the third record starts, and the second starts where the first one's ends.
    second = len(warc_bytes(pages(1), extra=False))
    third = len(warc_bytes(pages(2), extra=False))
    cut = third + (len(whole) - third) // 2
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole[:cut])
    items = list(read([path, SEED]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [a.url for a in articles] == ["https://a.example/0", "https://a.example/1", None]
    assert "day 1" in articles[1].text
    assert len(errors) == 1 and errors[0].input == str(path)
    assert errors[0].reason.startswith("truncated or corrupt WARC after 3 records (2 pages)")
    assert f"last good record at byte offset {second}:" in errors[0].reason
    assert "\n" not in errors[0].reason


def test_plain_warc_cut_in_its_first_record_says_no_record_was_whole(tmp_path):
    whole = warc_bytes(pages(2), gzip=False, extra=False)
    path = tmp_path / "crawl.warc"
    path.write_bytes(whole[: whole.index(b"day 0")])
    (error,) = read([path])
    assert isinstance(error, IngestError) and error.input == str(path)
    assert "no whole record before the damage" in error.reason


def test_analyze_exits_1_on_a_truncated_warc_after_printing_its_pages(tmp_path, nlp, monkeypatch):
    from typer.testing import CliRunner

    from prospects.cli import analyze as analyze_cli
    from prospects.cli import app

    monkeypatch.setattr(analyze_cli, "load_model", lambda model: nlp)
    whole = warc_bytes(pages(3), extra=False)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole[: len(whole) - 100])
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "jsonl"])
    assert result.exit_code == 1, result.output
    urls = [json.loads(line)["article"]["url"] for line in result.stdout.splitlines()]
    assert urls == ["https://a.example/0", "https://a.example/1"]
    assert "truncated or corrupt WARC" in result.stderr and "last good record" in result.stderr


# --- d. stray NUL bytes -----------------------------------------------------------------------

TEXT = "Rates will rise\n\nOfficials said rates will probably rise again in the spring.\n"


def test_stray_nul_in_a_text_file_is_removed_with_a_warning(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(TEXT.replace("probably", "prob\x00ably").encode())
    (article,) = read([path])
    assert isinstance(article, Article)
    assert article.text == TEXT
    assert article.warnings == ("removed 1 stray NUL byte(s) from the text",)


def test_stray_nul_in_html_and_in_a_warc_page(tmp_path):
    page = PAGE.replace(b"probably", b"prob\x00ably")
    (article,) = read_bytes(page, "story.html")
    assert isinstance(article, Article) and "probably rise" in article.text
    assert "removed 1 stray NUL byte(s) from the text" in article.warnings
    (archived,) = read_bytes(warc_bytes([("https://a.example/", page)]), "crawl.warc.gz")
    assert isinstance(archived, Article) and "probably rise" in archived.text
    assert "removed 1 stray NUL byte(s) from the text" in archived.warnings


def test_a_file_that_is_mostly_nul_is_still_refused(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"Some words\x00\x00\x00\x00" * 200)
    (error,) = read([path])
    assert error == IngestError(str(path), "binary file (control characters), not an article")


@settings(max_examples=60, deadline=None)
@given(positions=st.lists(st.integers(min_value=0, max_value=len(TEXT)), max_size=3))
def test_a_few_nuls_anywhere_leave_the_text_as_written(positions):
    data = TEXT.encode()
    for position in sorted(positions, reverse=True):
        data = data[:position] + b"\x00" + data[position:]
    (article,) = read_bytes(data, "story.txt")
    assert isinstance(article, Article)
    assert article.text == TEXT
    assert bool(positions) == any("NUL" in w for w in article.warnings)


# --- e. opinion, column and analysis pieces in JSON-LD ------------------------------------------

COLUMN = """<!DOCTYPE html><html><head><title>Why Beijing will act</title>
<meta name="author" content="Tom Rogan">{ld}</head><body><article><h1>Why Beijing will act</h1>
<p>Beijing is likely to send troops into the city within weeks.</p></article></body></html>"""


def ld(**values: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(values)}</script>'


@pytest.mark.parametrize(
    "head",
    [
        ld(**{"@type": "NewsArticle", "articleSection": "Opinion"}),
        ld(**{"@type": "NewsArticle", "articleSection": ["World", "Columnist"]}),
        ld(**{"@type": "NewsArticle", "articleSection": "Column"}),
        ld(**{"@type": "NewsArticle", "articleSection": "analysis"}),
        ld(**{"@type": "OpinionNewsArticle"}),
        ld(**{"@type": ["NewsArticle", "AnalysisNewsArticle"]}),
        ld(**{"@type": "ReviewNewsArticle"}),
        ld(**{"@type": "Column"}),
    ],
)
def test_json_ld_opinion_analysis_and_column_pieces_are_opinion(head):
    (article,) = read_bytes(COLUMN.format(ld=head).encode(), "column.html")
    assert isinstance(article, Article)
    assert article.genre == "opinion"
    assert article.authors == ("Tom Rogan",)


def test_a_news_section_stays_news():
    head = ld(**{"@type": "NewsArticle", "articleSection": "World"})
    (article,) = read_bytes(COLUMN.format(ld=head).encode(), "story.html")
    assert isinstance(article, Article) and article.genre == "news"


def test_a_columnists_forecasts_go_to_the_columnist(nlp):
    from prospects.nlp import analyze

    head = ld(**{"@type": "NewsArticle", "articleSection": "Columnist"})
    (article,) = read_bytes(COLUMN.format(ld=head).encode(), "column_2024-07-10.html")
    assert isinstance(article, Article)
    record = analyze(article, nlp=nlp)
    names = {source.id: source.name for source in record.sources}
    assert [names.get(f.source) for f in record.forecasts] == ["Tom Rogan"]


# --- f. a generic og:site_name ------------------------------------------------------------------


def site_page(site_name: str, canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return PAGE.replace(b"Test Gazette", site_name.encode()).replace(
        b"</head>", link.encode() + b"</head>", 1
    )


@pytest.mark.parametrize("generic", ["Hosted", "WordPress", "medium", "Arc Publishing", "Wix.com"])
def test_a_platform_site_name_gives_way_to_the_domain_of_the_url(generic):
    data = site_page(generic)
    (article,) = read_bytes(data, "story.html", url="https://www.theguardian.com/world/story")
    assert isinstance(article, Article) and article.outlet == "theguardian.com"


def test_the_canonical_url_names_the_outlet_of_a_crawled_page():
    data = warc_bytes(
        [
            (
                "https://amp.example-cache.net/x",
                site_page("Substack", "https://jane.substack.com/p/x"),
            )
        ]
    )
    (article,) = read_bytes(data, "crawl.warc.gz")
    assert isinstance(article, Article) and article.outlet == "jane.substack.com"


def test_a_real_site_name_is_kept_and_a_generic_one_without_url_is_dropped():
    (kept,) = read_bytes(site_page("The Guardian"), "a.html", url="https://www.theguardian.com/x")
    (dropped,) = read_bytes(site_page("WordPress"), "b.html")
    assert isinstance(kept, Article) and kept.outlet == "The Guardian"
    assert isinstance(dropped, Article) and dropped.outlet is None


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.theguardian.com/world/2024/x", "theguardian.com"),
        ("https://news.bbc.co.uk/2/hi/x.stm", "bbc.co.uk"),
        ("http://www.smh.com.au:8080/x", "smh.com.au"),
        ("https://edition.cnn.com/x", "cnn.com"),
        ("https://jane.substack.com/p/x", "jane.substack.com"),
        ("https://WWW.Example.ORG./x", "example.org"),
        ("http://192.168.1.5/x", "192.168.1.5"),
        ("http://localhost/x", "localhost"),
        ("not a url", None),
        ("http://[broken/x", None),
    ],
)
def test_registered_domain(url, domain):
    from prospects.ingest.outlet import registered_domain

    assert registered_domain(url) == domain


@given(st.text(max_size=80))
def test_registered_domain_never_raises(url):
    from prospects.ingest.outlet import registered_domain

    domain = registered_domain(url)
    assert domain is None or (domain and "/" not in domain)


# --- c. a body much shorter than the page -------------------------------------------------------

SENTENCE = (
    "The committee is expected to approve the budget next month, and officials said the vote "
    "would probably be close, because several members remain undecided about the fuel tax."
)


def prose(n: int, first: int = 0) -> str:
    return "".join(f"<p>Point {i}: {SENTENCE}</p>" for i in range(first, first + n))


def test_a_body_much_shorter_than_the_visible_prose_is_flagged():
    # trafilatura leaves the thread out: 3 of 15 paragraphs of prose are the body
    page = (
        "<html><head><title>Budget</title></head><body><article><h1>Budget vote</h1>"
        f"{prose(3)}</article><div class='comments'>{prose(12, 3)}</div></body></html>"
    )
    (article,) = read_bytes(page.encode(), "budget.html")
    assert isinstance(article, Article) and article.text.count("Point ") == 3
    (warning,) = article.warnings
    assert warning.startswith("extracted body is 92 words, 20% of the page's 450 words")
    assert warning.endswith("a recall-oriented second pass found no more article text")


def test_the_recall_pass_body_is_kept_when_it_is_longer_article_text(monkeypatch):
    from prospects.ingest import html as html_module

    page = f"<html><body><article><h1>Budget</h1>{prose(15)}</article></body></html>"
    real = html_module._extraction

    def under_extracting(data, url, *, favor_recall):
        doc = real(data, url, favor_recall=favor_recall)
        if not favor_recall:  # an extractor that stopped after two paragraphs
            doc.text = "\n".join(doc.text.split("\n")[:3])
        return doc

    monkeypatch.setattr(html_module, "_extraction", under_extracting)
    (article,) = read_bytes(page.encode(), "budget.html")
    assert isinstance(article, Article) and article.text.count("Point ") == 15
    assert article.warnings == (
        "extracted body is 61 words, 14% of the page's 450 words of visible prose: "
        "a recall-oriented second pass kept 451 words",
    )


def test_a_recall_pass_of_headlines_is_no_article_text(monkeypatch):
    from prospects.ingest import html as html_module

    page = f"<html><body><article><h1>Budget</h1>{prose(15)}</article></body></html>"
    real = html_module._extraction

    def extractor(data, url, *, favor_recall):
        doc = real(data, url, favor_recall=False)
        lines = doc.text.split("\n")
        doc.text = "\n".join(lines[:3] + [f"Headline number {i} of the day" for i in range(40)])
        if not favor_recall:
            doc.text = "\n".join(lines[:3])
        return doc

    monkeypatch.setattr(html_module, "_extraction", extractor)
    (article,) = read_bytes(page.encode(), "budget.html")
    assert isinstance(article, Article) and article.text.count("Point ") == 2
    assert article.warnings[0].endswith("a recall-oriented second pass found no more article text")


def test_short_pages_and_whole_bodies_are_not_flagged():
    short = f"<html><body><article>{prose(2)}</article><div class='comments'>{prose(6)}</div>"
    for page in (short.encode(), PAGE, (EXAMPLES / "central-bank-holds-rates.html").read_bytes()):
        (article,) = read_bytes(page, "page.html")
        assert isinstance(article, Article) and article.warnings == ()


# --- g. a sidebar of headlines kept as body text ------------------------------------------------

HEADLINES = [
    "Storm closes schools across the region",
    "Local team wins the cup after extra time",
    "Council approves new housing plan for the old docks",
    "Ten recipes for a quick weeknight dinner",
    "Airport strike called off at the last minute",
    "Police appeal for witnesses after crash on the ring road",
    "New museum opens its doors to the public",
    "Petrol prices fall for a third week",
    "Hospital waiting lists reach a record high",
    "Singer announces farewell tour dates",
]
STORY = [
    "The central bank is expected to raise interest rates again in the spring, officials said on "
    "Thursday, as inflation stays well above its target.",
    "Analysts expect the increase to be a quarter of a point, although some warned that the "
    "economy could slow sharply if borrowing costs climb too fast.",
    "The Bank's governor said the committee would watch wage growth closely before deciding.",
    "Markets have priced in two more increases this year, according to futures data.",
]


def story_page(middle: str) -> bytes:
    paragraphs = [f"<p>{p}</p>" for p in STORY]
    return (
        "<!DOCTYPE html><html><head><title>Rates will rise</title></head><body><main><article>"
        f"<h1>Rates will rise</h1>{''.join(paragraphs[:2])}{middle}{''.join(paragraphs[2:])}"
        "</article></main></body></html>"
    ).encode()


def test_a_most_read_list_inside_the_article_is_dropped_with_a_warning():
    most_read = "<p>Most read</p>" + "".join(
        f'<p><a href="/story/{i}">{h}</a></p>' for i, h in enumerate(HEADLINES)
    )
    (article,) = read_bytes(story_page(most_read), "rates.html")
    assert isinstance(article, Article)
    assert all(h not in article.text for h in HEADLINES) and "Most read" not in article.text
    assert all(p in article.text for p in STORY)
    assert article.warnings == (
        "dropped 11 short lines without sentence punctuation (a list of links, starting "
        "'Most read')",
    )


def test_a_normal_article_keeps_every_paragraph():
    subheads = "<h2>What comes next</h2>"
    (article,) = read_bytes(story_page(subheads), "rates.html")
    assert isinstance(article, Article) and article.warnings == ()
    assert all(p in article.text for p in STORY) and "What comes next" in article.text
    (example,) = read([EXAMPLES / "central-bank-holds-rates.html"])
    assert isinstance(example, Article) and example.warnings == ()


def test_an_announced_list_and_a_table_of_figures_stay():
    from prospects.ingest.body import drop_link_lists

    names = "The ministers attending:\n\n" + "\n\n".join(f"Minister {n} Doe" for n in "ABCDEF")
    assert drop_link_lists(names).text == names
    table = "\n\n".join(["Shr 30 cts vs 5.92 dlrs", "Net 1,142,000 vs 16.0 mln", "Year"] * 2)
    assert drop_link_lists(table).text == table
    only_links = "\n\n".join(HEADLINES)
    assert drop_link_lists(only_links).text == only_links  # no article around it to protect


@given(
    st.lists(
        st.one_of(st.sampled_from(HEADLINES), st.sampled_from(STORY), st.just("Opinion: yes?")),
        max_size=30,
    )
)
def test_sentences_are_never_dropped_and_order_is_kept(paragraphs):
    from prospects.ingest.body import drop_link_lists, is_prose

    kept = drop_link_lists("\n\n".join(paragraphs)).text.split("\n\n") if paragraphs else []
    sentences = [p for p in paragraphs if is_prose(p)]
    assert [p for p in kept if is_prose(p)] == sentences
    remaining = iter(paragraphs)
    assert all(p in remaining for p in kept)  # a subsequence: nothing moved or invented
