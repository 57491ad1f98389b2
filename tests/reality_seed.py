"""The seed article's forecasts as the ledger would hand them to reality (spec/seed-gold.jsonl)."""

from __future__ import annotations

from datetime import date

from prospects.reality.views import ForecastView

PUBLISHED = date(2024, 7, 10)


def seed_views() -> list[ForecastView]:
    def v(i, proposition, kind, p, source, stype, anonymous=False, **kw):
        return ForecastView(
            id=f"seed-{i}",
            proposition=proposition,
            kind=kind,
            probability=p,
            text=proposition,
            published=PUBLISHED,
            outlet="example",
            source_name=source,
            source_type=stype,
            anonymous=anonymous,
            **kw,
        )

    return [
        v(
            1,
            "Russia make significant territorial gains in Ukraine in the coming months",
            "prediction",
            0.2,
            "U.S. officials",
            "group",
            True,
            horizon_end=date(2025, 1, 10),
            horizon_precision="vague",
            horizon_cue="coming months",
        ),
        v(2, "a major breakthrough by Russia", "prediction", 0.2, "Michael Kofman", "person"),
        v(3, "leaders pledge new funding for Ukraine", "expectation", 0.8, None, "author"),
        v(
            4,
            "allied leaders approve language this week",
            "expectation",
            0.8,
            None,
            "author",
            horizon_end=date(2024, 7, 14),
            horizon_precision="week",
        ),
        v(
            5,
            "Ukraine recapture all of its territory",
            "prediction",
            0.05,
            "U.S. officials",
            "group",
            True,
        ),
        v(
            6,
            "Ukraine emerge victorious from the war",
            "prediction",
            0.4,
            "officials",
            "group",
            True,
        ),
        v(
            7,
            "Russia make significant progress",
            "conditional",
            0.4,
            "American officials",
            "group",
            True,
            condition="a major strategic shift occurred",
        ),
        v(
            8,
            "initiate peace negotiations between Russia and Ukraine",
            "pledge",
            None,
            "Donald J. Trump",
            "person",
            condition="elected",
        ),
        v(
            9,
            "a swift negotiation force Ukraine to cede large swathes of territory",
            "conditional",
            0.7,
            None,
            "author",
            condition="swift negotiation",
        ),
    ]
