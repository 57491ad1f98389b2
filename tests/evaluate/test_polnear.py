"""The PolNeAR scorer on a hand-made brat pair, with precision, recall and F1 computed by hand."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prospects.evaluate import polnear
from prospects.evaluate.polnear import Counts, GoldAttribution, Prediction, score_document
from prospects.records import Quote, Span

DATA = Path(__file__).resolve().parents[1] / "data" / "polnear"
TEXT = (DATA / "text" / "tiny_2016-01-01_example.txt").read_text(encoding="utf-8")


def at(words: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(words, after)
    return start, start + len(words)


def test_read_brat_joins_discontinuous_contents_and_keeps_sourceless_ones() -> None:
    gold = polnear.read_brat(DATA / "ann" / "tiny_2016-01-01_example_ab12.ann")
    assert gold == [
        GoldAttribution(((11, 29),), ((0, 5),), ((6, 10),)),
        GoldAttribution(((32, 44), (58, 72)), ((47, 50),), ((51, 55),)),
        GoldAttribution(((75, 90),), (), ((95, 106),)),
    ]
    assert TEXT[32:44] == "We are ready" and TEXT[58:72] == "We start today"


def test_documents_take_the_first_annotation_file_and_the_publisher_from_the_name() -> None:
    docs = polnear.documents(DATA / "ann", DATA / "text")
    assert [d.name for d in docs] == ["tiny_2016-01-01_example"]
    assert docs[0].publisher == "tiny"
    assert len(docs[0].gold) == 3  # the second annotator's file (one content) is ignored


def predictions() -> list[Prediction]:
    return [
        Prediction(at("the plan will fail"), at("Alice")),  # gold 1, right speaker
        Prediction(at("We are ready"), at("Bob")),  # gold 2, first segment
        Prediction(at("We start today"), at("Bob")),  # gold 2, second segment
        Prediction(at("The sky is blue"), at("it is believed")),  # gold 3 has no source
        Prediction(at("Alice said the plan")),  # less than half inside gold 1: a false positive
    ]


def test_hand_computed_scores() -> None:
    gold = polnear.read_brat(DATA / "ann" / "tiny_2016-01-01_example_ab12.ann")
    counts = score_document(gold, predictions())
    # content: 4 of 5 predictions are assigned to a found gold; all 3 gold are found
    assert counts.content == pytest.approx({"precision": 0.8, "recall": 1.0, "f1": 8 / 9})
    # attributed: gold 3 names no source but its prediction names one, so 2 gold and 3
    # predictions count: P = 3/5, R = 2/3, F1 = 2PR/(P+R) = 12/19
    assert counts.attributed == pytest.approx({"precision": 0.6, "recall": 2 / 3, "f1": 12 / 19})


def test_a_gold_covered_less_than_half_is_not_found() -> None:
    gold = polnear.read_brat(DATA / "ann" / "tiny_2016-01-01_example_ab12.ann")
    # "We are ready" alone is 12 of the 26 characters of gold 2
    counts = score_document(gold, [Prediction(at("We are ready"), at("Bob"))])
    assert (counts.content_found, counts.content_tp_pred) == (0, 0)
    both = score_document(gold, predictions()[1:3])
    assert (both.content_found, both.attributed_found) == (1, 1)


def test_a_sourceless_gold_is_attributed_when_no_source_is_named() -> None:
    gold = [GoldAttribution(((0, 10),))]
    assert score_document(gold, [Prediction((0, 10))]).attributed_found == 1
    assert score_document(gold, [Prediction((0, 10), (12, 14))]).attributed_found == 0


def test_counts_add_up_across_documents() -> None:
    total = Counts()
    total.add(Counts(predicted=2, gold=3, content_tp_pred=1, content_found=1))
    total.add(Counts(predicted=1, gold=1, content_tp_pred=1, content_found=1))
    assert total.content == pytest.approx({"precision": 2 / 3, "recall": 0.5, "f1": 4 / 7})
    assert Counts().content == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_evaluate_runs_a_predictor_and_splits_by_publisher() -> None:
    docs = polnear.documents(DATA / "ann", DATA / "text")

    def predict(texts: Iterable[str]) -> Iterator[Sequence[Quote]]:
        for text in texts:
            yield [
                Quote(
                    "q1",
                    "indirect",
                    Span.of(text, *at("the plan will fail")),
                    source_mention=Span.of(text, *at("Alice")),
                )
            ]

    result = polnear.evaluate(docs, predict)
    assert result.documents == 1
    assert result.overall.content == pytest.approx({"precision": 1.0, "recall": 1 / 3, "f1": 0.5})
    assert result.publishers["tiny"].attributed["recall"] == pytest.approx(1 / 3)
    assert result.to_dict()["overall"]["gold"] == 3


def test_cli_prints_json_scores() -> None:
    from prospects.cli import app

    runner = CliRunner()
    result = runner.invoke(
        app, ["eval", "polnear", str(DATA / "ann"), str(DATA / "text"), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"gold": 3' in result.stdout


def test_cli_refuses_a_missing_folder(tmp_path: Path) -> None:
    from prospects.cli import app

    result = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path / "no"), str(tmp_path)])
    assert result.exit_code == 2
