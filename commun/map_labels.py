"""The labels of a network map: measured in the page's font, shortened, and each put beside its
dot where it covers no other label and no other dot (further out, with a leader line, when the
dot is crowded)."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

# DejaVu Sans advance widths in em (the font the stylesheet names first); other sans-serif fonts
# are narrower, so a label measured with these fits whatever the reader's font.
_WIDTHS = {
    **dict.fromkeys("ijl'|", 0.28),
    **dict.fromkeys("IJ", 0.29),
    **dict.fromkeys(" .,\u2019·!", 0.32),  # the typographic apostrophe too
    **dict.fromkeys(":;/", 0.34),
    **dict.fromkeys("f-()", 0.36),
    **dict.fromkeys("tr", 0.41),
    **dict.fromkeys("szc", 0.55),
    **dict.fromkeys("kvxyL", 0.59),
    **dict.fromkeys("aeoPTY", 0.61),
    **dict.fromkeys("bdghnpquESF0123456789", 0.64),
    **dict.fromkeys("AKVXBRZ", 0.69),
    **dict.fromkeys("CU", 0.73),
    **dict.fromkeys("HNDG&", 0.77),
    **dict.fromkeys("OQ", 0.79),
    **dict.fromkeys("wM", 0.86),
    **dict.fromkeys("mW—…", 1.0),
}
FONT = '"DejaVu Sans", system-ui, sans-serif'  # the page's own; labels are measured in it
FONT_SIZE = 12  # of the labels: a phone's drawing, shrunk a little to fit, stays readable
LINE_HEIGHT = 1.25  # of the font size: DejaVu Sans's ascent and descent, and a little air
HALO = 2  # pixels of white drawn around each label, so lines passing under it do not hide it


def text_width(text: str, font_size: float) -> float:
    """The width in pixels of `text` drawn in DejaVu Sans at `font_size`."""
    width = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[:1] or char
        width += _WIDTHS.get(base, 0.7)
    return width * font_size


_BREAKS = (" : ", ": ", " — ", " \u2013 ", ", ", " (")  # colons, dashes (em, en), commas
_TRAILING = {
    "a",
    "an",
    "à",
    "au",
    "aux",
    "d'",
    "d'un",
    "d'une",
    "de",
    "des",
    "du",
    "en",
    "et",
    "l'",
    "la",
    "le",
    "les",
    "pour",
    "sur",
    "un",
    "une",
    "and",
    "for",
    "in",
    "of",
    "on",
    "the",
    "to",
    "with",
}


def short_label(name: str, limit: int) -> str:
    """The name, or its first part before a natural break (" : ", " — ", ", "), or its first
    words, in at most `limit` characters; a cut name ends with "…"."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    for mark in _BREAKS:
        head = name.split(mark, 1)[0]
        if head != name and len(head) <= limit:
            return head
    cut = name[: limit - 1]
    boundary = max(cut.rfind(" "), cut.rfind("-"))
    if boundary >= 0.5 * (limit - 1):
        cut = cut[:boundary]
    words = cut.split(" ")
    while len(words) > 1 and words[-1].casefold() in _TRAILING:
        words.pop()
    return " ".join(words).rstrip(" -,;:'\u2019") + "…"


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def meets_circle(self, x: float, y: float, radius: float) -> bool:
        nearest_x = min(max(x, self.x0), self.x1)
        nearest_y = min(max(y, self.y0), self.y1)
        return math.hypot(x - nearest_x, y - nearest_y) < radius

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True)
class Dot:
    """A node of the map: where it is drawn, how large, and the labels it may carry, the
    preferred (longest) first."""

    key: Hashable
    x: float
    y: float
    radius: float
    labels: tuple[str, ...]
    clearance: float = 0.0  # room kept free around the dot (arrowheads pointing at it)


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # the centre of the text
    y: float
    box: Box
    leader: bool  # drawn away from its dot, joined to it by a line


def label_box(text: str, x: float, y: float, font_size: float) -> Box:
    half_w = text_width(text, font_size) / 2 + HALO
    half_h = font_size * LINE_HEIGHT / 2
    return Box(x - half_w, y - half_h, x + half_w, y + half_h)


