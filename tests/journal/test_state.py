"""What the journal's home card reads, as each person sees it: staff count every outcome and
those waiting for substantiation; a partner its own drafts besides what is published; an
observer only what is published."""

from commun.journal.models import ObservedOutcome
from commun.journal.state import journal_state


def test_staff_count_every_outcome_and_those_waiting_for_answers(initiative, people):
    read = journal_state(initiative, people["backbone_staff"])
    outcomes = ObservedOutcome.objects.filter(initiative=initiative)
    assert read.outcomes == outcomes.count()
    assert read.published == outcomes.filter(status="published").count()
    assert read.waiting == 6
    assert read.last_session is not None and read.actions_adopted >= 3
    assert read.boundary_partners == read.with_markers == 4


def test_a_partner_counts_its_own_drafts_and_what_is_published(initiative, people):
    editor = people["partner_editor"]
    own = ObservedOutcome.objects.filter(initiative=initiative, partner__memberships__user=editor)
    published = ObservedOutcome.objects.filter(initiative=initiative, status="published")
    expected = (published | own.exclude(status="published")).distinct().count()
    assert journal_state(initiative, editor).outcomes == expected
    assert own.exclude(status="published").exists()
    observer = journal_state(initiative, people["observer"])
    assert observer.outcomes == published.count()
    assert observer.waiting == 0


def test_another_initiative_counts_nothing_of_this_one(initiative, people):
    read = journal_state(initiative, people["other_initiative_admin"])
    assert read.outcomes == 0 and read.last_session is None
