"""The Ledger library on SQLite and PostgreSQL: store, identity, sources, resolutions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ledger.ledger_records import KOFMAN_TEXT, group, make_record, person
from prospects.ledger import Ledger, LedgerError
from prospects.records import Question, Resolution

OTHER_TEXT = (
    "Kofman, senior fellow at Carnegie, said Ukraine could hold the line through the winter. "
    "U.S. officials said aid is expected to pass next month."
)


def kofman_record(**kw):
    return make_record(
        KOFMAN_TEXT,
        [
            {
                "text": "a major breakthrough by Russia is now unlikely",
                "source": "s1",
                "probability": 0.2,
            },
            {
                "text": "Russia is unlikely to make gains this year",
                "source": "s2",
                "probability": 0.25,
                "horizon_end": date(2024, 12, 31),
            },
        ],
        [
            person(
                "s1", "Michael Kofman", "Carnegie Endowment for International Peace", KOFMAN_TEXT
            ),
            group("s2", "U.S. officials"),
        ],
        **kw,
    )


def other_record(affiliation="Carnegie", name="Kofman", **kw):
    return make_record(
        OTHER_TEXT,
        [
            {
                "text": "Ukraine could hold the line through the winter",
                "source": "s1",
                "probability": 0.5,
            },
            {
                "text": "aid is expected to pass next month",
                "source": "s2",
                "kind": "expectation",
                "probability": 0.8,
            },
        ],
        [person("s1", name, affiliation, OTHER_TEXT), group("s2", "U.S. officials")],
        outlet="Other Post",
        published=date(2024, 8, 1),
        **kw,
    )


def test_store_is_idempotent_and_says_so(ledger: Ledger) -> None:
    first = ledger.store(kofman_record(path="a.txt"))
    again = ledger.store(kofman_record(path="elsewhere/a.html"))
    assert first.status == "new"
    assert again.status == "unchanged"
    assert again.forecast_ids == tuple(
        sorted(first.forecast_ids, key=lambda i: first.forecast_ids.index(i))
    )
    assert ledger.counts()["articles"] == 1
    assert len(ledger.forecasts()) == 2


def test_forecast_ids_are_short_prefix_unique_and_stable_across_pipelines(ledger: Ledger) -> None:
    first = ledger.store(kofman_record())
    assert all(len(i) == 10 and int(i, 16) >= 0 for i in first.forecast_ids)
    breakthrough = first.forecast_ids[0]
    resolution = ledger.append_resolution(
        Resolution(
            breakthrough, "yes", "no breakthrough by Jan", "tester", date(2025, 1, 31), hash="h1"
        )
    )
    # a newer pipeline: the first forecast gets a better proposition and a shifted span,
    # the second disappears, a third appears
    text = KOFMAN_TEXT
    newer = make_record(
        text,
        [
            {
                "text": "a major breakthrough by Russia is now unlikely.",
                "proposition": "a major breakthrough by Russia",
                "source": "s1",
            },
            {"text": "U.S. officials said Russia", "source": "s2"},
        ],
        [person("s1", "Michael Kofman", None, text), group("s2", "U.S. officials")],
        pipeline="prospects test; v2",
    )
    updated = ledger.store(newer)
    assert updated.status == "updated"
    assert updated.forecast_ids[0] == breakthrough
    assert first.forecast_ids[1] in updated.retired
    row = ledger.forecast(breakthrough[:6])
    assert row is not None and row.proposition == "a major breakthrough by Russia"
    assert row.pipeline == "prospects test; v2"
    assert row.resolution == "yes"
    assert ledger.resolutions(breakthrough) == [resolution]
    listed = {f.id for f in ledger.forecasts()}
    assert first.forecast_ids[1] not in listed
    retired = ledger.forecast(first.forecast_ids[1])
    assert retired is not None and retired.retired


def test_prefix_lookup_refuses_short_and_finds_none(ledger: Ledger) -> None:
    ledger.store(kofman_record())
    with pytest.raises(LedgerError, match="too short"):
        ledger.forecast("ab")
    assert ledger.forecast("ffffffffff") is None or ledger.forecast("ffffffffff").id == "ffffffffff"


def test_same_person_across_articles_is_one_source(ledger: Ledger) -> None:
    ledger.store(kofman_record())
    ledger.store(other_record())
    kofmans = [s for s in ledger.sources() if s.type == "person"]
    assert len(kofmans) == 1
    assert kofmans[0].name == "Michael Kofman"
    assert kofmans[0].articles == 2 and kofmans[0].forecasts == 2
    officials = [s for s in ledger.sources() if s.name == "U.S. officials"]
    assert len(officials) == 1 and officials[0].articles == 2
    assert len(ledger.forecasts(source="Kofman")) == 2


def test_same_surname_different_affiliation_stays_apart(ledger: Ledger) -> None:
    ledger.store(kofman_record())
    ledger.store(other_record(affiliation="RAND Corporation", name="Anna Kofman"))
    people = sorted(s.name for s in ledger.sources() if s.type == "person")
    assert people == ["Anna Kofman", "Michael Kofman"]
    ledger2 = ledger
    # the same surname alone with a contradicting affiliation is also someone else
    third = make_record(
        "Kofman of the Brookings Institution said a deal is unlikely.",
        [{"text": "a deal is unlikely", "source": "s1"}],
        [person("s1", "Kofman", "Brookings Institution")],
    )
    ledger2.store(third)
    assert len([s for s in ledger.sources() if s.type == "person"]) == 3


def test_groups_are_kept_per_name_and_anonymity(ledger: Ledger) -> None:
    text = "Officials said talks are likely. Officials (named) said a vote is likely."
    rec = make_record(
        text,
        [
            {"text": "talks are likely", "source": "s1"},
            {"text": "a vote is likely", "source": "s2"},
        ],
        [group("s1", "officials", True), group("s2", "Officials", False)],
    )
    ledger.store(rec)
    groups = [s for s in ledger.sources() if s.type == "group"]
    assert sorted(g.anonymous for g in groups) == [False, True]


def test_merge_and_split_survive_reingest(ledger: Ledger) -> None:
    ledger.store(kofman_record())
    ledger.store(other_record(affiliation="RAND Corporation", name="Mike Kofman"))
    people = {s.name: s.id for s in ledger.sources() if s.type == "person"}
    assert len(people) == 2
    kept = ledger.merge_sources(people["Michael Kofman"], people["Mike Kofman"])
    assert kept.forecasts == 2
    # a new analysis of the second article lands on the merged source again
    ledger.store(other_record(affiliation="RAND Corporation", name="Mike Kofman", pipeline="v2"))
    assert [s.id for s in ledger.sources() if s.type == "person"] == [kept.id]
    assert len(ledger.forecasts(source=kept.id)) == 2

    other_id = ledger.forecasts(outlet="other post")[0].article.id
    split = ledger.split_source(kept.id, [other_id[:8]], name="Mike Kofman (RAND)")
    assert split.id != kept.id and split.forecasts == 1
    ledger.store(other_record(affiliation="RAND Corporation", name="Mike Kofman", pipeline="v3"))
    by_outlet = {f.article.outlet: f.source.id for f in ledger.forecasts(source="kofman")}
    assert by_outlet == {"Example Times": kept.id, "Other Post": split.id}


def test_listing_filters(ledger: Ledger) -> None:
    ledger.store(kofman_record())
    ledger.store(other_record())
    assert [f.kind for f in ledger.forecasts(kind="expectation")] == ["expectation"]
    assert {f.article.outlet for f in ledger.forecasts(outlet="OTHER POST")} == {"Other Post"}
    assert len(ledger.forecasts(since=date(2024, 7, 15))) == 2
    assert [f.probability for f in ledger.forecasts(min_prob=0.75)] == [0.8]
    assert len(ledger.forecasts(search="winter UKRAINE")) == 1
    assert ledger.forecasts(search="100%") == []
    due = ledger.forecasts(due=True, today=date(2025, 1, 1))
    assert [f.text for f in due] == ["Russia is unlikely to make gains this year"]
    assert ledger.forecasts(due=True, today=date(2024, 12, 1)) == []
    # newest article first
    assert ledger.forecasts()[0].article.outlet == "Other Post"
    assert len(ledger.forecasts(limit=1)) == 1
    first = ledger.forecasts(unresolved=True)
    ledger.append_resolution(Resolution(first[0].id, "no", "e", "t", date(2025, 1, 1), hash="x"))
    assert len(ledger.forecasts(unresolved=True)) == len(first) - 1
    d = ledger.forecasts(limit=1)[0].to_dict()
    assert d["article"]["outlet"] == "Other Post"
    assert d["source_name"] in {"Michael Kofman", "U.S. officials"}
    assert {"source_type", "source_anonymous", "resolution", "likelihood"} <= d.keys()


def test_resolution_log_is_a_chain_that_cannot_fork(ledger: Ledger) -> None:
    fid = ledger.store(kofman_record()).forecast_ids[0]
    assert ledger.last_resolution_hash() is None
    first = ledger.append_resolution(Resolution(fid, "yes", "ev", "me", date(2025, 1, 1), hash="a"))
    assert first.seq is not None and first.recorded_at is not None
    assert ledger.last_resolution_hash() == "a"
    with pytest.raises(ValueError):
        ledger.append_resolution(Resolution(fid, "no", "ev", "me", date(2025, 1, 2), hash="b"))
    with pytest.raises(ValueError):
        ledger.append_resolution(
            Resolution(fid, "no", "ev", "me", date(2025, 1, 2), prev_hash="zz", hash="b")
        )
    second = ledger.append_resolution(
        Resolution(
            fid, "no", "ev", "me", date(2025, 1, 2), prev_hash="a", hash="b", method="question"
        )
    )
    log = ledger.resolutions()
    assert [r.hash for r in log] == ["a", "b"] and log[1] == second
    assert log[0].recorded_at == first.recorded_at
    assert ledger.forecast(fid).resolution == "no"


def test_questions_upsert_and_filter(ledger: Ledger) -> None:
    q = Question(
        "m:1", "metaculus", "Will Russia take Kyiv by 2025?", 0, date(2025, 1, 1), topics=("war",)
    )
    assert ledger.load_questions([q, Question("m:2", "metaculus", "Will it rain?", 1)]) == 2
    ledger.load_questions([replace(q, outcome=1)])
    assert [x.id for x in ledger.questions()] == ["m:1", "m:2"]
    assert ledger.questions("russia kyiv") == [replace(q, outcome=1)]


def test_article_lookup_returns_record_with_text(ledger: Ledger) -> None:
    result = ledger.store(kofman_record())
    stored = ledger.article(result.article_id[:7])
    assert stored is not None
    assert stored.record.article.text == KOFMAN_TEXT
    assert [f.id for f in stored.forecasts] == list(result.forecast_ids)


def test_two_ledgers_on_one_database_both_write(db_url: str) -> None:
    with Ledger(db_url) as a, Ledger(db_url) as b:
        a.store(kofman_record())
        b.store(other_record())
        assert a.counts()["articles"] == 2


def test_counters_kept_by_new_articles_equal_a_recount(ledger: Ledger) -> None:
    """A new article adds to its sources' counters instead of recounting them; the sums must be
    what a recount finds, also when two speakers are one source or the author is not listed."""
    from prospects.ledger import schema
    from prospects.ledger.engine import writing
    from prospects.ledger.store import recount

    ledger.store(kofman_record())
    ledger.store(other_record())
    text = "Kofman said a deal is unlikely. Michael Kofman said talks will likely fail."
    two_names = make_record(
        text,
        [
            {"text": "a deal is unlikely", "source": "s1"},
            {"text": "talks will likely fail", "source": "s2"},
        ],
        [person("s1", "Kofman"), person("s2", "Michael Kofman")],
    )
    ledger.store(two_names)
    unlisted = replace(
        make_record(
            "The outlet thinks rates will likely fall.", [{"text": "rates will likely fall"}]
        ),
        sources=(),
    )
    ledger.store(unlisted)
    kept = {s.id: (s.articles, s.forecasts) for s in ledger.sources()}
    with writing(ledger.engine) as conn:
        recount(conn, conn.execute(schema.sources.select()).scalars())
    recounted = {s.id: (s.articles, s.forecasts) for s in ledger.sources()}
    assert kept == recounted
    kofman = next(s for s in ledger.sources() if s.type == "person")
    assert (kofman.articles, kofman.forecasts) == (3, 4)
    assert sum(forecasts for _, forecasts in kept.values()) == ledger.counts()["forecasts"]


def test_statements_sent_together_fail_as_sqlalchemy_errors(ledger: Ledger) -> None:
    """On PostgreSQL a stored article's inserts are sent together (pipeline mode) and an error
    among them comes back on leaving the block; it must still be SQLAlchemy's IntegrityError,
    which `Ledger.retrying` and the one-line messages know, and the transaction must roll back."""
    from sqlalchemy import exc

    from prospects.ledger import schema
    from prospects.ledger.engine import pipelined, writing

    question = {
        "id": "q1",
        "platform": "test",
        "question": "Will it?",
        "outcome": 1,
        "topics": "[]",
    }
    with pytest.raises(exc.IntegrityError), writing(ledger.engine) as conn, pipelined(conn):
        conn.execute(schema.questions.insert(), question)
        conn.execute(schema.questions.insert(), question)
    assert ledger.questions() == []
