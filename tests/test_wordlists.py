import pytest

from prospects import wordlists


def test_a_word_list_is_read_by_file_and_key() -> None:
    verbs = wordlists.words("prospects.nlp", "cues.yaml", "speech_verbs")
    assert "say" in verbs
    assert wordlists.phrases("prospects.nlp", "cues.yaml", "speech_verbs")[0].lower() in verbs
    assert "weeks" in str(wordlists.table("prospects.nlp", "horizons.yaml", "relative"))


def test_a_missing_key_names_the_file_and_the_key() -> None:
    with pytest.raises(
        wordlists.WordListError, match=r"prospects.nlp/data/cues.yaml: no key 'nope'"
    ):
        wordlists.words("prospects.nlp", "cues.yaml", "nope")


def test_a_key_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(wordlists.WordListError, match="must be a mapping"):
        wordlists.table("prospects.nlp", "cues.yaml", "speech_verbs")
    with pytest.raises(wordlists.WordListError, match="must be a list of strings"):
        wordlists.phrases("prospects.nlp", "horizons.yaml", "relative")


def test_limits_and_shares_are_numbers() -> None:
    assert wordlists.integer("prospects.ingest", "bylines.yaml", "max_authors") >= 1
    assert 0 < wordlists.number("prospects.ingest", "titles.yaml", "headline_case_share") < 1
    with pytest.raises(wordlists.WordListError, match="must be a whole number"):
        wordlists.integer("prospects.ingest", "titles.yaml", "headline_case_share")
    with pytest.raises(wordlists.WordListError, match="must be a number"):
        wordlists.number("prospects.ingest", "titles.yaml", "abbreviations")
