import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from commun.activities.models import Activity, Junction, SharedAction
from commun.framework.history import ChangeLog, HistoryFilters
from commun.initiatives.models import Partner, Sector
from tests.helpers import client_for


def history_url(initiative, **query):
    url = reverse("framework:history", args=[initiative.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def reader(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return client_for(user)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(strip_tags(response.content.decode())))


def edit_partner(partner, **values):
    for name, value in values.items():
        setattr(partner, name, value)
    partner.save()


def test_staff_see_who_changed_what_and_when(people, initiative):
    staff = people["backbone_staff"]
    client = client_for(staff)
    partner = Partner.objects.filter(initiative=initiative).first()
    client.post(
        reverse("initiatives:partner_edit", args=[initiative.slug, partner.pk]),
        {
            "name_fr": partner.name_fr,
            "sector": partner.sector,
            "joined_on": partner.joined_on.isoformat(),
            "contact_phone": "418-555-0142",
        },
    )
    html = client.get(history_url(initiative)).content.decode()
    assert staff.full_name in html
    assert "418-555-0142" in html


@pytest.mark.parametrize(
    "language, field, old, new, joined",
    [
        ("en", "Sector", "Community", "Public", "March 5, 2024"),
        ("fr", "Secteur", "Communautaire", "Public", "5 mars 2024"),
    ],
)
def test_fields_and_values_read_as_words_in_the_readers_language(
    people, initiative, language, field, old, new, joined
):
    partner = Partner.objects.filter(initiative=initiative, sector=Sector.COMMUNITY).first()
    edit_partner(partner, sector=Sector.PUBLIC, joined_on=date(2024, 3, 5))

    text = page_text(reader(people["backbone_admin"], language).get(history_url(initiative)))

    assert f"{field} {old} → {new}" in text
    assert joined in text
    assert "2024-03-05" not in text


def test_no_raw_timestamp_or_id_is_shown(people, initiative):
    activity = Activity.objects.filter(initiative=initiative).first()
    activity.ends = date(2031, 6, 30)
    activity.save()  # also moves its "updated at" timestamp, which nobody typed
    action = SharedAction.objects.filter(initiative=initiative).first()
    action.due = date(2031, 1, 15)
    action.save()

    text = page_text(reader(people["backbone_admin"], "fr").get(history_url(initiative)))

    assert "30 juin 2031" in text and "15 janvier 2031" in text
    assert not re.search(r"\d{4}-\d\d-\d\d", text), "an ISO date or timestamp is shown"
    assert "+00:00" not in text and "updated at" not in text.lower()
    assert not re.search(r"#\d+", text), "a record is named by its id"


def test_each_record_is_named_in_the_readers_language(people, initiative):
    partner = Partner.objects.filter(initiative=initiative).order_by("pk").first()
    edit_partner(partner, name_fr="Carrefour des familles", name_en="Family Crossroads")
    junction = Junction.objects.filter(initiative=initiative).select_related("source").first()
    source = junction.source
    source.name_en = "Community kitchen"
    source.save()
    junction.note_fr = "Orientation des familles"
    junction.save()

    english = reader(people["backbone_admin"], "en").get(history_url(initiative)).content.decode()
    french = reader(people["backbone_admin"], "fr").get(history_url(initiative)).content.decode()

    assert "<strong>Family Crossroads</strong>" in english
    assert "<strong>Carrefour des familles</strong>" in french
    assert (
        f"<strong>Community kitchen → {junction.target.name_en or junction.target.name_fr}</strong>"
        in english
    )


def test_a_deleted_record_keeps_its_name(people, initiative):
    junction = Junction.objects.filter(initiative=initiative).select_related("source").first()
    junction.kind = "shares_data" if junction.kind != "shares_data" else "refers"
    junction.save()
    name = junction.source.name_fr
    junction.source.delete()  # the junction goes with it, its history stays

    text = page_text(reader(people["backbone_admin"], "fr").get(history_url(initiative)))

    assert f"{name} (n'existe plus) →" in text


def test_the_latest_change_comes_first_with_its_old_and_new_values(initiative):
    partner = Partner.objects.filter(initiative=initiative).order_by("pk").first()
    old_phone = partner.contact_phone or "—"
    edit_partner(partner, contact_phone="418-555-0199")

    latest = ChangeLog(initiative)[0]
    assert (latest.label, latest.created) == (partner.name_fr, False)
    assert [(c.old, c.new) for c in latest.changes] == [(old_phone, "418-555-0199")]


def test_creations_are_folded_so_changes_stand_out(people, initiative):
    entries = ChangeLog(initiative)[:50]
    created = sum(1 for entry in entries if entry.created and entry.changes)
    html = client_for(people["backbone_staff"]).get(history_url(initiative)).content.decode()
    assert created > 0
    assert html.count("<details>") == created


def test_filter_by_kind_of_record(people, initiative):
    client = reader(people["backbone_admin"], "en")
    text = page_text(client.get(history_url(initiative, kind="shared_action")))
    everything = ChangeLog(initiative).count()
    shared = ChangeLog(initiative, HistoryFilters(kind="shared_action")).count()

    assert 0 < shared < everything
    assert f"{shared} changes" in text
    assert "Shared action" in text and "Partner organization —" not in text


def test_filter_by_person(people, initiative):
    staff = people["backbone_staff"]
    client = client_for(staff)
    partner = Partner.objects.filter(initiative=initiative).first()
    # The demo's staff person defined its indicators; nobody else's changes are theirs.
    before = ChangeLog(initiative, HistoryFilters(person=staff.pk)).count()
    client.post(
        reverse("initiatives:partner_edit", args=[initiative.slug, partner.pk]),
        {"name_fr": partner.name_fr, "sector": partner.sector, "joined_on": "2020-01-01"},
    )

    mine = ChangeLog(initiative, HistoryFilters(person=staff.pk))
    html = reader(people["backbone_admin"], "en").get(history_url(initiative, person=staff.pk))

    assert mine.count() == before + 1
    assert mine[0].who == staff and mine[0].label in (partner.name_fr, partner.name_en)
    assert all(entry.who == staff for entry in mine[0 : mine.count()])
    assert f"{before + 1} change" in page_text(html)
    assert f'<option value="{staff.pk}" selected>' in html.content.decode()


def test_filter_by_dates(people, initiative):
    partner = Partner.objects.filter(initiative=initiative).first()
    edit_partner(partner, contact_phone="418-555-0123")
    today = timezone.localdate()

    only_today = ChangeLog(initiative, HistoryFilters(since=today, until=today))
    later = ChangeLog(initiative, HistoryFilters(since=today + timedelta(days=1)))
    client = reader(people["backbone_admin"], "en")
    text = page_text(client.get(history_url(initiative, since=today + timedelta(days=1))))

    assert only_today[0].changes[0].new == "418-555-0123"
    assert later.count() == 0
    assert "No change matches these filters." in text


def test_dates_in_the_wrong_order_are_refused_and_filter_nothing(people, initiative):
    client = reader(people["backbone_admin"], "fr")
    response = client.get(history_url(initiative, since="2026-05-01", until="2026-04-01"))
    text = page_text(response)

    assert response.status_code == 200
    assert "La date de fin précède la date de début." in text
    assert f"{ChangeLog(initiative).count()} modifications" in text.replace("\u202f", " ")


def test_the_history_is_paged_newest_first(people, initiative):
    client = reader(people["backbone_admin"], "en")
    log = ChangeLog(initiative)
    total = log.count()
    assert total > 50  # the demo alone fills more than a page

    first = client.get(history_url(initiative))
    second = client.get(history_url(initiative, page=2))

    assert len(first.context["page"]) == 50
    assert first.context["page"].paginator.num_pages == (total + 49) // 50
    assert first.context["page"][-1].when >= second.context["page"][0].when
    assert "Older changes" in page_text(first) and "Newer changes" in page_text(second)


def test_filters_are_kept_from_page_to_page(people, initiative):
    for number in range(60):
        edit_partner(Partner.objects.filter(initiative=initiative).first(), acronym=f"P{number}")
    html = reader(people["backbone_admin"], "en").get(history_url(initiative, kind="partner"))
    assert 'href="?kind=partner&amp;page=2"' in html.content.decode()


def test_history_page_runs_a_fixed_number_of_queries(people, initiative, django_assert_num_queries):
    client = client_for(people["backbone_admin"])
    url = history_url(initiative, kind="shared_action")
    # Session, user, initiative, membership (4); who made changes (1, and 1 for their names: the
    # demo's indicators say who defined them); the count and the page's keys (2); the page's rows
    # with the ones before them (1); the names of the bodies, partners, strategies and people they
    # point at (4).
    with django_assert_num_queries(13):
        client.get(url)
    for number in range(60):
        action = SharedAction.objects.filter(initiative=initiative).order_by("?").first()
        action.title_en = f"Action {number}"
        action.save()
    with django_assert_num_queries(13):
        client.get(url)


def test_a_page_of_every_kind_of_record_still_has_a_bounded_number_of_queries(
    people, initiative, django_assert_max_num_queries
):
    client = client_for(people["backbone_admin"])
    # As above, with one query per kind of record (10) and per kind of record named (at most 10).
    with django_assert_max_num_queries(4 + 2 + 2 + 10 + 10):
        client.get(history_url(initiative))
