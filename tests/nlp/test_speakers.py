"""Speakers as sources: appositions, surnames, pronouns, organisations, anonymous groups."""

from __future__ import annotations

import pytest

from prospects.nlp import speakers
from prospects.records import Quote, Source


def analyse(nlp, text: str) -> tuple[list[Quote], list[Source]]:
    doc = nlp(text)
    for source in doc._.sources:
        for mention in source.mentions:
            assert text[mention.start : mention.end] == mention.text
    return doc._.quotes, doc._.sources


def by_name(sources: list[Source], name: str) -> Source:
    matches = [s for s in sources if s.name == name]
    assert len(matches) == 1, [s.name for s in sources]
    return matches[0]


def test_apposition_gives_role_and_affiliation(nlp) -> None:
    text = (
        "“Ukrainian forces are under pressure, but a major breakthrough by Russia is now "
        "unlikely,” said Michael Kofman, senior fellow in the Russia and Eurasia program at the "
        "Carnegie Endowment for International Peace, who recently visited Ukraine."
    )
    quotes, sources = analyse(nlp, text)
    kofman = by_name(sources, "Michael Kofman")
    assert kofman.type == "person" and not kofman.anonymous
    assert kofman.role == "senior fellow in the Russia and Eurasia program"
    assert kofman.affiliation == "Carnegie Endowment for International Peace"
    assert [q.source for q in quotes] == [kofman.id]


def test_relative_clause_gives_role_and_affiliation(nlp) -> None:
    text = (
        "Jane Roe, who is a professor of history at Yale University, said the vote would be close."
    )
    _, sources = analyse(nlp, text)
    roe = by_name(sources, "Jane Roe")
    assert (roe.role, roe.affiliation) == ("professor of history", "Yale University")


def test_title_before_a_name_is_the_role(nlp) -> None:
    text = "Ukrainian President Volodymyr Zelensky complained about the lack of a timetable."
    _, sources = analyse(nlp, text)
    assert by_name(sources, "Volodymyr Zelensky").role == "Ukrainian President"


def test_surname_and_pronouns_across_paragraphs_are_one_person(nlp) -> None:
    text = (
        "Jane Roe, a historian at Yale University, said the vote would be close.\n\n"
        "The campaign ended on Sunday.\n\n"
        "Roe said the result would be contested. She added that turnout would be high.\n\n"
        "Later, she said the count would take a week."
    )
    quotes, sources = analyse(nlp, text)
    roe = by_name(sources, "Jane Roe")
    assert [q.source for q in quotes] == [roe.id] * 4
    assert [m.text for m in roe.mentions] == ["Jane Roe", "Roe", "She", "she"]
    assert [q.source_mention.text for q in quotes if q.source_mention] == [
        "Jane Roe",
        "Roe",
        "She",
        "she",
    ]


def test_he_is_the_last_person_named_as_subject(nlp) -> None:
    text = (
        "Eric Ciaramella said the war would be long. Mark Smith visited Kyiv in May.\n\n"
        "He said the front lines would hold."
    )
    quotes, sources = analyse(nlp, text)
    smith = by_name(sources, "Mark Smith")
    assert quotes[-1].source == smith.id


def test_two_people_with_one_surname_stay_apart(nlp) -> None:
    text = "Hillary Clinton said the plan would work. Bill Clinton said it would not."
    quotes, sources = analyse(nlp, text)
    assert {s.name for s in sources} == {"Hillary Clinton", "Bill Clinton"}
    assert quotes[0].source != quotes[1].source


def test_a_pronoun_with_nobody_before_it_is_unresolved(nlp) -> None:
    quotes, _ = analyse(nlp, "He said the talks would fail.")
    assert quotes[0].source is None
    assert quotes[0].source_mention is not None and quotes[0].source_mention.text == "He"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Pentagon said it would send more munitions.", "Pentagon"),
        ("The Post wrote that the deal was close.", "Post"),
        ("The European Union said the talks would open in June.", "European Union"),
    ],
)
def test_organisations_speak_as_themselves(nlp, text: str, name: str) -> None:
    quotes, sources = analyse(nlp, text)
    source = by_name(sources, name)
    assert source.type == "organization" and not source.anonymous
    assert quotes[0].source == source.id


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("U.S. officials say Russia is unlikely to make gains.", "U.S. officials", "group"),
        (
            "American officials acknowledge that Russia could advance.",
            "American officials",
            "group",
        ),
        ("Diplomats called the convoluted language a “word salad.”", "Diplomats", "group"),
        (
            "A senior administration official who spoke on condition of anonymity said the deal "
            "was close.",
            "senior administration official",
            "person",
        ),
        (
            "Sources familiar with the talks said a deal was near.",
            "Sources familiar with the talks",
            "group",
        ),
        (
            "People close to the minister said he would resign.",
            "People close to the minister",
            "group",
        ),
    ],
)
def test_groups_and_unnamed_people_are_anonymous(nlp, text: str, name: str, kind: str) -> None:
    quotes, sources = analyse(nlp, text)
    source = by_name(sources, name)
    assert (source.type, source.anonymous) == (kind, True)
    assert quotes and quotes[0].source == source.id


