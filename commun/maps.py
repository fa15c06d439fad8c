"""Where the dots and arrows of a network map go, computed in Python for both maps (the
activities' junctions, the partners' continuum); their labels are placed by `map_labels`.

A force-directed layout places the dots, then spreads them in the pixels of a drawing of a fixed
size, which the page scales as a whole: a drawing whose labels do not overlap still has none once
shrunk to fit a phone. Pure Python (no numpy), so the same data always gives the same picture and
tests can check the geometry.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from commun.map_labels import FONT_SIZE, LINE_HEIGHT, Dot, Label, place_labels

GRAVITY = 1.0  # how strongly every node is pulled towards the middle of the layout


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
