"""Rich text that people write (minutes, proposals, news): one editor, which works offline (its
JavaScript ships with django-prose-editor, no CDN), and one allow-list, applied when a form is
saved (nh3), so a page never shows markup a person could not have made with the editor."""

from copy import deepcopy

from django_prose_editor.fields import ProseEditorField
from js_asset import Media

EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False},
        "History": True,
    }
}


def rich_text_field(verbose_name, **options) -> ProseEditorField:
    """A text column edited with the editor and sanitised on save (blank allowed by default)."""
    options.setdefault("blank", True)
    return ProseEditorField(verbose_name, config=deepcopy(EDITOR), sanitize=True, **options)


def editor_media(form, request) -> Media:
    """The editor's scripts and styles for a page showing `form`, its inline import map carrying
    the request's CSP nonce (the policy allows no other inline script). Templates add them with
    `{% include "includes/rich_text_editor.html" %}`, which reads `editor_media`."""
    return Media.from_media(form.media, nonce=request.csp_nonce)
