"""The panel debrief's agenda: what to discuss first, from the result's plain data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class Assessed(Protocol):
    """What the agenda reads of a competency's result (read-only, as the result is)."""

    @property
    def key(self) -> str: ...

    @property
    def count(self) -> int: ...

    @property
    def range(self) -> int | None: ...

    @property
    def disagreement(self) -> bool: ...


T = TypeVar("T", bound=Assessed)


@dataclass(frozen=True)
class Agenda(Generic[T]):
    """The profile's competencies in the order a debrief takes them."""

    disputed: tuple[T, ...]
    """Where the panel disagrees (the range of its scores reaches the disagreement
    threshold), widest range first, then in the profile's order."""
    agreed: tuple[T, ...]
    """The other competencies somebody assessed, in the profile's order."""
    unassessed: tuple[str, ...]
    """Keys of the competencies nobody assessed: nothing to discuss, something to note."""

    @property
    def discussed(self) -> tuple[T, ...]:
        """What the panel may record a consensus on: the disputed, then the agreed."""
        return (*self.disputed, *self.agreed)

    @property
    def keys(self) -> frozenset[str]:
        """Every competency of the profile."""
        return frozenset((*(c.key for c in self.discussed), *self.unassessed))


def agenda(profile: Sequence[T]) -> Agenda[T]:
    """Order ``profile`` (a result's competencies of the role) for the debrief."""
    disputed = sorted(
        (c for c in profile if c.disagreement),
        key=lambda c: -(c.range or 0),  # sorted() is stable: ties keep the profile's order
    )
    return Agenda(
        disputed=tuple(disputed),
        agreed=tuple(c for c in profile if c.count and not c.disagreement),
        unassessed=tuple(c.key for c in profile if not c.count),
    )
