"""The demo holds two past rounds of every instrument, a round open now and two continuum rounds."""

from collections import Counter

from commun.assessments.instruments import shipped
from commun.assessments.models import Round


def test_the_demo_has_two_past_rounds_of_each_instrument_and_one_open(initiative):
    rounds = list(Round.objects.filter(initiative=initiative))
    past = Counter(r.instrument_key for r in rounds if not r.is_open)
    assert past == dict.fromkeys(shipped(), 2)
    assert [r.instrument_key for r in rounds if r.is_open] == ["five-conditions"]
    for item in rounds:
        assert item.title_fr and item.title_en and item.title_fr != item.title_en
        assert item.responses.filter(submitted=True).exists()


def test_the_demo_comments_are_written_in_each_persons_language(initiative):
    from commun.assessments.models import Answer

    comments = set(
        Answer.objects.filter(response__round__initiative=initiative)
        .exclude(comment="")
        .values_list("comment", flat=True)
    )
    assert any("Les " in text or "La " in text for text in comments)
    assert any(text.startswith(("The ", "We ", "Our ", "Local ")) for text in comments)
