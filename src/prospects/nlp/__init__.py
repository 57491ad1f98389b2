"""nlp: Article -> ArticleRecord with a spaCy pipeline and prospects' registered components."""

from prospects.nlp import quotes  # noqa: F401  (registers the prospects_quotes factory)
from prospects.nlp import forecasts  # noqa: F401  (registers the prospects_forecasts factory)
from prospects.nlp.pipeline import DEFAULT_MODEL, analyze, analyze_many, load

__all__ = ["DEFAULT_MODEL", "analyze", "analyze_many", "load"]
