"""What the body page shows of its meetings (the body page belongs to a lower app)."""

from django import template

from commun.governance.meetings import next_meeting

register = template.Library()


@register.simple_tag
def body_next_meeting(body):
    return next_meeting(body)
