"""Every page three ways: HTML for people, and the same data as JSON or CSV (`?format=json`,
`?format=csv`), so whatever a page shows can be downloaded, as datasette's pages can."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from prospects.web import security
from prospects.web.wording import small_n

FORMATS = ("html", "json", "csv")


@dataclass(frozen=True)
class Page:
    """What a view shows: its title, the rows a download holds (flat dicts for CSV), and what
    else the HTML template needs."""

    template: str
    title: str
    rows: Sequence[Mapping[str, Any]] = ()
    context: Mapping[str, Any] = field(default_factory=dict)
    data: Any = None  # the JSON download, when it is more than the rows
    name: str = "prospects"  # the download's file name

    @property
    def download(self) -> Any:
        """What the JSON download (and the API) gives: `data`, else the rows."""
        return self.data if self.data is not None else list(self.rows)


def templates() -> Environment:
    folder = resources.files("prospects.web").joinpath("templates")
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        # every value is escaped: article text, titles and names come from anywhere
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _number
    env.filters["pct"] = lambda p: "—" if p is None else f"{100 * p:.0f}%"
    env.filters["http_url"] = http_url
    env.globals["with_query"] = with_query
    env.globals["small_n"] = small_n
    return env


def _number(value: float | None, digits: int = 2) -> str:
    """A figure, or "—" where it is undefined (n too small, nothing resolved)."""
    return "—" if value is None else f"{value:.{digits}f}"


def http_url(value: str | None) -> str | None:
    """A URL fit for a link: http or https only, so a stored "javascript:" URL is never one."""
    if not value:
        return None
    return value if urlsplit(value.strip()).scheme.lower() in ("http", "https") else None


def with_query(request: Request, **changes: Any) -> str:
    """This page's address with some query parameters changed (None removes one)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes}
    params.update({k: str(v) for k, v in changes.items() if v is not None and v != ""})
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates as ISO text, records as dicts."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return plain(value.to_dict())
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def respond(request: Request, page: Page, status: int = 200) -> Response:
    fmt = request.query_params.get("format", "html")
    if fmt == "json":
        return JSONResponse(plain(page.download), status_code=status)
    if fmt == "csv":
        return Response(
            _csv(page.rows),
            status_code=status,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{page.name}.csv"'},
        )
    env: Environment = request.app.state.templates
    html = env.get_template(page.template).render(
        request=request,
        title=page.title,
        rows=page.rows,
        writer=security.writer_of(request),
        csrf=security.csrf_token(request),
        csrf_field=security.CSRF_FIELD,
        json_url=with_query(request, format="json"),
        csv_url=with_query(request, format="csv"),
        **page.context,
    )
    return HTMLResponse(html, status_code=status)


def _cell(value: Any) -> Any:
    # nested values (a list of authors, a bin) stay one cell, as JSON
    return json.dumps(plain(value)) if isinstance(value, list | tuple | dict) else plain(value)


def _csv(rows: Sequence[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    columns = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(plain(v)) if isinstance(v, list | dict) else plain(v)
                for k, v in row.items()
            }
        )
    return buffer.getvalue()
