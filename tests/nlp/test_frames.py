"""prospects.nlp.frames: cue words learned from PolNeAR train and the frames they head.

The frame shapes are tested with small hand-made lexicons (so that a rebuilt data file does not
change what is tested); the shipped table is checked for its form and a few sure entries."""

from __future__ import annotations

import pytest

from prospects.nlp import frames, quotes
from prospects.nlp.frames import Entry, Lexicon

ACT = {"min_rate": 0.5, "min_count": 3}


def lexicon(*keys: str, raising: tuple[str, ...] = ()) -> Lexicon:
    """Every key a sure cue; `raising` keys have their subject in the content."""
    entries = {k: Entry(100, 90, 80, 0) for k in keys}
    entries.update({k: Entry(100, 90, 5, 80) for k in raising})
    return Lexicon(entries, dict(ACT))


def read(nlp, text: str, lex: Lexicon) -> list[tuple[str, str | None, str | None]]:
    """(content, speaker, mention) of each frame of `text`."""
    doc = nlp(text)
    found = []
    for sent in doc.sents:
        for f in frames.frames(sent, lex):
            found.append(
                (
                    doc[f.first : f.last + 1].text,
                    f.speaker.text if f.speaker is not None else None,
                    f.mention.text if f.mention is not None else None,
                )
            )
    return found


# -- the table ---------------------------------------------------------------------------------


def test_parse_reads_entries_and_settings() -> None:
    text = (
        "# provenance line\n# min_rate = 0.4\n# min_count = 2\n"
        "key,occurrences,cues,subject_source,subject_content,frames,frames_found,frames_attributed\n"
        "hope/VERB,10,6,5,0,6,5,4\nseem/VERB,10,5,1,4,5,3,3\n"
    )
    lex = frames.parse(text)
    assert lex.settings == {"min_rate": 0.4, "min_count": 2.0}
    assert lex.entries["hope/VERB"] == Entry(10, 6, 5, 0, 6, 5, 4)
    assert lex.entries["seem/VERB"].raising and not lex.entries["hope/VERB"].raising
    assert lex.cue("hope/VERB") is not None
    assert lex.cue("wave/VERB") is None


def test_thresholds_decide_which_keys_act() -> None:
    lex = Lexicon(
        {
            "often/VERB": Entry(10, 8, 8, 0),
            "rare/VERB": Entry(100, 2, 2, 0),
            "sometimes/VERB": Entry(100, 30, 30, 0),
            "wrong/VERB": Entry(10, 8, 8, 0, frames=10, frames_found=1, frames_attributed=1),
        },
        {**ACT, "min_precision": 0.2, "vouched_rate": 0.25, "vouched_prob": 0.3},
    )
    assert lex.cue("often/VERB") is not None
    assert lex.cue("rare/VERB") is None  # too few cues
    assert lex.cue("sometimes/VERB") is None  # a cue 30% of the time ...
    assert lex.cue("sometimes/VERB", prob=0.6) is not None  # ... unless the classifier agrees
    assert lex.cue("sometimes/VERB", prob=0.1) is None
    assert lex.cue("wrong/VERB") is None  # its frames were right once in ten
    assert lex.tuned(min_precision=0.0).cue("wrong/VERB") is not None


def test_shipped_table_loads_with_its_settings() -> None:
    lex = frames.lexicon()
    assert {"min_rate", "min_count"} <= set(lex.settings)
    say = lex.entries["say/VERB"]
    assert say.rate > 0.8 and say.subject_source > say.subject_content
    assert lex.cue("say/VERB") is not None
    assert lex.cue("the/DET") is None


def test_keys(nlp) -> None:
    doc = nlp("Clinton is expected to win, and in a new poll she leads by ten points.")
    keys = {t.text: frames.key(t) for t in doc}
    assert keys["expected"] == "expect/PASS"
    assert keys["leads"] == "lead/VERB"
    assert keys["in"] == "in:poll/ADP"
    assert keys["a"] is None and keys["Clinton"] is None


# -- frames ------------------------------------------------------------------------------------


def test_verb_with_an_object(nlp) -> None:
    found = read(
        nlp, "Farmers in Iowa strongly oppose the new water rules.", lexicon("oppose/VERB")
    )
    assert found == [("the new water rules", "Farmers", "Farmers")]


