"""nlp: Article -> ArticleRecord with a spaCy pipeline and prospects' registered components."""

from prospects.nlp.pipeline import DEFAULT_MODEL, analyze, analyze_many, load

__all__ = ["DEFAULT_MODEL", "analyze", "analyze_many", "load"]
