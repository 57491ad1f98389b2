"""Long articles in bounded pieces: cut at paragraph ends, analysed one by one, records joined.

spaCy's components and prospects' own grow in memory with the Doc (a 1 MB page took 3.4 GB as
one Doc, measured), so an article longer than PIECE_CHARS is cut into pieces at blank lines, each
piece is analysed as an article of its own, and the pieces' records are joined into one: offsets
shifted back into the whole text, sources of the same name merged, ids renumbered in text order.
Where no piece cuts a sentence, a quote or a forecast is found as it is in a whole analysis; what
can differ is what reaches across a cut (a speaker named in the piece before).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from prospects.records import AUTHOR, Article, ArticleRecord, Forecast, Quote, Source, Span

# about 3,500 words: longer than nearly every news article, small enough that a piece stays
# well under 1 GB through every component (measured: `prospects analyze` of 1 MB of text in
# 20,000-character pieces peaks at 0.25 GB resident)
PIECE_CHARS = 20_000


def pieces(text: str, size: int | None = None) -> list[str]:
    """`text` cut into consecutive pieces of at most `size` characters that join back into it
    exactly: at the last blank line (a paragraph end, which no sentence crosses), else at a line
    break, else at a space; mid-word only in a stretch with no space at all."""
    size = size or PIECE_CHARS
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = size
        for mark in ("\n\n", "\n", " "):
            at = window.rfind(mark)
            if at > 0:
                cut = at + len(mark)
                break
        out.append(text[start : start + cut])
        start += cut
    out.append(text[start:])
    return out


def analyze_in_pieces(
    article: Article, analyze: Callable[[Article], ArticleRecord], size: int | None = None
) -> ArticleRecord:
    """The record of `article`, analysed piece by piece with `analyze` (which reads one piece
    whole)."""
    size = size or PIECE_CHARS
    parts = pieces(article.text, size)
    records: list[tuple[int, ArticleRecord]] = []
    offset = 0
    for k, text in enumerate(parts):
        # the title and the headline check belong to the first piece only
        piece = replace(article, text=text, title=article.title if k == 0 else None)
        records.append((offset, analyze(piece)))
        offset += len(text)
    return join(article, records, size)


def join(article: Article, records: list[tuple[int, ArticleRecord]], size: int) -> ArticleRecord:
    """One record of the pieces' records, each given with the offset of its piece in the text."""
    sources: dict[tuple[object, ...], Source] = {}
    source_ids: list[dict[str, str]] = []
    named = 0
    for offset, record in records:
        ids: dict[str, str] = {}
        for s in record.sources:
            key = _identity(s)
            key = next((k for k, old in sources.items() if _same_person(old, s)), key)
            mentions = tuple(_moved(m, offset) for m in s.mentions)
            if key in sources:
                old = sources[key]
                sources[key] = replace(old, mentions=old.mentions + mentions)
            else:
                if s.id == AUTHOR.id:
                    new_id = AUTHOR.id
                else:
                    named += 1
                    new_id = f"s{named}"
                sources[key] = replace(s, id=new_id, mentions=mentions)
            ids[s.id] = sources[key].id
        source_ids.append(ids)
    quotes: list[Quote] = []
    forecasts: list[Forecast] = []
    warnings: list[str] = []
    for (offset, record), ids in zip(records, source_ids, strict=True):
        quote_ids: dict[str, str] = {}
        for q in record.quotes:
            quote_ids[q.id] = f"q{len(quotes) + 1}"
            quotes.append(
                replace(
                    q,
                    id=quote_ids[q.id],
                    content=_moved(q.content, offset),
                    cue=_shift(q.cue, offset),
                    source_mention=_shift(q.source_mention, offset),
                    source=ids.get(q.source, q.source) if q.source else None,
                )
            )
        for f in record.forecasts:
            forecasts.append(
                replace(
                    f,
                    id=f"f{len(forecasts) + 1}",
                    start=f.start + offset,
                    end=f.end + offset,
                    source=ids.get(f.source, f.source),
                    quote=quote_ids.get(f.quote, f.quote) if f.quote else None,
                )
            )
        warnings.extend(w for w in record.warnings if w not in warnings)
    warnings.append(
        f"analysed in {len(records)} pieces of at most {size:,} characters, cut at paragraph "
        "ends: a speaker named in one piece is not carried into the next"
    )
    first = records[0][1]
    return replace(
        first,
        article=article,
        sources=tuple(sources.values()),
        quotes=tuple(quotes),
        forecasts=tuple(forecasts),
        warnings=tuple(warnings),
        sentences=sum(r.sentences or 0 for _, r in records),
    )


def _identity(s: Source) -> tuple[object, ...]:
    if s.id == AUTHOR.id:
        return (AUTHOR.id,)
    return (s.type, (s.name or "").lower(), s.anonymous, s.affiliation)


def _same_person(known: Source, later: Source) -> bool:
    """A later piece's "Marsh" is the "Elena Marsh" an earlier piece named in full, as a whole
    analysis would have it."""
    if known.type != "person" or later.type != "person" or not known.name or not later.name:
        return False
    return known.name != later.name and known.name.endswith(" " + later.name)


def _moved(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)


def _shift(span: Span | None, offset: int) -> Span | None:
    return None if span is None else _moved(span, offset)
