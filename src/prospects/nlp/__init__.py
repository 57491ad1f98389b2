"""nlp: Article -> ArticleRecord with a spaCy pipeline and prospects' registered components."""

# importing a component module registers its spaCy factory: prospects_paragraphs,
# prospects_quotes, prospects_forecasts
from prospects.nlp import forecasts, paragraphs, quotes  # noqa: F401
from prospects.nlp.pipeline import DEFAULT_MODEL, analyze, analyze_many, load

__all__ = ["DEFAULT_MODEL", "analyze", "analyze_many", "load"]
