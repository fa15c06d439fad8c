"""A snapshot of the agenda turned into what a page (or its PDF) shows, in the reader's language."""

from dataclasses import dataclass, field

from commun.agenda.canvases import CANVASES, CANVASES_BY_KEY, COLUMN_LABELS, CanvasSpec, is_filled
from commun.agenda.differences import in_reader_language
from commun.agenda.models import Outcome

TERMS = [Outcome.Term.SHORT, Outcome.Term.MEDIUM, Outcome.Term.LONG]


@dataclass
class ReadableItem:
    title: str
    details: list[tuple[str, str]]  # (column label, text)
    flags: dict = field(default_factory=dict)  # raw values: {"is_priority": True, "term": "short"}
    id: int | None = None


@dataclass
class ReadableList:
    name: str
    label: str
    items: list[ReadableItem]


@dataclass
class ReadableCanvas:
    spec: CanvasSpec
    texts: list[tuple[str, str]]
    lists: list[ReadableList]
    filled: bool

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return str(self.spec.title)

    def list_named(self, name: str) -> ReadableList | None:
        return next((lst for lst in self.lists if lst.name == name), None)

    @property
    def problem_tree(self) -> dict | None:
        """For the issue: consequences above, the problem in the middle, root causes below."""
        if self.key != "issue":
            return None
        return {
            "effects": self.list_named("effects").items,
            "problem": next((text for label, text in self.texts), ""),
            "causes": self.list_named("causes").items,
        }

    @property
    def theory(self) -> dict | None:
        """For the theory of change: outcomes by term, and each strategy with what it serves."""
        if self.key != "theory":
            return None
        outcomes = self.list_named("outcomes").items
        strategies = self.list_named("strategies").items
        goal = next((text for label, text in self.texts), "")
        return {
            "goal": goal,
            "columns": [
                (
                    Outcome.Term(term).label,
                    [o for o in outcomes if o.flags.get("term") == term],
                )
                for term in TERMS
            ],
            "strategies": strategies,
        }


def readable_canvas(key: str, snapshot: dict) -> ReadableCanvas:
    spec = CANVASES_BY_KEY[key]
    texts = [
        (str(text.label), in_reader_language(snapshot["texts"][text.name]))
        for text in spec.texts
        if text.name in snapshot["texts"]
    ]
    lists = []
    for list_spec in spec.lists:
        items = []
        for item in snapshot["lists"].get(list_spec.name, []):
            values = item["values"]
            first, *rest = list(values)
            items.append(
                ReadableItem(
                    title=in_reader_language(values[first]),
                    details=[
                        (str(COLUMN_LABELS[name]), in_reader_language(values[name]))
                        for name in rest
                        if in_reader_language(values[name]) and name not in HIDDEN_DETAILS
                    ],
                    flags={name: pair.get("raw") for name, pair in values.items() if "raw" in pair},
                    id=item["id"],
                )
            )
        lists.append(ReadableList(list_spec.name, str(list_spec.label), items))
    return ReadableCanvas(spec, texts, lists, is_filled(snapshot))


# Shown otherwise than as a line of text: a "priority" mark, the outcome's column.
HIDDEN_DETAILS = {"is_priority", "term"}


def readable_agenda(snapshot: dict) -> list[ReadableCanvas]:
    return [
        readable_canvas(spec.key, snapshot.get(spec.key, {"texts": {}, "lists": {}}))
        for spec in CANVASES
    ]
