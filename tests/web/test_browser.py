"""The UI in a real browser (Debian's chromium, headless): what a user does, end to end."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from prospects.reality.track_record import track_record


def _log_in(page, token: str, then: str) -> None:
    page.goto(f"/login?next={then}")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))


def test_the_list_filters_and_searches(page, client) -> None:
    page.goto("/forecasts")
    rows = page.locator("table.forecasts tbody tr")
    every = rows.count()
    assert every > 5
    page.get_by_label("Kind").select_option("pledge")
    expect(page).to_have_url(re.compile(r"kind=pledge"))
    expect(rows.first).to_contain_text("pledge")
    assert rows.count() < every
    page.goto("/forecasts")
    page.get_by_label("Search").fill("rates")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"q=rates"))
    assert 0 < rows.count() < every
    assert not page.problems


def test_an_article_highlight_shows_its_details(page, client) -> None:
    f = client.get("/api/forecasts").json()["forecasts"][0]
    page.goto(f"/articles/{f['article']['id']}")
    mark = page.locator("mark.forecast[tabindex]").first
    tip = mark.locator("[role=tooltip]")
    expect(tip).to_be_hidden()
    mark.focus()  # the keyboard reaches it, and focus shows what hover shows
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Probability:")
    expect(tip).to_contain_text("Source:")
    page.mouse.move(0, 0)
    mark.blur()
    mark.hover()
    expect(tip).to_be_visible()
    assert not page.problems


def test_resolving_with_a_token_changes_the_source_score(page, client, ledger, token) -> None:
    open_ = client.get("/api/forecasts?status=open").json()["forecasts"]
    f = next(x for x in open_ if x["source_type"] == "person" and x["likelihood"])
    source = ledger.source(f["source"])
    before = track_record(ledger, source).score.n
    _log_in(page, token, f"/forecasts/{f['id']}")
    page.get_by_label("Outcome").select_option("yes")
    page.get_by_label("Evidence (a text or URL)").fill("https://example.org/it-happened")
    page.get_by_label("Resolved on").fill("2099-01-01")
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("ol.history")).to_contain_text("yes by tester")
    page.goto(f"/sources/{f['source']}")
    after = client.get(f"/api/sources/{f['source']}").json()["score"]["n"]
    assert after == before + 1
    expect(page.locator("dl.figures")).to_contain_text(f"{after} of")
    assert not page.problems


def test_resolving_without_a_token_fails(page, client, live) -> None:
    f = client.get("/api/forecasts?status=open").json()["forecasts"][0]
    page.goto(f"/forecasts/{f['id']}")
    expect(page.get_by_role("button", name="Resolve")).to_have_count(0)
    expect(page.get_by_text("Log in with a token")).to_be_visible()
    posted = page.request.post(
        f"{live}/forecasts/{f['id']}/resolve",
        form={"outcome": "yes", "evidence": "https://example.org"},
    )
    assert posted.status == 401
    assert client.get(f"/api/forecasts/{f['id']}").json()["history"] == []


def test_correcting_a_source_moves_the_forecast(page, client, token) -> None:
    forecasts = client.get("/api/forecasts").json()["forecasts"]
    f = next(x for x in forecasts if x["source_type"] == "person")
    other = next(
        x for x in forecasts if x["source_type"] == "person" and x["source"] != f["source"]
    )
    _log_in(page, token, f"/forecasts/{f['id']}")
    page.get_by_label("Source (id, or a name to find or create)").fill(other["source"])
    page.get_by_label("Why (required)").fill("the quote is his, the parser took the wrong name")
    page.get_by_role("button", name="Save correction").click()
    expect(page.locator("ol.history")).to_contain_text("correction by tester")
    page.goto(f"/sources/{other['source']}")
    expect(page.locator(f"a[href='/forecasts/{f['id']}']")).to_have_count(1)
    page.goto(f"/sources/{f['source']}")
    expect(page.locator(f"a[href='/forecasts/{f['id']}']")).to_have_count(0)


def test_an_uploaded_rss_file_shows_its_articles(page, token, tmp_path) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(RSS, encoding="utf-8")
    _log_in(page, token, "/ingest")
    page.get_by_label(re.compile("Or upload a file")).set_input_files(str(feed))
    page.get_by_role("button", name="Analyse and store").click()
    expect(page.locator("p.summary")).to_contain_text("2 new")
    page.locator("ul.ingested a").first.click()
    expect(page.locator("h1")).to_contain_text(re.compile("Harbour|Ferry"))
    page.goto("/forecasts?q=ferry")
    expect(page.locator("table.forecasts tbody tr").first).to_contain_text(
        re.compile("ferr", re.IGNORECASE)
    )


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example.org/</link>
<description>Local news</description>
<item><title>Ferry fares will rise in March, operator says</title>
<link>https://gazette.example.org/ferry-fares</link><pubDate>Tue, 02 Jul 2024 08:00:00 GMT</pubDate>
<description>Ferry fares will rise by 5% in March, the operator said on Monday. "We expect the
new boats to enter service next year," said Ravi Menon, its chief executive.</description></item>
<item><title>Harbour council likely to approve new pier</title>
<link>https://gazette.example.org/pier</link><pubDate>Wed, 03 Jul 2024 08:00:00 GMT</pubDate>
<description>The harbour council is likely to approve the new pier at its meeting next week,
councillors said. The mayor has pledged to finish it before the 2026 season.</description></item>
</channel></rss>
"""


UNLABELLED = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button')].filter(el => {
  if (el.tagName === 'BUTTON') return !el.textContent.trim() && !el.getAttribute('aria-label');
  const byFor = el.id && document.querySelector(`label[for="${el.id}"]`);
  return !byFor && !el.getAttribute('aria-label') && !el.closest('label');
}).map(el => el.outerHTML.slice(0, 80))"""


def _pages(client) -> list[str]:
    f = client.get("/api/forecasts").json()["forecasts"][0]
    own = [f"/forecasts/{f['id']}", f"/articles/{f['article']['id']}", f"/sources/{f['source']}"]
    return ["/forecasts", *own, "/due", "/matches", "/scores", "/ingest", "/login"]


def test_every_control_has_a_label_for_a_writer(page, client, token) -> None:
    _log_in(page, token, "/forecasts")
    for path in _pages(client):
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path


def test_pages_fit_a_phone_without_sideways_scrolling(page, client) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for path in _pages(client):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide at 390"


def test_the_keyboard_reaches_the_filters_and_the_first_forecast(page) -> None:
    page.goto("/forecasts")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('table.forecasts') !== null"):
            break
    else:
        raise AssertionError("Tab never reached the forecast table")
    assert page.evaluate("document.activeElement.tagName") == "A"
