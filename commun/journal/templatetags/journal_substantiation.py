"""What the substantiation block of an outcome's page reads from the outcome alone."""

from django import template

from commun.journal import statuses

register = template.Library()


@register.filter
def concluded_as(outcome) -> str | None:
    """ "substantiated" or "disputed": what staff concluded, published or not."""
    return statuses.concluded_as(outcome)


@register.filter
def proposed_conclusion(outcome) -> str:
    return statuses.proposed_conclusion(outcome)


@register.filter
def returned_because(outcome) -> str:
    return statuses.returned_because(outcome)
