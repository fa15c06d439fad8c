"""Figures that hold still: a path and its reference timed in turn, A B A B …, each pair on the
same database state, so that what slows the machine for a moment slows both sides of a pair.

A ratio is the median of the pairs' ratios, printed with their min and max and the absolute medians
behind it; a warm-up pair comes first and is not counted.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

PAIRS = 5  # counted pairs, after WARM_UP
WARM_UP = 1


def median_of(action: Callable[[], object], runs: int) -> Callable[[], float]:
    """An action that runs `action` `runs` times and gives the median time of one run (seconds):
    one side of a pair, for what takes milliseconds. An action that returns a number gives its
    own time (it left out what it did first, untimed)."""

    def timed() -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            own = action()
            took = time.perf_counter() - started
            times.append(own if isinstance(own, float) else took)
        return statistics.median(times)

    return timed


@dataclass
class Rounds:
    """Each side's seconds, pair by pair (counted pairs only)."""

    seconds: dict[str, list[float]]

    def ratios(self, measured: str, reference: str) -> list[float]:
        return [m / r for m, r in zip(self.seconds[measured], self.seconds[reference], strict=True)]

    def median(self, side: str) -> float:
        return statistics.median(self.seconds[side])

    def ratio(self, measured: str, reference: str) -> float:
        return statistics.median(self.ratios(measured, reference))


def interleaved(
    sides: dict[str, Callable[[], float]],
    *,
    pairs: int = PAIRS,
    warm_up: int = WARM_UP,
    after: Callable[[], None] | None = None,
) -> Rounds:
    """Run every side in turn (each returns the seconds it measured), `warm_up` + `pairs` times;
    `after()` runs, untimed, after each side, to bring the database back to the state the next
    one starts from."""
    seconds = {name: [] for name in sides}
    for number in range(warm_up + pairs):
        for name, side in sides.items():
            taken = side()
            if after is not None:
                after()
            if number >= warm_up:
                seconds[name].append(taken)
    return Rounds(seconds)


@dataclass(frozen=True)
class Target:
    """`P1 dashboard_vs_duckdb`'s promise: "<=" 0.5, or ">=" 0.75."""

    sense: str
    bound: float

    def met(self, value: float) -> bool:
        return value <= self.bound if self.sense == "<=" else value >= self.bound

    def __str__(self) -> str:
        return f"target {self.sense} {self.bound:g}"


def spread(values: list[float]) -> str:
    """ "0.42 (min 0.40, max 0.47)": the median, the min and the max."""
    return f"{statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def figure_line(name: str, values: list[float], target: Target | None, behind: str) -> str:
    """One figure's line: its name, the median, min and max of the pairs, whether the target is met (on
    the median), and the absolute medians behind it."""
    said = f"{name} {spread(values)}"
    if target is not None:
        met = "met" if target.met(statistics.median(values)) else "NOT MET"
        said += f" {target}: {met}"
    return f"{said}; {behind}\n"
