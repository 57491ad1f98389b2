"""batch: many inputs -> article records as Parquet, analysed on a Dask cluster.

The public entry is `run(inputs, out, scheduler=None, workers=2, ...) -> BatchReport`; the
CLI's `prospects batch` wraps it, and `prospects.batch.output` reads what it wrote.

Inputs are WARC archives (.warc, .warc.gz: cut at record offsets, so one big archive feeds
every worker), JSON lines and Parquet files of articles (`text` and optional `title`, `url`,
`published`, `outlet`, `authors`, `genre`, `id`; cut at lines and at row groups), and any
files and folders `prospects analyze` reads (in groups of whole files). Each partition is one
task; each worker loads the spaCy pipeline once (`worker.PipelinePlugin`). A record is the one
`prospects analyze` gives for the same input.

Output, in `out` (docs/scale.md has every column):

    manifest.json                    done partitions (range, digest, counts, files, errors),
                                     failed ones with their error, the options, the bad inputs
    articles/part-<id>.parquet       one row per article: ArticleRecord.to_dict(include_text=
                                     True) as nested columns (tables.ARTICLES)
    forecasts/part-<id>.parquet      one row per forecast, keyed by article_id (tables.FORECASTS)
    quotes/part-<id>.parquet         one row per quote (tables.QUOTES)
    sources/part-<id>.parquet        one row per source of each article (tables.SOURCES)

Every file is written whole (temporary name, then os.replace), the manifest last; the output is
what the manifest lists as done. A rerun keeps the done partitions whose input range and
options are unchanged and does the rest; a partition that fails twice is listed in the
manifest with its error while the others finish; an article that fails is an `input: reason`
line in its partition's errors.
"""

from prospects.batch.runner import BatchError, BatchReport, Listener, run

__all__ = ["BatchError", "BatchReport", "Listener", "run"]
