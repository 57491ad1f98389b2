"""HTML pages and fragments -> text and metadata.

trafilatura finds the main text of a page (boilerplate such as navigation, related links and
footers dropped) and its metadata: title, site name (the outlet, unless it names a platform such
as "WordPress": then the URL's domain, see outlet.py), canonical or og:url, and a
publication date from the markup only (htmldate without its extensive search, so a date
printed somewhere in the body is never taken for the publication date).

Paragraphs come out separated by a blank line, as in the plain-text articles. When trafilatura
finds no main text (short or badly broken pages, feed fragments) a plain conversion of all the
visible text is used instead, and the article says so in a warning. A run of headline-like lines
the extractor kept (a "Most read" box) is dropped, and a body much shorter than the page's
visible prose is flagged and compared with a recall-oriented second pass (body.py), each with a
warning on the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from prospects.ingest import body, byline
from prospects.ingest.dates import metadata_date
from prospects.ingest.errors import Unreadable
from prospects.ingest.layout import LINE, paragraph_spans
from prospects.ingest.outlet import outlet_of
from prospects.records import count_words

NO_TEXT = "no article text found in HTML"
FALLBACK_WARNING = "no main text found by extraction: analysing all the visible text of the page"
# Markup only: a date in the article body is not when the article was published.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Navigation and page footers by HTML semantics: never article text. Pruned before extraction,
# because trafilatura's fallback takes a bare "Home" link for the text of an empty page.
_PRUNE = ["//nav", "//footer", "//*[@role='navigation']", "//*[@role='contentinfo']"]
# Elements whose text is never article text.
_SKIP = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "iframe", "svg", "head",
)  # fmt: skip
# Elements that end a paragraph.
_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "section", "article", "main", "figure", "figcaption",
    "hr", "address", "body",
)  # fmt: skip
_BREAK = "\ue000"  # a private-use character marks paragraph ends while the tree is flattened
# lxml refuses strings with these (they are not allowed in XML either).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A fragment's main text must keep this share of its visible words, else trafilatura cut too much.
MIN_KEPT_SHARE = 0.5


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    genre: str | None = None


def extract(data: bytes | str, url: str | None = None) -> Page:
    """The main text and metadata of an HTML page. Raises Unreadable when it has no text."""
    meta: dict[str, Any] = _as_dict(_extraction(data, url, favor_recall=False))
    text = paragraphs(meta.get("text") or "")
    warnings: tuple[str, ...] = ()
    if text:
        text, warnings = _whole_body(data, url, text)
    else:
        found = body.drop_link_lists(plain_text(_as_str(data)))
        text, warnings = found.text, (FALLBACK_WARNING, *found.warnings)
        meta = _metadata_only(data, url)
    if not text:
        raise Unreadable(NO_TEXT)
    page_url = _clean(meta.get("url")) or url
    outlet = outlet_of(_clean(meta.get("sitename")), page_url or url)
    written = byline.merge(_byline(data, meta, outlet, page_url), byline.from_text(text, outlet))
    return Page(
        text=text,
        title=_clean(meta.get("title")),
        published=metadata_date(meta.get("date")),
        outlet=outlet,
        url=page_url,
        warnings=warnings,
        authors=written.authors,
        genre=written.genre,
    )


def _extraction(data: bytes | str, url: str | None, *, favor_recall: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        data,
        url=url,
        include_comments=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
        prune_xpath=_PRUNE,
        favor_recall=favor_recall,
    )


def _whole_body(data: bytes | str, url: str | None, text: str) -> tuple[str, tuple[str, ...]]:
    """The extracted `text` without headline lists, and, when it is much shorter than the page's
    visible prose, the longer body of a recall-oriented second pass if that is article text."""
    first = body.drop_link_lists(text)
    words = count_words(first.text)
    visible = body.prose_words(plain_text(_as_str(data)))
    if visible <= body.limit("short_body_min_words"):
        return first.text, first.warnings
    if words >= body.share("short_body_share") * visible:
        return first.text, first.warnings
    short = (
        f"extracted body is {words} words, {words / visible:.0%} of the page's {visible} words "
        "of visible prose"
    )
    try:
        recalled = _as_dict(_extraction(data, url, favor_recall=True)).get("text") or ""
    except Exception:  # the first pass stands; a second opinion that fails changes nothing
        recalled = ""
    second = body.drop_link_lists(paragraphs(recalled))
    longer = count_words(second.text)
    if longer > words and body.is_article_text(second.text):
        return second.text, (
            f"{short}: a recall-oriented second pass kept {longer} words",
            *second.warnings,
        )
    return first.text, (
        f"{short}: a recall-oriented second pass found no more article text",
        *first.warnings,
    )


def _byline(
    data: bytes | str, meta: dict[str, Any], outlet: str | None, url: str | None
) -> byline.Byline:
    """Authors from the author metadata (trafilatura joins several with "; "), the genre from
    JSON-LD types, `article:section`/`article:tag` (trafilatura's categories and tags), JSON-LD
    `articleSection` or URL."""
    html = _as_str(data)
    sections = [
        *(meta.get("categories") or []),
        *(meta.get("tags") or []),
        *byline.json_ld_values(html, "articleSection"),
    ]
    return byline.Byline(
        authors=byline.authors_of(meta.get("author"), outlet),
        genre=byline.genre(types=byline.json_ld_types(html), sections=sections, url=url),
    )


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content): main text, or all visible text."""
    import trafilatura

    plain = plain_text(fragment)
    if not plain:
        return ""
    main = paragraphs(
        trafilatura.extract(fragment, include_comments=False, favor_recall=True) or ""
    )
    if main and count_words(main) >= MIN_KEPT_SHARE * count_words(plain):
        return main
    return plain


def plain_text(html: str) -> str:
    """All visible text outside boilerplate, one paragraph per block, blank-line separated."""
    import lxml.html
    from lxml import etree

    cleaned = _NOT_XML.sub("", html)
    if not cleaned.strip():
        return ""
    if "<" not in cleaned:
        return paragraphs(cleaned)
    try:
        root = lxml.html.fromstring(cleaned)
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter(*_SKIP)):
        if el is not root:
            el.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.text = _BREAK + (el.text or "")
        el.tail = _BREAK + (el.tail or "")
    return paragraphs(root.text_content(), separator=_BREAK)


def paragraphs(text: str, separator: str = LINE) -> str:
    """Paragraphs (split at `separator`) with inner whitespace collapsed, blank-line separated."""
    spans = paragraph_spans(text, separator)
    return "\n\n".join(" ".join(text[start:end].split()) for start, end in spans)


def _metadata_only(data: bytes | str, url: str | None) -> dict[str, Any]:
    from trafilatura import extract_metadata

    try:
        doc = extract_metadata(data, default_url=url, date_config=_DATE_PARAMS)
    except Exception:  # metadata is a bonus here; the text is already there
        return {}
    return _as_dict(doc)


def _as_dict(doc: Any) -> dict[str, Any]:
    if doc is None:
        return {}
    return dict(doc) if isinstance(doc, dict) else dict(doc.as_dict())


def _as_str(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    from trafilatura.utils import decode_file

    decoded = decode_file(data)
    return decoded if isinstance(decoded, str) else decoded.decode("utf-8", errors="replace")


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    flat = " ".join(value.split())
    return flat or None
