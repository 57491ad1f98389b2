"""What a resolution's outcome may be: one check for a manual resolution and a rule file alike."""

from __future__ import annotations

from prospects.records import OUTCOMES

VOID_REASONS = ("no measurable event", "condition never met", "ambiguous wording")


class OutcomeError(ValueError):
    """An outcome that cannot be recorded; the message is one line, and `need` is what to give
    instead: "outcome" (another word) or "reason" (why it is void)."""

    def __init__(self, message: str, need: str) -> None:
        super().__init__(message)
        self.need = need


def check_outcome(outcome: str, reason: str | None, what: str = "outcome") -> str:
    """The outcome word, lower-cased; OutcomeError if it is not one of `OUTCOMES` or is a void
    without a reason. `what` names the outcome in the message (a rule file's `when_true`)."""
    word = outcome.strip().lower()
    if word not in OUTCOMES:
        raise OutcomeError(
            f"{what} {outcome!r} is not allowed: use {', '.join(OUTCOMES)}", need="outcome"
        )
    if word == "void" and not (reason or "").strip():
        raise OutcomeError(
            f"a void {what} needs a reason (e.g. {'; '.join(VOID_REASONS)})", need="reason"
        )
    return word
