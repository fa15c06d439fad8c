"""What each canvas of the common agenda holds, and its content as a bilingual snapshot.

A snapshot is plain JSON: every value is a `{"fr": …, "en": …}` pair, so a published version can be
read, compared and printed in either language long after the records it came from have changed.

    {"texts": {"statement": {"fr": …, "en": …}},
     "lists": {"causes": [{"id": 3, "values": {"text": {"fr": …, "en": …}}}]}}
"""

from dataclasses import dataclass, field

from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commun.agenda.models import (
    Canvas,
    CanvasKey,
    CanvasRevision,
    Criterion,
    DataNeed,
    ExistingAction,
    Lever,
    Outcome,
    Principle,
    ProblemFactor,
    Strategy,
)
from commun.i18n import LANGUAGE_CODES
from commun.initiatives.models import Initiative


@dataclass(frozen=True)
class TextSpec:
    name: str
    label: str
    help: str = ""


@dataclass(frozen=True)
class ListSpec:
    """A list of items of one model, maybe restricted to one kind (`only`, e.g. side=cause)."""

    name: str
    label: str
    model: type[Model]
    bilingual: tuple[str, ...]  # base names of `<name>_fr` / `<name>_en` columns
    other: tuple[str, ...] = ()  # other columns shown (choices, foreign keys, flags, numbers)
    only: dict = field(default_factory=dict)
    help: str = ""


@dataclass(frozen=True)
class CanvasSpec:
    key: str
    purpose: str
    texts: tuple[TextSpec, ...] = ()
    lists: tuple[ListSpec, ...] = ()

    @property
    def title(self) -> str:
        return CanvasKey(self.key).label


CANVASES: tuple[CanvasSpec, ...] = (
    CanvasSpec(
        CanvasKey.ISSUE,
        _("A shared understanding of the problem: what it is, why it happens, what it causes."),
        texts=(
            TextSpec("statement", _("Problem statement")),
            TextSpec("affected", _("Who is affected")),
        ),
        lists=(
            ListSpec(
                "causes",
                _("Root causes"),
                ProblemFactor,
                ("text",),
                only={"side": ProblemFactor.Side.CAUSE},
            ),
            ListSpec(
                "effects",
                _("Consequences"),
                ProblemFactor,
                ("text",),
                only={"side": ProblemFactor.Side.EFFECT},
            ),
        ),
    ),
    CanvasSpec(
        CanvasKey.SCOPE,
        _("Where and for whom the initiative acts, over which horizon, and what it leaves aside."),
        texts=(
            TextSpec("territory", _("Territory")),
            TextSpec("population", _("Population")),
            TextSpec("horizon", _("Time horizon")),
            TextSpec("in_scope", _("In scope")),
            TextSpec("out_of_scope", _("Out of scope")),
        ),
    ),
    CanvasSpec(
        CanvasKey.DATA,
        _("What we know, what we need to know, and where the data would come from."),
        lists=(
            ListSpec(
                "data_needs",
                _("Data"),
                DataNeed,
                ("subject", "source"),
                other=("status",),
                help=_("Each item can later become a shared indicator."),
            ),
        ),
    ),
    CanvasSpec(
        CanvasKey.ACTIONS,
        _("What partners already do on the issue: who, what, for whom, where."),
        lists=(
            ListSpec(
                "existing_actions",
                _("Existing actions"),
                ExistingAction,
                ("what", "for_whom", "where"),
                other=("partner",),
                help=_("Each action can later become an activity of the initiative."),
            ),
        ),
    ),
    CanvasSpec(
        CanvasKey.CHANGES,
        _(
            "Candidate levers of change, scored by each partner on agreed criteria; the ranking "
            "shows where partners agree, and staff mark the priorities."
        ),
        lists=(
            ListSpec("levers", _("Candidate levers"), Lever, ("name",), other=("is_priority",)),
            ListSpec(
                "criteria", _("Criteria and weights"), Criterion, ("name",), other=("weight",)
            ),
        ),
    ),
    CanvasSpec(
        CanvasKey.VISION,
        _("The change the partners want to see, said in a few sentences everyone can repeat."),
        texts=(
            TextSpec("vision", _("Vision")),
            TextSpec("aspiration", _("Aspiration statement")),
        ),
    ),
    CanvasSpec(
        CanvasKey.PRINCIPLES,
        _("A short list of principles, each with what it means in practice."),
        lists=(ListSpec("principles", _("Shared principles"), Principle, ("name", "meaning")),),
    ),
    CanvasSpec(
        CanvasKey.THEORY,
        _(
            "From the long-term goal to the outcomes that lead to it and the strategies that serve them."
        ),
        texts=(TextSpec("goal", _("Long-term goal")),),
        lists=(
            ListSpec("outcomes", _("Outcomes"), Outcome, ("text",), other=("term",)),
            ListSpec("strategies", _("Strategies"), Strategy, ("text",), other=("outcomes",)),
        ),
    ),
)
CANVASES_BY_KEY = {spec.key: spec for spec in CANVASES}

