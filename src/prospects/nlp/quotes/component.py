"""The `prospects_quotes` pipeline component: its learned files, and the factory spaCy builds it
from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from prospects.nlp import attribution_model, extensions, frame_classifier, frames, speakers
from prospects.nlp.artefacts import SHIPPED, Artefact, Artefacts
from prospects.nlp.quotes.assembly import attribute
from prospects.nlp.quotes.cue_words import cues

# the learned files of the component; each setting is "shipped", a path, or null (rules alone)
ARTEFACTS = (
    Artefact("model", "attribution_model.npz", attribution_model.from_bytes),
    Artefact("frame_lexicon", "cue_lexicon.csv", lambda blob: frames.parse(blob.decode("utf-8"))),
    Artefact(
        "frame_classifier", "frame_classifier.npz", lambda b: frame_classifier.from_file(BytesIO(b))
    ),
)


class QuoteFinder:
    """The pipeline component: writes `doc._.quotes` and `doc._.sources`."""

    def __init__(self, nlp: Language, name: str, settings: dict[str, str | None]) -> None:
        extensions.register()
        cues()  # read the word lists once, at pipeline construction
        speakers.lexicon()
        self.name = name
        self.settings = settings
        self.artefacts = Artefacts(ARTEFACTS)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
    ) -> None:
        """Read the weights and learned cue words the settings name."""
        self.artefacts.load(self.settings)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            doc._.quotes, doc._.sources = [], list(doc._.sources or [])
            return doc
        if not self.artefacts.loaded:
            self.initialize()
        lexicon = self.artefacts.get("frame_lexicon") or frames.Lexicon({})
        found = attribute(
            doc, self.artefacts.get("model"), lexicon, self.artefacts.get("frame_classifier")
        )
        doc._.quotes, doc._.sources = found
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.artefacts.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> QuoteFinder:
        self.artefacts.from_disk(path)
        return self


@Language.factory(
    "prospects_quotes",
    requires=["token.dep", "token.head", "token.pos", "token.lemma", "doc.sents"],
    assigns=["doc._.quotes", "doc._.sources"],
    default_config={"model": SHIPPED, "frame_lexicon": SHIPPED, "frame_classifier": SHIPPED},
)
def make_quotes(
    nlp: Language,
    name: str,
    model: str | None,
    frame_lexicon: str | None,
    frame_classifier: str | None,
) -> QuoteFinder:
    """Direct, indirect and mixed quotes with their speakers (needs a dependency parser).

    `model` is the attribution network's weights, `frame_lexicon` the learned cue words
    (cue_lexicon.csv) and `frame_classifier` the frame classifier: each "shipped" (the file in
    the package), a path to another, or null to go without it (the rules alone; null
    frame_classifier: the cue table's thresholds decide).
    """
    settings = {
        "model": model,
        "frame_lexicon": frame_lexicon,
        "frame_classifier": frame_classifier,
    }
    return QuoteFinder(nlp, name, settings)
