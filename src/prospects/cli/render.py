"""How article records look to people: a rich summary per article."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from prospects.records import ArticleRecord, Forecast


def _probability(f: Forecast) -> str:
    if f.likelihood is None:
        return "—"
    lk = f.likelihood
    return f"{lk.probability:.2f} [{lk.low:.2f}–{lk.high:.2f}]"


def _horizon(f: Forecast) -> str:
    h = f.horizon
    if h is None:
        return "—"
    if h.end:
        return f"{h.cue} → {h.end.isoformat()}"
    if h.start:
        return f"{h.cue} (from {h.start.isoformat()})"
    return h.cue


def _source_name(record: ArticleRecord, source_id: str) -> str:
    source = record.source(source_id)
    if source is None or source.type == "author":
        return "author"
    name = source.name or source.type
    return f"{name} (anon.)" if source.anonymous else name


def forecast_lines(record: ArticleRecord, f: Forecast) -> Text:
    """What is forecast; who, how likely and by when; on what condition."""
    text = Text()
    text.append(f.proposition or f.text, style="bold")
    facts = [_source_name(record, f.source), f.kind, f"p {_probability(f)}"]
    if f.likelihood and f.likelihood.cue:
        facts[-1] += f' ("{f.likelihood.cue}")'
    if f.horizon:
        facts.append(_horizon(f))
    text.append("\n" + " · ".join(facts), style="cyan")
    if f.condition:
        text.append(f"\nif {f.condition}", style="green")
    return text


def article_panel(record: ArticleRecord) -> Panel:
    a = record.article
    meta = [
        f"published {a.published.isoformat()} ({a.published_basis})" if a.published else "no date",
        f"{a.words:,} words",
    ]
    if record.sentences is not None:
        meta.append(f"{record.sentences} sentences")
    if a.outlet:
        meta.append(a.outlet)
    meta.append(a.url or a.path or "stdin")
    parts: list[Text | Table] = [Text(" · ".join(meta), style="dim")]
    for warning in record.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    if record.headline.unsupported_terms:
        terms = ", ".join(record.headline.unsupported_terms)
        parts.append(Text(f"headline words the body does not bear out: {terms}", style="magenta"))

    named = [s for s in record.sources if s.type != "author"]
    if named:
        parts.append(Text("sources: " + "; ".join(_source_name(record, s.id) for s in named)))
    parts.append(Text(f"{len(record.quotes)} quotes, {len(record.forecasts)} forecasts"))

    if record.forecasts:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        for f in record.forecasts:
            grid.add_row(f.id, forecast_lines(record, f))
        parts.append(grid)
    return Panel(Group(*parts), title=a.title or a.path or "article", title_align="left")


def print_table(console: Console, record: ArticleRecord) -> None:
    console.print(article_panel(record))
