"""Progress bars on stderr for anything long; silent when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from prospects.cli.app import err

T = TypeVar("T")


class Tracker:
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress = progress
        self.task = task

    def track(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            yield item
            self.progress.advance(self.task)

    def advance(self) -> None:
        self.progress.advance(self.task)

    def describe(self, step: str) -> None:
        """Say which step a long job is on, where the bar cannot count."""
        self.progress.update(self.task, description=step)


@contextmanager
def article_progress(label: str, total: int | None = None) -> Iterator[Tracker]:
    columns = [
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        yield Tracker(progress, progress.add_task(label, total=total))
