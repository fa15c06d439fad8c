from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ stats|get_item:criterion.pk }}`: a dictionary's value for a key held in a variable."""
    return mapping.get(key) if mapping else None
