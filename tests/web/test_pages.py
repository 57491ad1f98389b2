"""Every page answers, with its permalink's filters, and downloads as JSON and CSV."""

from __future__ import annotations

import csv
import io

import pytest

from prospects.web.security import CSP

PAGES = ["/forecasts", "/sources", "/due", "/matches", "/scores", "/scores?by=type", "/ingest"]


def _first(client) -> dict:
    return client.get("/api/forecasts").json()["forecasts"][0]


def test_home_is_the_forecast_list(client) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/forecasts"


@pytest.mark.parametrize("path", PAGES)
def test_each_page_answers_with_its_headers(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<h1>" in response.text


@pytest.mark.parametrize("path", ["/forecasts", "/sources", "/scores", "/due"])
def test_each_page_downloads_as_json_and_csv(client, path) -> None:
    sep = "&" if "?" in path else "?"
    as_json = client.get(f"{path}{sep}format=json")
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    as_csv = client.get(f"{path}{sep}format=csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    data = as_json.json()
    listed = data["forecasts"] if isinstance(data, dict) and "forecasts" in data else data
    if path != "/due":
        assert len(rows) == len(listed) > 0


def test_the_list_filters_by_kind_and_searches(client) -> None:
    every = client.get("/api/forecasts").json()["forecasts"]
    pledges = client.get("/api/forecasts?kind=pledge").json()["forecasts"]
    assert pledges and all(f["kind"] == "pledge" for f in pledges)
    assert len(pledges) < len(every)
    word = "rates"
    found = client.get(f"/forecasts?q={word}&format=json").json()["forecasts"]
    assert found and all(
        word in (f["text"] + f["proposition"] + (f["source_name"] or "")).lower()
        or word in (f["article"]["title"] or "").lower()
        for f in found
    )
    html = client.get(f"/forecasts?q={word}").text
    assert f'value="{word}"' in html  # the permalink keeps the filter in the form


def test_resolved_and_open_statuses_split_the_list(client) -> None:
    every = client.get("/api/forecasts").json()["forecasts"]
    resolved = client.get("/api/forecasts?status=resolved").json()["forecasts"]
    open_ = client.get("/api/forecasts?status=open").json()["forecasts"]
    assert resolved and all(f["resolution"] for f in resolved)
    assert all(not f["resolution"] for f in open_)
    assert len(resolved) + len(open_) <= len(every)


@pytest.mark.parametrize(
    ("query", "named"),
    [("since=yesterday", "since"), ("status=maybe", "status"), ("sort=random", "sort"),
     ("page=0", "page"), ("kind=guess", "kind")],
)  # fmt: skip
def test_a_bad_filter_is_one_clear_400(client, query, named) -> None:
    response = client.get(f"/forecasts?{query}")
    assert response.status_code == 400
    assert named in response.text
    assert client.get(f"/api/forecasts?{query}").status_code in (400, 422)


def test_a_forecast_page_shows_its_sentence_in_context(client) -> None:
    f = _first(client)
    html = client.get(f"/forecasts/{f['id']}").text
    assert f'<mark class="forecast">{f["text"]}' in html or f["text"][:30] in html
    assert "History" in html and "Log in with a token" in html


def test_an_article_page_marks_its_forecasts_with_their_details(client) -> None:
    f = _first(client)
    html = client.get(f"/articles/{f['article']['id']}").text
    assert 'role="tooltip"' in html and "Probability:" in html and "Horizon:" in html
    assert f"/forecasts/{f['id']}" in html


def test_a_source_page_shows_its_track_record(client) -> None:
    scored = client.get("/api/scores").json()
    named = next(g for g in scored if g["n"] > 0 and g["type"] == "person")
    sources = client.get("/api/sources", params={"q": named["name"]}).json()
    page = client.get(f"/sources/{sources[0]['id']}").text
    assert "Brier score" in page and "lower is better" in page and "Calibration" in page
    data = client.get(f"/api/sources/{sources[0]['id']}").json()
    assert data["score"]["n"] >= 1 and data["brier_over_time"]


def test_the_leaderboard_says_what_its_figures_mean(client) -> None:
    html = client.get("/scores").text
    assert "lower is better" in html and "REL = reliability" in html
    assert "an anecdote" in html or "too few to rank" in html


@pytest.mark.parametrize("path", ["/forecasts/nope", "/articles/nope", "/sources/nope"])
def test_unknown_ids_are_404_pages(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 404 and "nope" in response.text
    assert client.get(f"/api{path}").status_code == 404
