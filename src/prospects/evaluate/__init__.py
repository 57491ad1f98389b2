"""evaluate: score the pipeline against annotated data."""
