"""Screenshots of every page of the web UI, at 1280 px and at a 390 px phone width, over a ledger
filled as `make run` fills it: `python scripts/screenshots.py [--db prospects.db] [--out DIR]`
(default test-output/screenshots/pages). Needs Debian's chromium at /usr/bin/chromium."""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from prospects.ledger import Ledger
from prospects.web import create_app
from prospects.web.server import serving

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pages(ledger: Ledger) -> dict[str, str]:
    f = next(r for r in ledger.iter_forecasts(limit=50) if r.source.type == "person")
    return {
        "forecasts": "/forecasts",
        "forecasts-search": "/forecasts?q=rates&sort=probability",
        "forecast": f"/forecasts/{f.id}",
        "article": f"/articles/{f.article.id}",
        "source": f"/sources/{f.source.id}",
        "sources": "/sources",
        "due": "/due",
        "matches": "/matches",
        "scores": "/scores",
        "ingest": "/ingest",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=str(ROOT / "prospects.db"))
    parser.add_argument("--out", type=Path, default=ROOT / "test-output" / "screenshots" / "pages")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with Ledger(args.db) as ledger, serving(create_app(ledger)) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in pages(ledger).items():
                page.goto(base + path)
                if name == "article":
                    page.locator("mark.forecast[tabindex]").first.focus()
                target = args.out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=name != "article")
                print(target.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
