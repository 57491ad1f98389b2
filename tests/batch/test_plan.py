"""Partitions: every input is cut where a reader can start, and the partitions of a file, read one
by one, give the articles that reading the whole file gives. No NLP here."""

from __future__ import annotations

import gzip
import itertools
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from batch.batch_support import EXAMPLES, article_rows, write_jsonl, write_warc
from prospects.batch import cuts, read
from prospects.batch.plan import plan
from prospects.ingest import read as ingest_read
from prospects.records import Article, IngestError


def _items(partitions, published=None):
    found = []
    for partition in partitions:
        found.extend(read.items(partition, published=published, max_bytes=20 << 20))
    return found


def _dicts(items):
    return sorted(
        json.dumps(i.to_dict(include_text=True), sort_keys=True, default=str)
        if isinstance(i, Article)
        else str(i)
        for i in items
    )


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_is_cut_at_records_and_reads_as_the_whole_archive(tmp_path, compressed):
    crawl = write_warc(tmp_path / ("c.warc.gz" if compressed else "c.warc"), 40, gzip=compressed)
    found = plan([str(crawl)], target_bytes=2048)
    assert len(found.partitions) > 5 and not found.errors
    spans = [(p.start, p.end) for p in found.partitions]
    assert spans[0][0] == 0 and spans[-1][1] == crawl.stat().st_size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))  # no gap, no overlap
    assert {p.kind for p in found.partitions} == {"warc"}
    assert sum(p.size for p in found.partitions) == crawl.stat().st_size
    assert _dicts(_items(found.partitions)) == _dicts(ingest_read([str(crawl)]))


def test_a_warc_gzipped_as_one_stream_is_one_partition(tmp_path):
    crawl = write_warc(tmp_path / "c.warc", 10, gzip=False)
    whole = tmp_path / "one-stream.warc.gz"
    whole.write_bytes(gzip.compress(crawl.read_bytes()))
    (partition,) = plan([str(whole)], target_bytes=512).partitions
    assert (partition.start, partition.end) == (0, whole.stat().st_size)
    assert _dicts(_items([partition])) == _dicts(ingest_read([str(whole)]))


def test_a_truncated_warc_gives_the_pages_before_the_damage_and_says_where(tmp_path):
    crawl = write_warc(tmp_path / "c.warc", 20, gzip=False)
    records = cuts.warc_ranges(str(crawl), 1)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(crawl.read_bytes()[: records[31].start + 400])  # inside a page's record
    found = plan([str(cut)], target_bytes=2048).partitions
    items = _items(found)
    whole = list(ingest_read([str(cut)]))
    articles = [i for i in items if isinstance(i, Article)]
    assert _dicts(articles) == _dicts(i for i in whole if isinstance(i, Article))
    assert len(articles) == 10
    (error,) = [i for i in items if isinstance(i, IngestError)]
    (expected,) = [i for i in whole if isinstance(i, IngestError)]
    assert error.input == expected.input == str(cut)
    assert "truncated or corrupt WARC" in error.reason and "is cut short" in error.reason
    assert error.reason.endswith(f"(counted from byte {found[-1].start}, where this part starts)")


def test_a_folder_reads_as_prospects_analyze_reads_it_from_any_working_directory(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(EXAMPLES.parents[1])
    found = plan(["examples/articles"], target_bytes=1 << 20)
    kinds = sorted(p.kind for p in found.partitions)
    assert kinds == ["files", "warc"]
    expected = _dicts(ingest_read(["examples/articles"]))
    monkeypatch.chdir(tmp_path)  # a worker's working directory is its own
    items = _items(found.partitions)
    assert _dicts(items) == expected
    assert all(i.path.startswith("examples/articles/") for i in items if isinstance(i, Article))


def test_jsonl_lines_are_cut_into_ranges_and_named_by_id_or_line(tmp_path):
    rows = article_rows(9)
    rows.insert(3, {"text": ""})
    source = write_jsonl(tmp_path / "a.jsonl", rows)
    with source.open("a", encoding="utf-8") as handle:
        handle.write("\nnot json\n")
    small = plan([str(source)], target_bytes=200)
    assert len(small.partitions) > 3
    items = _items(small.partitions)
    assert _dicts(items) == _dicts(_items(plan([str(source)], target_bytes=1 << 20).partitions))
    names = [i.path if isinstance(i, Article) else i.input for i in items]
    assert names[:4] == [f"{source}#row-0", f"{source}#2", f"{source}#row-2", f"{source}#4"]
    assert [str(i) for i in items if isinstance(i, IngestError)] == [
        f"{source}#4: empty",
        f"{source}#12: not a JSON line: Expecting value: line 1 column 1 (char 0)",
    ]


def test_parquet_row_groups_give_the_articles_of_the_same_rows_as_jsonl(tmp_path):
    rows = article_rows(12)
    table = pa.Table.from_pylist(rows)
    source = tmp_path / "a.parquet"
    pq.write_table(table, source, row_group_size=3)
    found = plan([str(source)], target_bytes=1)
    assert [(p.start, p.end, p.first) for p in found.partitions] == [
        (0, 1, 1), (1, 2, 4), (2, 3, 7), (3, 4, 10),
    ]  # fmt: skip
    from_parquet = _items(found.partitions)
    from_jsonl = _items(plan([str(write_jsonl(tmp_path / "a.jsonl", rows))], 1 << 20).partitions)
    assert len(from_parquet) == 12
    same = [
        json.dumps(i.to_dict(include_text=True) | {"path": None}, default=str) for i in from_parquet
    ]
    assert same == [
        json.dumps(i.to_dict(include_text=True) | {"path": None}, default=str) for i in from_jsonl
    ]


def test_a_changed_range_changes_its_digest_only(tmp_path):
    rows = article_rows(8)
    source = write_jsonl(tmp_path / "a.jsonl", rows)
    before = plan([str(source)], target_bytes=300).partitions
    rows[-1] = {**rows[-1], "text": rows[-1]["text"].replace("Report", "Record")}  # same length
    write_jsonl(source, rows)
    after = plan([str(source)], target_bytes=300).partitions
    assert [p.id for p in after] == [p.id for p in before]
    changed = [a.id for a, b in zip(after, before, strict=True) if a.digest != b.digest]
    assert changed == [after[-1].id]
    rows[-1] = {**rows[-1], "text": rows[-1]["text"] + " And more."}  # the last range grows
    write_jsonl(source, rows)
    longer = plan([str(source)], target_bytes=300).partitions
    assert [p.id for p in longer][:-1] == [p.id for p in before][:-1]
    assert longer[-1].id != before[-1].id


def test_inputs_that_give_no_partition_are_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "no-text.parquet")
    (tmp_path / "broken.parquet").write_bytes(b"not parquet at all")
    named = ["missing.txt", "-", str(tmp_path / "empty"), str(tmp_path / "no-text.parquet"),
             str(tmp_path / "broken.parquet")]  # fmt: skip
    found = plan(named, target_bytes=1024)
    assert found.partitions == ()
    reasons = [e.reason for e in found.errors]
    assert reasons[0] == "no such file or folder"
    assert "stdin cannot be split" in reasons[1]
    assert reasons[2].startswith("no readable article in this folder")
    assert reasons[3] == "Parquet file without a text column (columns: body)"
    assert reasons[4].startswith("not a Parquet file")


def test_an_input_named_twice_is_one_partition(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl", article_rows(2))
    assert len(plan([str(source), str(source)], target_bytes=1 << 20).partitions) == 1
