from django.urls import reverse

from commun.initiatives.models import GovernanceBody, Partner, Sector
from tests.helpers import client_for


def test_home_shows_partners_by_sector_bodies_and_one_card_per_condition(people, initiative):
    client = client_for(people["partner_member"])
    client.cookies.load({"commun_language": "fr"})
    user = people["partner_member"]
    user.language = "fr"
    user.save()
    html = client.get(reverse("initiatives:home", args=[initiative.slug])).content.decode()
    for label in ["Conditions préalables", "Plan d'action commun", "Système d'évaluation commun"]:
        assert label.replace("'", "&#x27;") in html or label in html
    for sector in Sector:
        if Partner.objects.filter(initiative=initiative, sector=sector).exists():
            assert str(sector.label) in html or sector.value in html
    for body in GovernanceBody.objects.filter(initiative=initiative):
        assert body.name_fr in html


def test_home_runs_a_fixed_number_of_queries(people, initiative, django_assert_max_num_queries):
    client = client_for(people["backbone_admin"])
    url = reverse("initiatives:home", args=[initiative.slug])
    client.get(url)
    # The agenda card asks each kind of canvas item once, the activities card reads the current
    # activities, the gaps and the overdue actions in 11, the assessment cards their latest rounds
    # in 2: a fixed count, whatever the data's size.
    with django_assert_max_num_queries(36):
        client.get(url)


def test_a_section_only_partly_built_says_so_plainly(people, initiative):
    user = people["observer"]
    user.language = "en"
    user.save()
    html = (
        client_for(user)
        .get(reverse("initiatives:communication", args=[initiative.slug]))
        .content.decode()
    )
    assert "are not built yet" in html


def test_the_public_sees_the_public_page_but_not_the_workspace(client, initiative):
    assert client.get(reverse("initiatives:public", args=[initiative.slug])).status_code == 200
    assert client.get(reverse("initiatives:home", args=[initiative.slug])).status_code == 302
