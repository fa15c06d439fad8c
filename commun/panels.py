"""What an app shows on a page of an app below it, which cannot import it: the journal's learning
sessions beside an indicator's chart, its observed outcomes beside the chain. An app registers a
`Panel` when it is ready (`AppConfig.ready`); the lower page's template asks for the panels of its
page with `{% load panels %}{% panels "indicator" indicator %}`. This module sits below every app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

# The pages that take panels, and what their object is.
PAGES = {
    "indicator": "an Indicator (measurement's indicator page, beside its chart)",
    "chain": "a Chain (activities' chain of contribution)",
}


@dataclass(frozen=True)
class Panel:
    page: str  # a key of PAGES
    render: Callable[[Any, Any, Any], str]  # (request, initiative, obj) → HTML, "" for nothing


PANELS: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if panel.page not in PAGES:
        raise ValueError(f"No page takes panels under the name {panel.page!r}: {sorted(PAGES)}")
    if panel not in PANELS:
        PANELS.append(panel)


def panels_on(page: str, request, initiative, obj) -> SafeString:
    """The registered panels of a page, rendered in the order they were registered."""
    parts = [panel.render(request, initiative, obj) for panel in PANELS if panel.page == page]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))


register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, page: str, obj):
    return panels_on(page, context["request"], context["initiative"], obj)
