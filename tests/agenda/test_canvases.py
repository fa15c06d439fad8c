"""Every canvas, for every role: who reads it, who edits it, and that its form round-trips."""

import pytest
from django.urls import reverse

from commun.agenda.canvases import CANVASES, get_canvas, snapshot_canvas
from commun.agenda.forms import CanvasTextsForm, item_formset
from commun.agenda.models import Canvas, CanvasRevision
from tests.helpers import READERS, client_for

KEYS = [spec.key for spec in CANVASES]
EDITORS = {"superuser", "backbone_admin", "backbone_staff"}


def form_as_posted(initiative, spec) -> dict:
    """What the browser would send back for the edit page as it is rendered, unchanged."""
    canvas = get_canvas(initiative, spec.key)
    texts = CanvasTextsForm(
        spec=spec, initial=CanvasTextsForm.initial_from(canvas.texts, spec, canvas.revision)
    )
    data = {name: texts[name].value() for name in texts.fields}
    for list_spec in spec.lists:
        formset = item_formset(list_spec, initiative)
        management = formset.management_form
        data |= {management[name].html_name: management[name].value() for name in management.fields}
        data[f"{list_spec.name}-TOTAL_FORMS"] = len(formset.initial_forms)
        for form in formset.initial_forms:
            for name in form.fields:
                value = form[name].value()
                if value is None or name == "DELETE":
                    continue
                if isinstance(value, list):
                    data[form[name].html_name] = [getattr(v, "pk", v) for v in value]
                elif isinstance(value, bool):
                    if value:
                        data[form[name].html_name] = "on"
                else:
                    data[form[name].html_name] = getattr(value, "pk", value)
    return {key: "" if value is None else value for key, value in data.items()}


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("role", [*READERS, "other_initiative_admin", "anonymous"])
def test_each_canvas_is_read_by_members_only_and_edited_by_staff_only(
    key, role, people, initiative
):
    client = client_for(people[role])
    read = client.get(reverse("agenda:canvas", args=[initiative.slug, key]))
    edit = client.get(reverse("agenda:canvas_edit", args=[initiative.slug, key]))
    if role == "anonymous":
        assert read.status_code == edit.status_code == 302
        return
    assert read.status_code == (200 if role in READERS else 403)
    assert edit.status_code == (200 if role in EDITORS else 403)
    if role in READERS:
        has_edit_link = reverse("agenda:canvas_edit", args=[initiative.slug, key]) in (
            read.content.decode()
        )
        assert has_edit_link == (role in EDITORS)


@pytest.mark.parametrize("key", KEYS)
def test_saving_a_canvas_unchanged_keeps_its_content_and_adds_no_revision(key, people, initiative):
    spec = next(spec for spec in CANVASES if spec.key == key)
    data = form_as_posted(initiative, spec)
    before = snapshot_canvas(get_canvas(initiative, key))
    revision = Canvas.objects.get(initiative=initiative, key=key).revision

    response = client_for(people["backbone_staff"]).post(
        reverse("agenda:canvas_edit", args=[initiative.slug, key]), data
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    canvas = Canvas.objects.get(initiative=initiative, key=key)
    assert canvas.revision == revision
    assert snapshot_canvas(canvas) == before
    assert not CanvasRevision.objects.filter(canvas=canvas, number=revision + 1).exists()


def test_a_tampered_revision_number_is_refused_and_nothing_is_saved(people, initiative):
    spec = next(spec for spec in CANVASES if spec.key == "vision")
    data = form_as_posted(initiative, spec) | {"revision": "abc", "vision_fr": "Pirate"}
    response = client_for(people["backbone_staff"]).post(
        reverse("agenda:canvas_edit", args=[initiative.slug, "vision"]), data
    )
    assert response.status_code == 200
    assert "Pirate" not in str(Canvas.objects.get(initiative=initiative, key="vision").texts)


def test_an_unknown_canvas_is_a_404(people, initiative):
    client = client_for(people["backbone_staff"])
    assert client.get(reverse("agenda:canvas", args=[initiative.slug, "nope"])).status_code == 404
