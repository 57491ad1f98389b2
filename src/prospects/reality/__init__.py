"""Reality: resolve forecasts against what happened and score their sources.

The pure parts (scoring, the hash chain, indicator rules, platform questions, plots) work on
plain records (`ForecastView`, `Resolution`, `Question`); `resolve.py` ties them to the ledger.
"""

from prospects.reality.views import ForecastView

__all__ = ["ForecastView"]
