"""What the body page shows of its meetings (the body page belongs to a lower app)."""

from django import template

from commun.governance.meetings import next_meeting

register = template.Library()


@register.simple_tag
def body_next_meeting(body):
    return next_meeting(body)


@register.filter
def minutes_status(minutes) -> str:
    """The minutes' status said of minutes ("procès-verbal" is masculine, unlike the model's
    shared labels), for the minutes, or for one of their versions."""
    from commun.governance.minutes import status_label

    return status_label(minutes.status)