# How the columns of the items are called on screen and on paper.
COLUMN_LABELS = {
    "text": _("Text"),
    "subject": _("What"),
    "source": _("Source"),
    "status": _("Status"),
    "what": _("What"),
    "for_whom": _("For whom"),
    "where": _("Where"),
    "partner": _("Who"),
    "name": _("Name"),
    "is_priority": _("Priority"),
    "weight": _("Weight"),
    "meaning": _("In practice"),
    "term": _("Term"),
    "outcomes": _("Outcomes served"),
}


def get_canvas(initiative: Initiative, key: str) -> Canvas:
    """The initiative's canvas of this kind, created (with its revision-0 snapshot) on first use."""
    canvas, created = Canvas.objects.get_or_create(initiative=initiative, key=key)
    if created or not canvas.revisions.exists():
        CanvasRevision.objects.get_or_create(
            canvas=canvas, number=canvas.revision, defaults={"snapshot": snapshot_canvas(canvas)}
        )
    return canvas


def items_of(initiative: Initiative, spec: ListSpec):
    queryset = spec.model.objects.filter(initiative=initiative, **spec.only)
    if spec.model is ExistingAction:
        queryset = queryset.select_related("partner")
    if spec.model is Strategy:
        queryset = queryset.prefetch_related("outcomes")
    return queryset.order_by("position", "pk")


def snapshot_canvas(canvas: Canvas) -> dict:
    """The canvas's texts and items, every value in both languages."""
    spec = CANVASES_BY_KEY[canvas.key]
    texts = {
        text.name: _pair_from(canvas.texts.get(text.name, {}))
        for text in spec.texts
        if any(canvas.texts.get(text.name, {}).values())
    }
    lists = {
        list_spec.name: [
            {"id": item.pk, "values": _item_values(item, list_spec)}
            for item in items_of(canvas.initiative, list_spec)
        ]
        for list_spec in spec.lists
    }
    return {"texts": texts, "lists": lists}


def snapshot_agenda(initiative: Initiative) -> dict:
    """Every canvas of the initiative, keyed by canvas."""
    canvases = {c.key: c for c in Canvas.objects.filter(initiative=initiative)}
    snapshot = {}
    for spec in CANVASES:
        canvas = canvases.get(spec.key) or Canvas(initiative=initiative, key=spec.key)
        snapshot[spec.key] = snapshot_canvas(canvas)
    return snapshot


def is_filled(canvas_snapshot: dict) -> bool:
    return bool(canvas_snapshot["texts"]) or any(canvas_snapshot["lists"].values())


def _pair_from(values: dict) -> dict:
    return {code: (values.get(code) or "").strip() for code in LANGUAGE_CODES}


def _item_values(item: Model, spec: ListSpec) -> dict:
    values = {name: _pair_from(_columns(item, name)) for name in spec.bilingual}
    for name in spec.other:
        values[name] = _other_value(item, name)
    return values


def _columns(item: Model, base: str) -> dict:
    return {code: getattr(item, f"{base}_{code}") for code in LANGUAGE_CODES}


def _other_value(item: Model, name: str) -> dict:
    """A non-text column, written out in each language as the reader would see it.

    `raw` keeps the stored value (choice key, flag, ids) for pages that group or order by it.
    """
    value = getattr(item, name)
    if name == "outcomes":
        outcomes = list(value.all())
        pair = {"raw": [o.pk for o in outcomes]}
    elif isinstance(value, bool | int) or hasattr(item, f"get_{name}_display"):
        pair = {"raw": value}
    else:
        pair = {"raw": getattr(item, f"{name}_id", None)}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            if name == "outcomes":
                text = "; ".join(o.text for o in outcomes)
            elif isinstance(value, bool):
                text = str(_("yes") if value else _("no"))
            elif hasattr(item, f"get_{name}_display"):
                text = str(getattr(item, f"get_{name}_display")())
            else:
                text = str(value)
        pair[code] = text
    return pair
