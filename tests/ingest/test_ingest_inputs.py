"""What an input names: files, folders, globs, stdin; order, identity, and the batch going on."""

from __future__ import annotations

import io
import shutil

from conftest import EXAMPLES, SEED
from prospects.ingest import read
from prospects.records import Article, IngestError

BODY = "Headline {n}\n\nThe bank will probably cut rates by {n} points.\n"


def write(path, n: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BODY.format(n=n), encoding="utf-8")


def test_folder_is_read_recursively_in_path_order_skipping_hidden_and_sidecars(tmp_path):
    write(tmp_path / "b.txt", 2)
    write(tmp_path / "a" / "z.md", 1)
    write(tmp_path / "c" / "d" / "e.html", 3)  # no markup: sniffed by extension, read as HTML
    write(tmp_path / ".hidden.txt", 9)
    write(tmp_path / ".git" / "x.txt", 9)
    (tmp_path / "b.meta.yaml").write_text("title: From sidecar\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    items = list(read([tmp_path]))
    assert all(isinstance(i, Article) for i in items), items
    assert [i.path for i in items] == [
        str(tmp_path / "a" / "z.md"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "c" / "d" / "e.html"),
    ]
    assert items[1].title == "From sidecar"


def test_glob_pattern_expands_sorted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "x" / "2.txt", 2)
    write(tmp_path / "x" / "y" / "1.txt", 1)
    write(tmp_path / "x" / "3.html", 3)
    items = list(read(["x/**/*.txt"]))
    assert [i.path for i in items] == ["x/2.txt", "x/y/1.txt"]


def test_glob_over_the_examples_reads_html():
    items = list(read([f"{EXAMPLES}/**/*.html"]))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert items[0].outlet == "Harbour Street Journal"


def test_stdin_is_read_through_the_stdin_argument():
    data = SEED.read_bytes()
    (article,) = read(["-"], stdin=io.BytesIO(data))
    assert isinstance(article, Article)
    assert article.path is None
    assert article.text == data.decode("utf-8")
    assert article.published is None  # no file name, no sidecar


def test_stdin_html():
    html = (EXAMPLES / "central-bank-holds-rates.html").read_bytes()
    (article,) = read(["-"], stdin=io.BytesIO(html))
    assert isinstance(article, Article)
    assert article.published_basis == "metadata" and article.path is None


def test_same_text_from_two_paths_is_one_article(tmp_path):
    shutil.copy(SEED, tmp_path / "copy.txt")
    first, second = read([SEED, tmp_path / "copy.txt"])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.path != second.path
    assert first.id == second.id


def test_output_follows_input_order_and_errors_do_not_stop_the_batch(tmp_path):
    write(tmp_path / "one.txt", 1)
    write(tmp_path / "two.txt", 2)
    (tmp_path / "empty.txt").write_bytes(b"")
    items = list(read([tmp_path / "two.txt", tmp_path / "missing.txt", tmp_path / "empty.txt",
                       tmp_path / "one.txt"]))  # fmt: skip
    assert [type(i).__name__ for i in items] == ["Article", "IngestError", "IngestError", "Article"]
    assert items[0].text.startswith("Headline 2") and items[3].text.startswith("Headline 1")


def test_read_is_lazy(tmp_path):
    write(tmp_path / "one.txt", 1)
    stream = read([tmp_path / "one.txt", tmp_path / "not-yet.txt"])
    first = next(stream)
    write(tmp_path / "not-yet.txt", 2)  # created after the first article came out
    second = next(stream)
    assert isinstance(first, Article) and isinstance(second, Article)


def test_a_single_path_string_is_one_input():
    items = list(read(str(SEED)))  # type: ignore[arg-type]
    assert len(items) == 1 and isinstance(items[0], Article)


def test_examples_folder_reads_every_example():
    items = list(read([EXAMPLES]))
    assert not [i for i in items if isinstance(i, IngestError)]
    paths = [i.path for i in items]
    assert len(items) == 6  # the page, the crawl, three feed entries, the seed
    assert paths == sorted(paths)
    assert not any(p.endswith(".meta.yaml") for p in paths)
