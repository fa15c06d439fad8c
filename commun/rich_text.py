"""Rich text that people write (minutes, proposals, news): one editor, which works offline (its
JavaScript ships with django-prose-editor, no CDN), and one allow-list, applied when a form is
saved (nh3), so a page never shows markup a person could not have made with the editor."""

from copy import deepcopy

from django_prose_editor.fields import ProseEditorField

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
