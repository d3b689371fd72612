"""The KAM 9-box: field results against fit to the KAM role, three bands each.

Performance is the newest period's sales against plan (per cent); fit is the person's KAM fit
from their newest assessment. Each axis has two thresholds: below the first is low, from the
first to below the second medium, from the second up high. The thresholds are configuration
(``HIRING_NINE_BOX_PERFORMANCE``, ``HIRING_NINE_BOX_FIT``) and the page shows them; a person
without either figure is not placed (and is counted as such).

The boxes read as a manager would: high fit is the KAM question, high performance the field
question. The box does not decide anything: it says where to look first.
"""

from __future__ import annotations

from dataclasses import dataclass

BANDS = ("low", "medium", "high")


@dataclass(frozen=True)
class Thresholds:
    performance: tuple[float, float] = (95.0, 110.0)
    """Sales against plan, per cent: below 95 low, 95 to below 110 medium, 110 and up high."""
    fit: tuple[float, float] = (0.6, 0.8)
    """KAM fit: below 0.6 low, 0.6 to below 0.8 medium, 0.8 and up high."""

    def __post_init__(self) -> None:
        for name, (low, high) in (("performance", self.performance), ("fit", self.fit)):
            if not low < high:
                raise ValueError(f"{name}: the first threshold must be below the second")

    @classmethod
    def parse(cls, performance: str | None, fit: str | None) -> Thresholds:
        """From ``"95,110"`` and ``"60,80"`` (fit in per cent); None or empty: the default."""
        default = cls()

        def pair(
            text: str | None, scale: float, fallback: tuple[float, float]
        ) -> tuple[float, float]:
            if not text or not text.strip():
                return fallback
            parts = [p.strip() for p in text.split(",")]
            if len(parts) != 2:
                raise ValueError(f"two numbers separated by a comma, not {text!r}")
            low, high = (float(p) / scale for p in parts)
            return low, high

        return cls(pair(performance, 1.0, default.performance), pair(fit, 100.0, default.fit))


def band(value: float | None, thresholds: tuple[float, float]) -> int | None:
    """0 low, 1 medium, 2 high; None when unknown."""
    if value is None:
        return None
    low, high = thresholds
    return 0 if value < low else 1 if value < high else 2


@dataclass(frozen=True)
class Box:
    performance: int
    fit: int

    @property
    def key(self) -> str:
        return f"{BANDS[self.performance]}-{BANDS[self.fit]}"


BOX_ADVICE: dict[tuple[int, int], str] = {
    (2, 2): "kam_now",
    (1, 2): "kam_develop",
    (0, 2): "kam_check",
    (2, 1): "field_star",
    (1, 1): "core",
    (0, 1): "support",
    (2, 0): "field_star",
    (1, 0): "core",
    (0, 0): "support",
}
"""(performance band, fit band) to what the box suggests looking at. ``kam_check``: a strong
KAM fit whose field figures are weak; look at why before concluding (the source's case reads
the other way round: weak process, strong results)."""


def place(performance: float | None, fit: float | None, thresholds: Thresholds) -> Box | None:
    p, f = band(performance, thresholds.performance), band(fit, thresholds.fit)
    if p is None or f is None:
        return None
    return Box(p, f)


def box_of_key(key: str) -> Box | None:
    """The box a ``"high-medium"`` key names (performance first), or None."""
    parts = key.split("-")
    if len(parts) != 2 or any(part not in BANDS for part in parts):
        return None
    return Box(BANDS.index(parts[0]), BANDS.index(parts[1]))
