"""Comments on a canvas: any member posts one, the backbone marks it resolved."""

from django.utils import timezone

from commun.access import partner_of
from commun.agenda.models import Comment
from commun.initiatives.models import Initiative


def add_comment(initiative: Initiative, canvas_key: str, author, text: str, language: str):
    """Post `text` on the canvas, signed by its author and the partner the author acts for."""
    return Comment.objects.create(
        initiative=initiative,
        canvas_key=canvas_key,
        author=author,
        partner=partner_of(author, initiative),
        text=text,
        language=language[:2],
    )


def resolve_comment(comment: Comment, by) -> bool:
    """Mark the comment resolved by `by`; False (and nothing changes) if it already was, so the
    first person who resolved it stays on record."""
    if comment.resolved_at is not None:
        return False
    comment.resolved_at, comment.resolved_by = timezone.now(), by
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return True
