"""The one template helper for an object rule that `perms_here` cannot answer.

`perms_here.<action>` (the context processor `initiatives.context.navigation`) answers every
action without an object; for one object, `{% load access %}{% may "edit_activity" activity as
editable %}` asks `access.can` in the page's initiative.
"""

from django import template

from commun.access import Action, can

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action: str, obj=None) -> bool:
    request = context["request"]
    return can(request.user, Action(action), request.initiative, obj)