# Directions tried around a dot, the first found free wins: below, above, right, left, the
# corners, then between them.
_DIRECTIONS = (90, 270, 0, 180, 45, 135, 315, 225, 22.5, 157.5, 337.5, 202.5, 67.5, 112.5)
_DIRECTIONS += (292.5, 247.5)
_NEAR = (0, 2, 5)  # extra pixels between a dot and its label, no leader line needed
_FAR = (
    10,
    18,
    28,
    40,
    55,
    75,
    100,
    130,
    170,
    220,
)  # further out: a leader line joins label and dot


def _candidates(dot: Dot, text: str, font_size: float, extras, gap: float):
    half_w = text_width(text, font_size) / 2 + HALO
    half_h = font_size * LINE_HEIGHT / 2
    for extra in extras:
        reach = dot.radius + dot.clearance + gap + extra
        for degrees in _DIRECTIONS:
            angle = math.radians(degrees)
            cos, sin = math.cos(angle), math.sin(angle)
            # The direction taken onto the square's edge, so a corner position sets the box's
            # corner, not its middle, against the dot.
            edge = max(abs(cos), abs(sin))
            x = dot.x + cos * reach + cos / edge * half_w
            y = dot.y + sin * reach + sin / edge * half_h
            yield x, y, label_box(text, x, y, font_size)


def _distance_to(box: Box, dot: Dot) -> float:
    """From the edge of the dot to the nearest point of the box."""
    nearest_x = min(max(dot.x, box.x0), box.x1)
    nearest_y = min(max(dot.y, box.y0), box.y1)
    return math.hypot(dot.x - nearest_x, dot.y - nearest_y) - dot.radius


def place_labels(
    dots: Sequence[Dot], width: float, height: float, font_size: float, gap: float = 2
) -> dict[Hashable, Label]:
    """A label for each dot, inside the drawing, touching no other label and no dot. The most
    crowded dots choose first. A dot takes the first of its labels that fits near it, where no
    other dot is nearer the label than its own; failing that, a label joined to it by a line."""
    reach = font_size * 4

    def crowding(dot: Dot) -> int:
        return sum(1 for other in dots if math.hypot(other.x - dot.x, other.y - dot.y) < reach)

    placed: dict[Hashable, Label] = {}
    for dot in sorted(dots, key=lambda d: (-crowding(d), d.y, d.x)):
        others = [other for other in dots if other is not dot]

        def free(box: Box) -> bool:
            if not box.inside(width, height):
                return False
            if any(box.overlaps(label.box) for label in placed.values()):
                return False
            return not any(
                box.meets_circle(other.x, other.y, other.radius + other.clearance + gap)
                for other in dots
            )

        def clear(box: Box, dot=dot, others=others) -> bool:
            """Read as this dot's: no other dot is as near the label."""
            own = _distance_to(box, dot)
            return all(_distance_to(box, other) > own + gap for other in others)

        chosen = None
        unclear = None  # the first free place near the dot, nearer another dot than its own
        for text in dot.labels:
            for x, y, box in _candidates(dot, text, font_size, _NEAR, gap):
                if not free(box):
                    continue
                if clear(box):
                    chosen = Label(text, round(x, 1), round(y, 1), box, False)
                    break
                unclear = unclear or Label(text, round(x, 1), round(y, 1), box, True)
            if chosen:
                break
        chosen = chosen or unclear
        for text in dot.labels if chosen is None else ():
            for x, y, box in _candidates(dot, text, font_size, _FAR, gap):
                if free(box):
                    chosen = Label(text, round(x, 1), round(y, 1), box, True)
                    break
            if chosen:
                break
        if chosen is None:  # nowhere free: below the dot, whatever it covers (tests forbid it)
            text = dot.labels[-1]
            x, y, box = next(_candidates(dot, text, font_size, (0,), gap))
            chosen = Label(text, round(x, 1), round(y, 1), box, False)
        placed[dot.key] = chosen
    return placed


def overlapping_labels(labels: dict[Hashable, Label]) -> list[tuple[Hashable, Hashable]]:
    """The pairs of labels whose boxes overlap (none, on a well-drawn map)."""
    items = list(labels.items())
    return [
        (a, b)
        for i, (a, first) in enumerate(items)
        for b, second in items[i + 1 :]
        if first.box.overlaps(second.box)
    ]
