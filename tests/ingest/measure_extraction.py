"""How often the short-body check (issue 17 item 6 c) and the link-list drop (g) fire.

Run: .venv/bin/python tests/ingest/measure_extraction.py

Pages: the HTML of examples/articles (files and WARC records) and every article text of
../shared/data (news2019, wikinews, reuters1987, polnear train/dev) set as an HTML page (a
navigation bar, the headline, one <p> per paragraph, a footer), as a publisher would serve it.
The texts say how often the checks fire on normal articles, where each firing is a false alarm;
the bundled pages are real page layouts. Not a test: it prints counts, it asserts nothing.
"""

from __future__ import annotations

import html
import statistics
import sys
from pathlib import Path

from prospects.ingest import body, read, read_bytes
from prospects.ingest.html import plain_text
from prospects.records import Article, count_words

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
CORPORA = ["news2019/text", "wikinews/text", "reuters1987/text", "polnear/train/text",
           "polnear/dev/text"]  # fmt: skip


def as_page(text: str) -> bytes:
    blocks = [b.strip() for b in (text.split("\n\n") if "\n\n" in text else text.splitlines())]
    blocks = [" ".join(b.split()) for b in blocks if b.strip()]
    title, paras = (blocks[0], blocks[1:]) if len(blocks) > 1 else ("Untitled", blocks)
    inner = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{inner}</article>"
        "<footer>Copyright</footer></body></html>"
    ).encode()


def fired(article: Article) -> tuple[bool, bool]:
    return (
        any(w.startswith("extracted body is") for w in article.warnings),
        any(w.startswith("dropped ") for w in article.warnings),
    )


def main() -> None:
    rows: list[tuple[str, str, bool, bool, float]] = []
    prose_shares: list[float] = []
    bundled = sorted((ROOT / "examples" / "articles").glob("*.html"))
    bundled += sorted((ROOT / "examples" / "articles").glob("*.warc.gz"))
    for path in bundled:
        for item in read([path]):
            if isinstance(item, Article):
                rows.append(("bundled", str(item.path), *fired(item), 1.0))
    for corpus in CORPORA:
        folder = SHARED / corpus
        if not folder.is_dir():
            print(f"missing: {folder}", file=sys.stderr)
            continue
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            page = as_page(text)
            (item,) = read_bytes(page, path.name)
            if not isinstance(item, Article):
                print(f"{path}: {item.reason}", file=sys.stderr)
                continue
            visible = body.prose_words(plain_text(page.decode()))
            ratio = count_words(item.text) / visible if visible else 1.0
            rows.append((corpus.split("/")[0], str(path), *fired(item), ratio))
            words = count_words(item.text)
            if words:
                prose_shares.append(body.prose_words(item.text) / words)
    for name in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == name]
        short = [r[1] for r in mine if r[2]]
        lists = [r[1] for r in mine if r[3]]
        print(f"{name}: {len(mine)} pages, short-body warning on {len(short)}, "
              f"link list dropped on {len(lists)}")  # fmt: skip
        for path in short + lists:
            print(f"  {path}")
    ratios = sorted(r[4] for r in rows if r[0] != "bundled")
    if ratios:
        print(f"body/visible-prose ratio on the corpus pages: min {ratios[0]:.2f}, "
              f"median {statistics.median(ratios):.2f}")  # fmt: skip
    if prose_shares:
        prose_shares.sort()
        low = prose_shares[len(prose_shares) // 100]
        print(f"prose share of the bodies: min {prose_shares[0]:.2f}, 1st percentile {low:.2f}, "
              f"below {body.share('article_prose_share')}: "
              f"{sum(s < body.share('article_prose_share') for s in prose_shares)}")  # fmt: skip


if __name__ == "__main__":
    main()
