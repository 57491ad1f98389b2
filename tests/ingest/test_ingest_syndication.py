"""Syndicated copies: a wire story restyled by another outlet is linked to the first printing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from tests.conftest import shared_path

from prospects.ingest import syndication

STORY = (
    "Central bank raises rates\n\n"
    "The central bank raised its main interest rate by a quarter point on Tuesday, its third "
    "increase this year, and said further rises were likely if inflation stayed high.\n\n"
    "Officials expect inflation to fall back to the two percent target by the end of next year, "
    "the bank said in a statement after its policy meeting in the capital.\n\n"
    "Economists polled before the decision had expected the move, and markets barely reacted."
)


def test_a_restyled_copy_is_linked_to_the_first_printing():
    copy = (
        "Rates go up again\n\n"
        + STORY.split("\n\n", 1)[1].replace("Tuesday", "Tuesday,").replace('"', "\u201d")
        + "\n\nReporting by Staff; Editing by Desk."
    )
    other = "Storm closes schools\n\nA winter storm closed schools across the region on Monday."
    assert syndication.link([("a", STORY), ("b", copy), ("c", other)]) == [None, "a", None]


def test_a_copy_of_a_copy_points_at_the_original_and_a_repeat_is_not_a_copy():
    index = syndication.CopyIndex()
    assert index.add_text("a", STORY) is None
    assert index.add_text("a", STORY) is None
    assert index.add_text("b", STORY + "\n\nMore at 11.") == "a"
    assert index.add_text("c", STORY + "\n\nMore at 11. Subscribe now.") == "a"


def test_signatures_survive_storage_and_band_keys_are_bigints():
    minhash = syndication.signature(STORY)
    again = syndication.from_bytes(syndication.to_bytes(minhash))
    assert syndication.similarity(minhash, again) == 1.0
    keys = syndication.band_keys(minhash)
    assert len(keys) == syndication.bands()[0]
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert keys == syndication.band_keys(syndication.signature(STORY.replace("  ", " ")))


def test_the_threshold_is_measured_precise_and_sensitive_on_the_shared_texts():
    shared = shared_path("data")
    script = Path(__file__).parents[2] / "scripts" / "measure_syndication.py"
    spec = importlib.util.spec_from_file_location("measure_syndication", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    sets = {k: v[:150] for k, v in module.load(shared).items()}
    pairs = module.pairs(sets)
    threshold = syndication.threshold()
    found = [
        (copy, module.linked(syndication.signature(a), syndication.signature(b), threshold))
        for _, a, b, copy in pairs
    ]
    tp = sum(c and f for c, f in found)
    assert tp / sum(f for _, f in found) >= 0.99  # precision
    assert tp / sum(c for c, _ in found) >= 0.95  # recall
