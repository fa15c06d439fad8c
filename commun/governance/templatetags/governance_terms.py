"""The terms of reference on a body's page (which the initiatives app, a floor below, cannot
compute): `{% load governance_terms %}{% terms_block body %}`."""

from django import template
from django.utils import timezone

from commun.governance.models import Cadence
from commun.governance.rules import terms_of
from commun.governance.terms import (
    current_members,
    decision_rule_text,
    due_renewals,
    quorum_text,
    renewal_text,
)
from commun.governance.terms_versions import endorsement_summary

register = template.Library()


@register.inclusion_tag("governance/partials/terms_block.html", takes_context=True)
def terms_block(context, body):
    """Quorum, rule, cadence, the latest version's endorsements and the terms to renew; nothing
    for those who may not read the terms."""
    if not context.get("perms_here", {}).get("view_meetings"):
        return {"shown": False}
    terms = terms_of(body)
    members = current_members(body, timezone.localdate()).count()
    return {
        "shown": True,
        "initiative": context["initiative"],
        "body": body,
        "quorum": quorum_text(terms, members),
        "rule": decision_rule_text(terms),
        "cadence": Cadence(terms.cadence).label,
        "summary": endorsement_summary(body),
        "renewals": [renewal_text(m) for m in due_renewals(body)],
    }
