"""ingest: inputs (paths, folders, globs, stdin; text, HTML, RSS/Atom, WARC) -> Article records.

The one public entry is `read()`. Bad inputs come out as `IngestError` values, never exceptions,
so one bad file never stops a batch.
"""
