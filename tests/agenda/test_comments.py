"""Comments on a canvas, through the functions the pages call."""

from commun.agenda.comments import add_comment, resolve_comment
from commun.agenda.models import Comment
from commun.initiatives.models import Membership


def test_a_comment_is_signed_by_its_author_and_their_partner(people, initiative):
    author = people["partner_member"]
    comment = add_comment(initiative, "vision", author, "Et les aîné·e·s ?", "fr-ca")
    stored = Comment.objects.get(pk=comment.pk)
    partner = Membership.objects.get(user=author, initiative=initiative).partner
    assert (stored.canvas_key, stored.author, stored.partner) == ("vision", author, partner)
    assert (stored.text, stored.language, stored.resolved_at) == ("Et les aîné·e·s ?", "fr", None)


def test_staff_comments_for_no_partner(people, initiative):
    comment = add_comment(initiative, "vision", people["backbone_staff"], "À revoir", "en")
    assert Comment.objects.get(pk=comment.pk).partner is None


def test_a_comment_is_resolved_once_and_keeps_who_resolved_it_first(people, initiative):
    comment = add_comment(initiative, "vision", people["partner_member"], "Et les aînés ?", "fr")
    assert resolve_comment(comment, people["backbone_staff"]) is True
    first = Comment.objects.get(pk=comment.pk)
    assert first.resolved_by == people["backbone_staff"] and first.resolved_at is not None

    assert resolve_comment(Comment.objects.get(pk=comment.pk), people["backbone_admin"]) is False
    again = Comment.objects.get(pk=comment.pk)
    assert (again.resolved_by, again.resolved_at) == (people["backbone_staff"], first.resolved_at)
