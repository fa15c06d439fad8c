"""What changed between two snapshots of the agenda (two versions, or two saves of one canvas)."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from commun.agenda.canvases import CANVASES, CANVASES_BY_KEY, CanvasSpec
from commun.i18n import reader_languages

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
EMPTY_CANVAS = {"texts": {}, "lists": {}}


@dataclass(frozen=True)
class Difference:
    canvas: str  # the canvas's title
    where: str  # the field, or "list — item"
    kind: str  # ADDED | REMOVED | CHANGED
    language: str  # the language whose text changed
    old: str
    new: str

    @property
    def inline(self) -> SafeString:
        """The old and new text with removed words struck out and added words marked."""
        return word_diff(self.old, self.new)


def compare_agendas(old: dict, new: dict) -> list[Difference]:
    """Every difference between two agenda snapshots, canvas by canvas, in the framework's order."""
    differences = []
    for spec in CANVASES:
        differences += compare_canvas(
            spec, old.get(spec.key, EMPTY_CANVAS), new.get(spec.key, EMPTY_CANVAS)
        )
    return differences


def compare_canvas(spec: CanvasSpec | str, old: dict, new: dict) -> list[Difference]:
    """Every difference between two snapshots of one canvas, in the canvas's order."""
    if isinstance(spec, str):
        spec = CANVASES_BY_KEY[spec]
    title = str(spec.title)
    found = []
    for text in spec.texts:
        found += _pair_differences(
            title,
            str(text.label),
            old["texts"].get(text.name, {}),
            new["texts"].get(text.name, {}),
        )
    for list_spec in spec.lists:
        label = str(list_spec.label)
        old_items = {item["id"]: item for item in old["lists"].get(list_spec.name, [])}
        new_items = {item["id"]: item for item in new["lists"].get(list_spec.name, [])}
        for item_id, item in new_items.items():
            if item_id not in old_items:
                found += _item_appears(title, label, item, ADDED)
                continue
            for name, pair in item["values"].items():
                found += _pair_differences(
                    title,
                    f"{label} — {item_label(old_items[item_id])}",
                    old_items[item_id]["values"].get(name, {}),
                    pair,
                )
        for item_id, item in old_items.items():
            if item_id not in new_items:
                found += _item_appears(title, label, item, REMOVED)
    return found


def item_label(item: dict) -> str:
    """The item's first text, in the reader's language (or the other one)."""
    first = next(iter(item["values"].values()), {})
    return in_reader_language(first)


def in_reader_language(pair: dict) -> str:
    for code in reader_languages():
        if pair.get(code):
            return pair[code]
    return ""


def _pair_differences(canvas: str, where: str, old: dict, new: dict) -> list[Difference]:
    found = []
    for code in reader_languages():
        before, after = old.get(code, ""), new.get(code, "")
        if before == after:
            continue
        kind = ADDED if not before else REMOVED if not after else CHANGED
        found.append(Difference(canvas, where, kind, code, before, after))
    return found


def _item_appears(canvas: str, label: str, item: dict, kind: str) -> list[Difference]:
    text = " · ".join(
        in_reader_language(pair) for pair in item["values"].values() if any(pair.values())
    )
    code = reader_languages()[0]
    old, new = (text, "") if kind == REMOVED else ("", text)
    return [Difference(canvas, label, kind, code, old, new)]


WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` against `old`: <del> for removed words, <ins> for added ones."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))
