"""A ledger filled as `make run` fills it (the bundled examples, the seed's rule file), copied
for each test so that writes don't leak; the app over it; a writer's token."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from prospects import ingest, reality
from prospects.ledger import Ledger
from prospects.ledger.loading import ingest_articles
from prospects.records import Article
from prospects.web import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
RULES = ROOT / "examples" / "rules" / "seed-2024-07.yaml"


@pytest.fixture(scope="session")
def filled(tmp_path_factory, nlp) -> Path:
    path = tmp_path_factory.mktemp("web") / "filled.db"
    with Ledger(str(path)) as ledger:
        articles = [a for a in ingest.read([EXAMPLES]) if isinstance(a, Article)]
        ingest_articles(ledger, articles, nlp)
        reality.apply_rule_file(ledger, RULES)
    return path


@pytest.fixture
def ledger(filled, tmp_path) -> Iterator[Ledger]:
    copy = tmp_path / "ledger.db"
    shutil.copy(filled, copy)
    with Ledger(str(copy)) as opened:
        yield opened


@pytest.fixture
def app(ledger, nlp):
    made = create_app(ledger, secret="test-secret")
    made.state.nlp = lambda: nlp  # the session's pipeline, not a second load
    return made


@pytest.fixture
def client(app) -> TestClient:
    return TestClient(app)


@pytest.fixture
def token(ledger) -> str:
    _, secret = ledger.create_token("tester")
    return secret


@pytest.fixture
def writer(client, token) -> TestClient:
    """The client logged in: a session cookie, and the page's CSRF token to post with."""
    response = client.post("/login", data={"token": token, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def csrf_of(client: TestClient, path: str) -> str:
    """The CSRF field of the first form on `path`."""
    import re

    html = client.get(path).text
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # the report of each phase, on the test item, so a fixture's teardown knows it failed
    outcome = yield
    setattr(item, f"rep_{call.when}", outcome.get_result())


@pytest.fixture(scope="session")
def browser():
    from web.browser import browser_session

    yield from browser_session()


@pytest.fixture
def live(app):
    from prospects.web.server import serving

    with serving(app) as url:
        yield url


@pytest.fixture
def page(browser, live, request):
    from web.browser import keep_screenshot

    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(str(exc)))
    opened.on(
        "dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss())
    )
    opened.problems = problems
    yield opened
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        keep_screenshot(opened, request.node.name)
    context.close()
