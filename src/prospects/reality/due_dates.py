"""When is a forecast due? Stated horizon ends, and default windows for vague or missing ones."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources

import yaml

from prospects.reality.views import ForecastView


@cache
def default_windows() -> dict[str, int]:
    """Days per horizon precision (and `none`) from data/default_windows.yaml."""
    text = resources.files("prospects.reality").joinpath("data/default_windows.yaml").read_text()
    return {str(k): int(v) for k, v in yaml.safe_load(text).items()}


def stated_end(view: ForecastView) -> date | None:
    """The horizon end for scoring: the stated end, or a vague horizon's default window.

    None means the forecast states no horizon; such a forecast counts once resolved.
    """
    if view.horizon_end is not None:
        return view.horizon_end
    if view.horizon_precision is None:
        return None
    days = default_windows().get(view.horizon_precision)
    start = view.horizon_start or view.published
    if days is None or start is None:
        return None
    return start + timedelta(days=days)


def due_date(view: ForecastView) -> date | None:
    """When the forecast should be looked at: its horizon end, else a default window."""
    end = stated_end(view)
    if end is not None:
        return end
    start = view.horizon_start or view.published
    if start is None:
        return None
    return start + timedelta(days=default_windows()["none"])


def horizon_ended(view: ForecastView, today: date) -> bool:
    """The stated (or default-window) horizon is over: the day after its end has begun."""
    end = stated_end(view)
    return end is not None and end < today
