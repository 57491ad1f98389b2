"""Writing needs a token; forms need their CSRF field; everything from an article is escaped,
so that none of its markup runs in a reader's browser; uploads are bounded and checked."""

from __future__ import annotations

import pytest

from prospects.ledger.loading import ingest_articles
from prospects.records import Article
from web.conftest import csrf_of

# Each payload sets window.pwned (or opens a dialog) if it ever runs.
SCRIPT = "<script>window.pwned = 1; alert(1)</script>"
ATTRIBUTE = '" onmouseover="window.pwned=1" x="'
IMAGE = '<img src=x onerror="window.pwned=1">'
HOSTILE = Article(
    text=(
        f"Minister {SCRIPT} warns\n\n"
        f'"Prices {IMAGE} will rise next year {ATTRIBUTE}," said Dana {SCRIPT} Vale, the '
        f"minister. Officials expect rates {ATTRIBUTE} to fall by March 2025, an {IMAGE} "
        "economist said."
    ),
    title=f"Minister {SCRIPT} warns {ATTRIBUTE}",
    url="javascript:window.pwned=1",
    outlet=f"The {IMAGE} Times",
    authors=(f"Eve {SCRIPT}",),
    published=None,
)


@pytest.fixture
def hostile(ledger, nlp) -> str:
    ingest_articles(ledger, [HOSTILE], nlp)
    return HOSTILE.id


def _pages(client, article_id: str) -> list[str]:
    data = client.get(f"/api/articles/{article_id}").json()
    pages = [f"/articles/{article_id}", "/forecasts", "/sources", "/scores"]
    pages += [f"/forecasts/{f['id']}" for f in data["forecasts"]]
    pages += [f"/sources/{s['id']}" for s in data["record"]["sources"] if s["id"] != "author"][:3]
    return pages


def test_article_markup_is_escaped_on_every_page(client, hostile) -> None:
    for path in _pages(client, hostile):
        html = client.get(path).text
        assert "<script>window.pwned" not in html, path
        assert "<img src=x" not in html, path
        assert 'onmouseover="window.pwned' not in html, path
        assert 'href="javascript:' not in html, path


def test_no_article_markup_runs_in_the_browser(page, client, hostile) -> None:
    for path in _pages(client, hostile):
        page.goto(path)
        for mark in page.locator("mark.forecast[tabindex]").all():
            mark.hover()
        assert page.evaluate("window.pwned") is None, path
    assert not page.problems


def test_pages_send_a_content_security_policy(client) -> None:
    policy = client.get("/forecasts").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def _open_forecast(client) -> str:
    return client.get("/api/forecasts?status=open").json()["forecasts"][0]["id"]


def test_writing_without_a_token_is_refused_and_nothing_is_stored(client) -> None:
    fid = _open_forecast(client)
    form = {"outcome": "yes", "evidence": "https://example.org"}
    assert client.post(f"/forecasts/{fid}/resolve", data=form).status_code == 401
    api = client.post(f"/api/forecasts/{fid}/resolutions", json=form)
    assert api.status_code == 401
    bad = client.post(
        f"/api/forecasts/{fid}/resolutions", json=form, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401
    assert client.get(f"/api/forecasts/{fid}").json()["history"] == []


def test_a_token_writes_through_the_api(client, token) -> None:
    fid = _open_forecast(client)
    body = {"outcome": "no", "evidence": "https://example.org/no", "on": "2099-01-02"}
    made = client.post(
        f"/api/forecasts/{fid}/resolutions", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert made.status_code == 201, made.text
    assert made.json()["by"] == "tester"
    assert client.get(f"/api/forecasts/{fid}").json()["history"][-1]["outcome"] == "no"


def test_a_form_without_its_csrf_token_is_refused(writer) -> None:
    fid = _open_forecast(writer)
    form = {"outcome": "yes", "evidence": "https://example.org"}
    assert writer.post(f"/forecasts/{fid}/resolve", data=form).status_code == 403
    forged = {**form, "csrf_token": "0" * 64}
    assert writer.post(f"/forecasts/{fid}/resolve", data=forged).status_code == 403
    good = {**form, "csrf_token": csrf_of(writer, f"/forecasts/{fid}")}
    done = writer.post(f"/forecasts/{fid}/resolve", data=good, follow_redirects=False)
    assert done.status_code == 303


def test_a_revoked_token_ends_its_session(writer, ledger) -> None:
    assert "signed in as tester" in writer.get("/forecasts").text
    ledger.revoke_token("tester")
    assert "signed in as tester" not in writer.get("/forecasts").text


def test_a_login_link_cannot_send_the_user_elsewhere(client, token) -> None:
    went = client.post(
        "/login", data={"token": token, "next": "//evil.example"}, follow_redirects=False
    )
    assert went.headers["location"] == "/"
    assert client.post("/login", data={"token": "wrong"}).status_code == 401


def test_an_upload_over_the_limit_is_refused_and_nothing_is_stored(writer, app) -> None:
    app.state.max_upload = 1000
    before = writer.get("/api/forecasts").json()["forecasts"]
    csrf = csrf_of(writer, "/ingest")
    big = ("Prices will rise next year, analysts said. " * 100).encode()
    sent = writer.post(
        "/ingest", data={"csrf_token": csrf}, files={"upload": ("big.txt", big, "text/plain")}
    )
    assert sent.status_code == 413 and "big.txt" in sent.text
    assert writer.get("/api/forecasts").json()["forecasts"] == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
        ("empty.txt", b""),
        ("broken.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"),
    ],
)
def test_a_bad_upload_is_one_clear_error_and_nothing_is_stored(writer, name, data) -> None:
    before = writer.get("/api/forecasts").json()["forecasts"]
    csrf = csrf_of(writer, "/ingest")
    sent = writer.post("/ingest", data={"csrf_token": csrf}, files={"upload": (name, data)})
    assert sent.status_code == 400, sent.text
    assert name in sent.text
    assert writer.get("/api/forecasts").json()["forecasts"] == before


def test_a_rejected_match_is_proposed_no_more(writer, ledger) -> None:
    from datetime import date

    from prospects.records import Question

    # an open forecast with many words, and a question that asks just what it says
    open_ = max(ledger.forecasts(unresolved=True), key=lambda f: len(f.proposition.split()))
    questions = [
        Question(f"m:{n}", "metaculus", f"Will {text}?", outcome=1,
                 open_date=open_.article.published, resolve_date=date(2026, 1, 1))
        for n, text in enumerate([open_.proposition, "the harbour ferry is sold"], 1)
    ]  # fmt: skip
    ledger.load_questions(questions)
    proposed = writer.get("/api/matches").json()
    pair = next(m for m in proposed if m["question_id"] == "m:1")
    form = {"forecast_id": pair["forecast_id"], "question_id": "m:1"}
    form["csrf_token"] = csrf_of(writer, "/matches")
    assert writer.post("/matches/reject", data=form, follow_redirects=False).status_code == 303
    after = writer.get("/api/matches").json()
    assert (pair["forecast_id"], "m:1") not in {(m["forecast_id"], m["question_id"]) for m in after}