def test_named_spokesman_is_not_anonymous_but_unnamed_one_is(nlp) -> None:
    _, named = analyse(nlp, "John Kirby, a Pentagon spokesman, said the strikes would continue.")
    assert not by_name(named, "John Kirby").anonymous
    _, unnamed = analyse(nlp, "A Pentagon spokesman said the strikes would continue.")
    assert by_name(unnamed, "Pentagon spokesman").anonymous


def test_same_group_wording_is_one_source(nlp) -> None:
    text = (
        "U.S. officials say Russia is unlikely to make gains.\n\n"
        "U.S. officials say privately that Ukraine cannot recapture all of its territory."
    )
    quotes, sources = analyse(nlp, text)
    officials = by_name(sources, "U.S. officials")
    assert [q.source for q in quotes] == [officials.id, officials.id]
    assert len(officials.mentions) == 2


def test_indefinite_sources_are_new_each_time_definite_ones_refer_back(nlp) -> None:
    text = (
        "A source said the talks had stalled. Another source said they would resume. "
        "The source added that a deal was possible."
    )
    quotes, _ = analyse(nlp, text)
    assert quotes[0].source != quotes[1].source
    assert quotes[2].source == quotes[1].source


def test_article_note_marks_its_officials_anonymous(nlp) -> None:
    text = (
        "The White House official said the plan had failed.\n\n"
        "Officials interviewed for this article spoke on condition of anonymity to discuss "
        "sensitive matters."
    )
    _, sources = analyse(nlp, text)
    official = next(s for s in sources if "official" in (s.name or ""))
    assert official.anonymous


def test_a_reopened_book_resolves_as_the_quotes_did(nlp) -> None:
    text = (
        "Eric Ciaramella said the war would be long. Ciaramella has pledged to testify. "
        "He said he would stay. The Kremlin has vowed to fight on."
    )
    doc = nlp(text)
    ciaramella = by_name(doc._.sources, "Eric Ciaramella")
    book = speakers.SourceBook(doc)  # from the Doc's plain data only
    surname = next(t for t in doc if t.text == "Ciaramella" and t.i > 3)
    assert speakers.find_or_add_source(book, doc[surname.i : surname.i + 1]) == ciaramella.id
    # a pronoun after the reopened mentions still finds the person named before it
    he = next(t for t in doc if t.text == "He")
    assert speakers.find_or_add_source(book, doc[he.i : he.i + 1]) == ciaramella.id
    count = len(book.sources())
    kremlin = next(t for t in doc if t.text == "Kremlin")
    kremlin_id = speakers.find_or_add_source(book, doc[kremlin.i - 1 : kremlin.i + 1])
    ids = [s.id for s in book.sources()]
    assert kremlin_id in ids
    assert len(set(ids)) == len(ids) >= count
    again = speakers.find_or_add_source(book, doc[kremlin.i - 1 : kremlin.i + 1])
    assert again == kremlin_id


def test_no_author_source_is_added(nlp) -> None:
    _, sources = analyse(nlp, "Officials said the bridge would reopen.")
    assert all(s.type != "author" and s.id != "author" for s in sources)
    assert [s.id for s in sources] == [f"s{n}" for n in range(1, len(sources) + 1)]


def test_a_doc_keeps_only_plain_data_between_components(nlp) -> None:
    import json

    doc = nlp("Eric Ciaramella said the war would be long. He said Russia would not win.")
    assert not any(isinstance(v, speakers.SourceBook) for v in doc.user_data.values())
    # What the components leave on the Doc is JSON's kind of data, so a Doc serialises.
    json.dumps([v for k, v in doc.user_data.items() if k[0] == "prospects"])
    assert doc.to_bytes()


def test_a_thing_that_favours_something_is_not_a_speaker(nlp):
    doc = nlp(
        "This shift changes the dynamics of the war, which had recently favored Moscow. "
        "The senator favored a quick vote on the aid package."
    )
    names = {s.name for s in doc._.sources}
    assert "war" not in names and "the war" not in names
    assert any("senator" in (s.name or "") for s in doc._.sources)


def test_a_lone_surname_is_the_person_whatever_the_entity_label(nlp):
    doc = nlp(
        '"Prices will rise again next year," said Ana Lindqvist, who heads the federation.\n\n'
        "If the bank cuts rates, buyers could return by the end of the year, Lindqvist added."
    )
    people = [s for s in doc._.sources if "Lindqvist" in (s.name or "")]
    assert len(people) == 1 and people[0].name == "Ana Lindqvist"
    assert [m.text for m in people[0].mentions] == ["Ana Lindqvist", "Lindqvist"]


def test_a_thing_that_continues_is_not_a_speaker(nlp):
    doc = nlp("House prices rose 4.1%, and estate agents expect the climb to continue.")
    assert {s.name for s in doc._.sources} == {"estate agents"}


def test_a_surname_the_tagger_reads_as_a_common_word_is_still_the_known_person(nlp):
    text = (
        "Chris Early, a vice president at the studio, spoke at the launch.\n\nWhile the "
        "lineup is light, Early says there is a possibility that new games could follow.\n"
    )
    doc = nlp(text)
    quote = next(q for q in doc._.quotes if "possibility" in q.content.text)
    source = next(s for s in doc._.sources if s.id == quote.source)
    assert (source.name, source.type) == ("Chris Early", "person")
