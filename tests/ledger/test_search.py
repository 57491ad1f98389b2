"""Full-text search of forecasts on SQLite (FTS5) and PostgreSQL (tsvector), kept in step with
every write, safe for any input."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.ledger_records import group, make_record, person
from prospects.ledger import Ledger, search

CEASEFIRE_TEXT = (
    "Kofman said a ceasefire is unlikely before the winter. "
    "U.S. officials said the well-known aid package is expected to pass in 3.5 weeks."
)
HARVEST_TEXT = (
    "Analysts said the harvest will probably fall short. The Élysée expects talks to resume."
)


def ceasefire_record(**kw):
    return make_record(
        CEASEFIRE_TEXT,
        [
            {
                "text": "a ceasefire is unlikely before the winter",
                "proposition": "a ceasefire is agreed before winter",
                "source": "s1",
            },
            {
                "text": "the well-known aid package is expected to pass in 3.5 weeks",
                "proposition": "the U.S. aid package passes",
                "source": "s2",
            },
        ],
        [person("s1", "Michael Kofman", "Carnegie", CEASEFIRE_TEXT), group("s2", "U.S. officials")],
        title=kw.pop("title", "Winter outlook"),
        **kw,
    )


def harvest_record(**kw):
    return make_record(
        HARVEST_TEXT,
        [
            {"text": "the harvest will probably fall short", "source": "s1"},
            {"text": "The Élysée expects talks to resume", "source": "author"},
        ],
        [group("s1", "Analysts")],
        title="Grain markets",
        outlet="Farm Weekly",
        published=date(2024, 8, 1),
        **kw,
    )


def found(ledger: Ledger, text: str, **filters) -> set[str]:
    rows = ledger.forecasts(search=text, **filters)
    assert ledger.count_forecasts(search=text, **filters) == len(rows)
    return {r.text for r in rows}


CEASEFIRE = "a ceasefire is unlikely before the winter"
AID = "the well-known aid package is expected to pass in 3.5 weeks"
HARVEST = "the harvest will probably fall short"
ELYSEE = "The Élysée expects talks to resume"


@pytest.fixture
def stored(ledger: Ledger) -> Ledger:
    ledger.store(ceasefire_record())
    ledger.store(harvest_record())
    return ledger


def test_every_word_must_match_anywhere_in_the_document(stored: Ledger) -> None:
    assert found(stored, "ceasefire") == {CEASEFIRE}
    assert found(stored, "CEASEFIRE winter") == {CEASEFIRE}
    assert found(stored, "ceasefire harvest") == set()
    # the proposition, the source's name and the article's title are searched too
    assert found(stored, "agreed") == {CEASEFIRE}
    assert found(stored, "kofman") == {CEASEFIRE}
    assert found(stored, "officials package") == {AID}
    assert found(stored, "grain") == {HARVEST, ELYSEE}
    assert found(stored, "outlook kofman") == {CEASEFIRE}
    # whole words, not parts of words (only the last word is also a prefix)
    assert found(stored, "ease winter") == set()


def test_last_word_is_also_a_prefix(stored: Ledger) -> None:
    assert found(stored, "ceasef") == {CEASEFIRE}
    assert found(stored, "wint ceasefire") == set()  # not a prefix unless last
    assert found(stored, "ceasefire wint") == {CEASEFIRE}
    # too short to be a prefix: "pa" is no word here, though "package" and "pass" begin with it
    assert found(stored, "pa") == set()


def test_words_as_the_tokenizer_reads_them(stored: Ledger) -> None:
    assert found(stored, "U.S.") == {AID}
    assert found(stored, "well-known") == {AID}
    assert found(stored, "3.5") == {AID}
    assert found(stored, "élysée") == {ELYSEE}
    assert found(stored, "ÉLYSÉE") == {ELYSEE}
    assert found(stored, "elysee") == set()  # accents are kept on both databases


def test_punctuation_alone_is_no_condition(stored: Ledger) -> None:
    everything = {CEASEFIRE, AID, HARVEST, ELYSEE}
    assert found(stored, "") == everything
    assert found(stored, "  ") == everything
    assert found(stored, "!!! ?") == everything
    assert found(stored, "harvest !!!") == {HARVEST}


def test_search_combines_with_filters_and_sorts(stored: Ledger) -> None:
    assert found(stored, "grain", outlet="farm weekly") == {HARVEST, ELYSEE}
    assert found(stored, "grain", outlet="other") == set()
    assert found(stored, "outlook", source="officials") == {AID}
    rows = stored.forecasts(search="grain", sort="source")
    assert [r.source.name for r in rows] == ["Analysts", "author (Farm Weekly)"]


def test_index_follows_reingest_retire_and_title(stored: Ledger) -> None:
    changed = make_record(
        CEASEFIRE_TEXT,
        [
            {
                "text": "a ceasefire is unlikely before the winter",
                "proposition": "fighting stops before spring",
                "source": "s1",
            }
        ],
        [person("s1", "Michael Kofman", "Carnegie", CEASEFIRE_TEXT), group("s2", "U.S. officials")],
        title="Cold season",
        pipeline="prospects test; v2",
    )
    stored.store(changed)
    assert found(stored, "spring fighting") == {CEASEFIRE}
    assert found(stored, "agreed") == set()
    assert found(stored, "cold season kofman") == {CEASEFIRE}
    assert found(stored, "outlook") == set()  # the old title is gone
    # the forecast the new analysis no longer has is retired: searchable only with retired ones
    assert found(stored, "package") == set()
    assert found(stored, "package", include_retired=True) == {AID}
    assert found(stored, "cold package", include_retired=True) == {AID}


def test_index_follows_source_rename_merge_and_split(stored: Ledger) -> None:
    sources = {s.name: s for s in stored.sources()}
    # a fuller name found later renames the person: "Kofman" was stored as "Michael Kofman"
    # here, so store a short name first in a ledger of its own text
    text = "Smith said prices will rise. Later, Jane Smith said wages will rise."
    stored.store(
        make_record(
            text,
            [{"text": "prices will rise", "source": "s1"}],
            [person("s1", "Smith", None, text)],
            title="Prices",
        )
    )
    assert found(stored, "smith prices") == {"prices will rise"}
    assert found(stored, "jane") == set()
    stored.store(
        make_record(
            text,
            [{"text": "prices will rise", "source": "s1"}],
            [person("s1", "Jane Smith", None, text)],
            title="Prices",
            pipeline="prospects test; v2",
        )
    )
    assert found(stored, "jane prices") == {"prices will rise"}

    kept = stored.merge_sources(sources["Analysts"].id, sources["U.S. officials"].id)
    assert found(stored, "analysts package") == {AID}
    assert found(stored, "officials package") == set()
    article = stored.forecasts(search="package")[0].article.id
    split = stored.split_source(kept.id, [article], name="State Department")
    assert split.name == "State Department"
    assert found(stored, "state department package") == {AID}
    assert found(stored, "analysts") == {HARVEST}


@pytest.mark.parametrize("checked", ["fetched", "checked one by one"])
def test_both_ways_of_answering_agree(
    stored: Ledger, monkeypatch: pytest.MonkeyPatch, checked: str
) -> None:
    """SQLite fetches every match, or reads the listing in order and checks each forecast
    (`search._many_matches`); both must give the same rows in the same order."""
    if checked == "checked one by one":
        monkeypatch.setattr(search, "_many_matches", lambda *_: True)
    for words in [
        "winter",
        "ceasefire wint",
        "ceasefire w",
        "u.s. pack",
        "grain",
        "talks resu",
        "zz",
    ]:
        expected = [r.id for r in stored.forecasts(search=words)]
        assert [r.id for r in stored.forecasts(search=words, limit=10)] == expected
    monkeypatch.setattr(search, "MAX_SPELLED", 0)  # a prefix of too many words: fetched
    assert found(stored, "ceasefire wint") == {CEASEFIRE}


def test_search_terms_are_never_syntax() -> None:
    assert search.fts5_query(search.words('say "NEAR" OR x* AND')) == (
        '"say" AND """NEAR""" AND "OR" AND "x*" AND "AND"*'
    )
    assert search.words("a\x00b ---") == ["a", "b"]


text_or_nasty = st.one_of(
    st.text(),
    st.text(alphabet="\"*:^()-+&|!<>'\\{}[]NEAROAND \x00\t", max_size=30),
    st.lists(st.sampled_from(['"', "*", "NEAR(", "AND", "OR", "NOT", ":*", "'", "a", "é"])).map(
        " ".join
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=text_or_nasty)
def test_any_text_as_search_never_raises(stored: Ledger, text: str) -> None:
    every = [r.id for r in stored.forecasts(search=text)]
    assert stored.count_forecasts(search=text) == len(every)
    assert [r.id for r in stored.forecasts(search=text, limit=3)] == every[:3]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=text_or_nasty | st.sampled_from(["ceasef", "u.s. aid pa", "talks resu", "grai"]))
def test_any_text_checked_one_by_one_finds_the_same(stored: Ledger, text: str) -> None:
    every = [r.id for r in stored.forecasts(search=text)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "_many_matches", lambda *_: True)
        assert [r.id for r in stored.forecasts(search=text, limit=3)] == every[:3]


@pytest.mark.parametrize("checked", ["fetched", "checked one by one"])
def test_characters_folded_into_ascii_are_found(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, checked: str
) -> None:
    """The Kelvin sign folds to k: LIKE, the quick test before FTS5's own, must not drop it."""
    if checked == "checked one by one":
        monkeypatch.setattr(search, "_many_matches", lambda *_: True)
    text = "\u212aofman said stocks will rise."  # PostgreSQL folds the Kelvin sign too
    ledger.store(make_record(text, [{"text": "stocks will rise"}], title="\u212aey"))
    assert [f.text for f in ledger.forecasts(search="key stocks", limit=5)] == ["stocks will rise"]
    assert [f.text for f in ledger.forecasts(search="stocks \u212aEY", limit=5)] == [
        "stocks will rise"
    ]


def test_only_the_kelvin_sign_and_long_s_fold_into_ascii() -> None:
    """What `search.FOLDED_INTO_ASCII` assumes of this SQLite's unicode61 tokenizer."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'unicode61 remove_diacritics 0')")
    characters = (i for i in range(0x80, 0x110000) if not 0xD800 <= i < 0xE000)
    db.executemany("INSERT INTO t (rowid, a) VALUES (?, ?)", ((i, chr(i)) for i in characters))
    folded = set()
    for letter in "abcdefghijklmnopqrstuvwxyz0123456789":
        found = db.execute("SELECT rowid FROM t WHERE t MATCH ?", (f'"{letter}"',)).fetchall()
        folded.update(chr(rowid) for (rowid,) in found)
    assert folded == set(search.FOLDED_INTO_ASCII)