def test_noun_with_a_possessor_and_an_object(nlp) -> None:
    text = "The governor's support for the pipeline surprised environmental groups."
    assert read(nlp, text, lexicon("support/NOUN")) == [("the pipeline", "governor", "governor")]


def test_noun_of_criticism(nlp) -> None:
    text = "His criticism of the trade agreement angered farmers."
    assert read(nlp, text, lexicon("criticism/NOUN")) == [("the trade agreement", "His", "His")]


def test_passive_with_an_agent(nlp) -> None:
    text = "The proposal was criticized by several council members as too expensive."
    [(content, speaker, _)] = read(nlp, text, lexicon("criticize/PASS"))
    assert content.startswith("The proposal")
    assert speaker == "members"


def test_expected_to_has_no_source(nlp) -> None:
    text = "Ms. Ortiz is expected to win the primary in Queens."
    [(content, speaker, mention)] = read(nlp, text, lexicon("expect/PASS"))
    assert content.startswith("Ms. Ortiz") and content.endswith("the primary in Queens")
    assert speaker is None and mention is None


def test_raising_verb_takes_its_subject_into_the_content(nlp) -> None:
    lex = lexicon(raising=("appear/VERB",))
    [(content, speaker, _)] = read(nlp, "The economy appears to be slowing down this year.", lex)
    assert content.startswith("The economy") and "slowing down" in content
    assert speaker is None
    # a raising verb with nothing raised reports nothing
    assert read(nlp, "The senator appeared on television on Sunday.", lex) == []


def test_relative_pronoun_is_the_mention_of_its_antecedent(nlp) -> None:
    text = "The plan was drafted by Anna Berg, who opposes the new tax on fuel."
    [(content, speaker, mention)] = read(nlp, text, lexicon("oppose/VERB"))
    assert content == "the new tax on fuel"
    assert speaker == "Berg" and mention == "who"


def test_addressee_is_not_the_content(nlp) -> None:
    assert read(nlp, "She told reporters on Monday.", lexicon("tell/VERB")) == []


def test_source_preposition(nlp) -> None:
    text = "In a survey released Monday, most voters named the economy as their top concern."
    [(content, speaker, _)] = read(nlp, text, lexicon("in:survey/ADP"))
    assert content.startswith("most voters") and speaker == "survey"


@pytest.mark.parametrize("text", ["", " ", "\n\n", "...", "Support."])
def test_bad_input_reads_no_frame(nlp, text: str) -> None:
    assert read(nlp, text, lexicon("support/NOUN", "support/VERB")) == []


# -- in the quote component ----------------------------------------------------------------------


def test_frames_become_quotes_with_resolved_speakers(nlp) -> None:
    doc = nlp("Anna Berg, the city's finance director, strongly opposes the new tax on fuel.")
    found, sources = quotes.attribute(doc, frame_lexicon=lexicon("oppose/VERB"))
    [quote] = found
    assert quote.kind == "indirect" and quote.content.text == "the new tax on fuel"
    assert quote.cue is not None and quote.cue.text == "opposes"
    assert quote.source_mention is not None and quote.source_mention.text == "Anna Berg"
    assert {s.id: s.name for s in sources}[quote.source or ""] == "Anna Berg"


def test_a_rule_report_keeps_its_sentence(nlp) -> None:
    """A learned cue word inside what a rule already reads adds no second quote."""
    doc = nlp("Ms. Ortiz said that she opposes the new tax on fuel.")
    found, _ = quotes.attribute(doc, frame_lexicon=lexicon("oppose/VERB"))
    assert [q.cue.text for q in found if q.cue] == ["said"]


def test_an_empty_lexicon_changes_nothing(nlp) -> None:
    doc = nlp("Farmers in Iowa strongly oppose the new water rules.")
    found, _ = quotes.attribute(doc, frame_lexicon=Lexicon({}))
    assert found == []


def test_subject_the_parser_missed(nlp) -> None:
    lex = lexicon("say/VERB")
    text = (
        "While the lineup is light on new titles, Early says there is a possibility that more "
        "games could be built for the platform."
    )
    speakers = {speaker for _, speaker, _ in read(nlp, text, lex)}
    assert "lineup" not in speakers


def test_a_participle_naming_a_thing_has_no_speaker(nlp) -> None:
    text = "NASA is developing a mission called Europa Clipper, which is scheduled to launch soon."
    assert all(speaker != "NASA" for _, speaker, _ in read(nlp, text, lexicon("call/VERB")))
