"""Where the dots, labels and arrows of a network map go, computed in Python for both maps (the
activities' junctions, the partners' continuum).

A force-directed layout places the dots; each dot's short label is then put beside it where it
covers no other label and no other dot (further out, with a leader line, when the dot is crowded).
Everything is in the pixels of a drawing of a fixed size, which the page scales as a whole: a
drawing whose labels do not overlap still has none once shrunk to fit a phone. Pure Python (no
numpy), so the same data always gives the same picture and tests can check the geometry.
"""

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
GRAVITY = 1.0  # how strongly every node is pulled towards the middle of the layout
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


def force_layout(
    nodes: Sequence[Hashable],
    weights: dict[tuple, float],
    steps: int = 150,
    gravity: float = GRAVITY,
) -> dict[Hashable, tuple[float, float]]:
    """Positions in [0, 1]², linked nodes nearer (more so when their link weighs more): a
    Fruchterman-Reingold layout started from a circle, so the same input gives the same picture.
    A pull towards the middle keeps unlinked nodes and small groups from drifting to the edges
    and squeezing the rest into a corner."""
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    count = len(nodes)
    position = {
        node: [math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count)]
        for i, node in enumerate(nodes)
    }
    k = math.sqrt(4 / count)  # the ideal distance, in a 2 x 2 square
    temperature = 0.2
    for _step in range(steps):
        shift = {node: [0.0, 0.0] for node in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx = position[a][0] - position[b][0]
                dy = position[a][1] - position[b][1]
                distance = max(math.hypot(dx, dy), 1e-4)
                force = k * k / distance  # every pair repels
                weight = weights.get((a, b)) or weights.get((b, a))
                if weight:
                    force -= weight * distance * distance / k  # links attract, heavier ones more
                fx, fy = dx / distance * force, dy / distance * force
                shift[a][0] += fx
                shift[a][1] += fy
                shift[b][0] -= fx
                shift[b][1] -= fy
        for node in nodes:
            dx = shift[node][0] - gravity * position[node][0] / k
            dy = shift[node][1] - gravity * position[node][1] / k
            length = max(math.hypot(dx, dy), 1e-9)
            step = min(length, temperature)
            position[node][0] += dx / length * step
            position[node][1] += dy / length * step
        temperature = max(temperature * 0.97, 0.005)
    xs = [p[0] for p in position.values()]
    ys = [p[1] for p in position.values()]
    span_x = (max(xs) - min(xs)) or 1
    span_y = (max(ys) - min(ys)) or 1
    return {
        node: (round((x - min(xs)) / span_x, 4), round((y - min(ys)) / span_y, 4))
        for node, (x, y) in position.items()
    }


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


def spread(
    positions: dict[Hashable, tuple[float, float]],
    radii: dict[Hashable, float],
    width: float,
    height: float,
    margin: float,
    gap: float,
) -> dict[Hashable, tuple[float, float]]:
    """The [0, 1]² positions in the pixels of a `width` x `height` drawing, `margin` from its
    edges, then pushed apart until dots are `gap` pixels from each other (room for a label)."""
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    points = {
        key: [margin + u * inner_w, margin + v * inner_h] for key, (u, v) in positions.items()
    }
    keys = list(points)
    for _round in range(200):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                dx = points[b][0] - points[a][0]
                dy = points[b][1] - points[a][1]
                distance = math.hypot(dx, dy)
                wanted = radii[a] + radii[b] + gap
                if distance >= wanted:
                    continue
                moved = True
                if distance < 1e-6:  # on top of each other: part them sideways
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (wanted - distance) / 2 + 0.01
                ux, uy = dx / distance, dy / distance
                points[a][0] -= ux * push
                points[a][1] -= uy * push
                points[b][0] += ux * push
                points[b][1] += uy * push
        for key in keys:
            points[key][0] = min(max(points[key][0], margin), width - margin)
            points[key][1] = min(max(points[key][1], margin), height - margin)
        if not moved:
            break
    return {key: (round(x, 1), round(y, 1)) for key, (x, y) in points.items()}


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


def arrowhead(
    source: tuple[float, float], target: tuple[float, float], radius: float, length: float = 8
) -> tuple[str, tuple[float, float]]:
    """An SVG path of the arrowhead at the edge of the target dot (of `radius`), pointing from
    `source` to `target`, and the point where the line should stop, at the arrowhead's base."""
    (x1, y1), (x2, y2) = source, target
    distance = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / distance, (y2 - y1) / distance
    tip_x, tip_y = x2 - ux * (radius + 1), y2 - uy * (radius + 1)
    base_x, base_y = tip_x - ux * length, tip_y - uy * length
    half = length * 0.45
    left = (base_x - uy * half, base_y + ux * half)
    right = (base_x + uy * half, base_y - ux * half)
    path = f"M{tip_x:.1f},{tip_y:.1f}L{left[0]:.1f},{left[1]:.1f}L{right[0]:.1f},{right[1]:.1f}Z"
    return path, (round(base_x, 1), round(base_y, 1))


@dataclass(frozen=True)
class Drawing:
    """A map laid out in the pixels of a drawing: its dots and their labels, by key."""

    width: int
    height: int
    font_size: float
    dots: dict[Hashable, Dot]
    labels: dict[Hashable, Label]


def draw(
    positions: dict[Hashable, tuple[float, float]],
    radii: dict[Hashable, float],
    labels: dict[Hashable, tuple[str, ...]],
    size: tuple[int, int],
    font_size: float = FONT_SIZE,
    clearance: dict[Hashable, float] | None = None,
) -> Drawing:
    """Dots at `positions` ([0, 1]², from `force_layout`) in a drawing of `size` pixels, spaced
    so a label fits between them, each with its label placed."""
    width, height = size
    clearance = clearance or {}
    margin = max(radii.values(), default=0) + max(clearance.values(), default=0) + 4
    points = spread(positions, radii, width, height, margin, gap=font_size * LINE_HEIGHT + 4)
    dots = {
        key: Dot(key, x, y, radii[key], labels[key], clearance.get(key, 0.0))
        for key, (x, y) in points.items()
    }
    return Drawing(
        width, height, font_size, dots, place_labels(list(dots.values()), width, height, font_size)
    )
