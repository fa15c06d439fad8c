"""Every URL of the project, asked by every role, answers as the access policy says.

A view without a declared access rule fails `test_every_view_declares_an_access_rule`, so new
views are covered without anyone remembering. A URL keyword this file cannot fill fails too.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commun.access import AccessRule
from commun.activities.models import Activity, Junction, SharedAction
from commun.agenda.canvases import get_canvas
from commun.agenda.models import (
    AgendaVersion,
    Canvas,
    Comment,
    Endorsement,
    ExistingAction,
    LeverScore,
    Outcome,
    ProblemFactor,
    Strategy,
)
from commun.agenda.versions import publish_version
from commun.assessments.models import Answer, InstrumentCopy, Rating, Respondent, Response, Round
from commun.assessments.rounds import copy_instrument
from commun.communication.models import Audience, Communication, NewsItem, Subscriber
from commun.governance.calendar_feeds import feed_of
from commun.governance.models import (
    Amendment,
    Decision,
    Minutes,
    RoleArea,
    Stance,
    TermsVersion,
)
from commun.governance.terms_versions import publish_terms
from commun.initiatives.models import BodyMember, GovernanceBody, Initiative, Membership, Partner
from commun.initiatives.roles import Role
from commun.measurement.models import (
    Aggregate,
    ApiToken,
    Category,
    Dhis2Mapping,
    Dimension,
    ImportJob,
    ImportProfile,
    Indicator,
    Observation,
    Territory,
    TerritoryAlias,
)
from commun.people.models import Invitation
from tests.governance.meeting_factory import plan_meeting
from tests.helpers import ROLES, client_for

# Pages with their own, tested access checks: Django's admin (superusers only) and the API
# (tokens: tests/test_api.py).
EXEMPT_NAMESPACES = {"admin", "api"}
# Pages the policy opens that may still answer 404, not for the person's role but for the state of
# the object. Any other page open to a person exists for them: a role that may not see it gets 403.
NOT_THERE_FOR_THEM = {
    # A site administrator passes every rule but answers only a round they are asked to.
    "assessments:answer": "a round the site administrator is not asked to answer",
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:url_name"
    callback: object
    keywords: tuple[str, ...]


def project_routes(patterns=None, namespace="") -> list[Route]:
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            routes += [
                Route(
                    r.name,
                    r.callback,
                    tuple(sorted(set(r.keywords) | set(entry.pattern.converters))),
                )
                for r in project_routes(entry.url_patterns, inner)
            ]
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            routes.append(Route(name, entry.callback, tuple(sorted(entry.pattern.converters))))
    return routes


ROUTES = project_routes()


def test_every_view_declares_an_access_rule():
    undeclared = [
        route.name
        for route in ROUTES
        if not isinstance(getattr(route.callback, "access_rule", None), AccessRule)
    ]
    assert not undeclared, f"views without an access rule: {undeclared}"


MEMBERS = {"superuser", "backbone_admin", "backbone_staff", "partner_editor", "partner_member"}
STAFF = {"superuser", "backbone_admin", "backbone_staff"}
# The framework's pages and who opens them, written by hand: the matrix checks each page against
# its declared rule, so a rule declared too wide would pass it; here it would not. Anyone else
# logged in is refused (403), the public is sent to log in; a page not open to anyone else is
# said. `answer` is open to the people asked to answer the round (the demo asks the backbone and
# the partners' people, not the observer); the site administrator is not asked (404).
FRAMEWORK_PAGES = {
    "framework:home": MEMBERS | {"observer"},
    "initiatives:partners": MEMBERS | {"observer"},
    "framework:history": STAFF,
    "team:people": STAFF,
    "assessments:overview": MEMBERS | {"observer"},
    "assessments:round": MEMBERS | {"observer"},
    "assessments:answer": MEMBERS - {"superuser"},
}


def expected_answer(name, role) -> str:
    if role in FRAMEWORK_PAGES[name]:
        return "opens"
    if role == "superuser":
        return "not there"
    return "log in" if role == "anonymous" else "refused"


def answer_seen(response, url) -> str:
    if response.status_code == 302 and response["Location"] == redirect_to_login(url)["Location"]:
        return "log in"
    return {200: "opens", 403: "refused", 404: "not there"}.get(
        response.status_code, str(response.status_code)
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_matrix_covers_the_pages_of_the_framework_as_written_by_hand(role, people, url_values):
    """Each page of the framework is one the matrix walks, its rule allows exactly the roles
    written above, and the page answers each role so."""
    routes = {route.name: route for route in ROUTES}
    user = people[role]
    client = client_for(user)
    for name in FRAMEWORK_PAGES:
        route = routes[name]
        kwargs = {k: url_values[0][k] for k in route.keywords}
        url = reverse(name, kwargs=kwargs)
        expected = expected_answer(name, role)
        assert expected_allowed(route, user, kwargs) == (expected in ("opens", "not there")), name
        assert answer_seen(client.get(url), url) == expected, name
    # The log-in page: open to the public; someone logged in is sent on.
    response = client.get(reverse("people:login"))
    assert response.status_code == (200 if user is None else 302)


@pytest.fixture
def url_values(initiative):
    """A value for every URL keyword, in the main initiative; two partners: the editor's and another."""
    editor = Membership.objects.get(
        user__email="repondante@demo.commun.example", initiative=initiative
    )
    body = GovernanceBody.objects.filter(initiative=initiative).order_by("pk").first()
    seat = BodyMember.objects.filter(body=body).order_by("pk").first()
    admin = Membership.objects.filter(initiative=initiative, role=Role.BACKBONE_ADMIN).first()
    terms_version = TermsVersion.objects.filter(body=body).order_by("-number").first()
    if terms_version is None:
        terms_version = publish_terms(body, admin.user)
    invitation = Invitation.objects.create(
        initiative=initiative,
        email="nouvelle@example.org",
        role=Role.PARTNER_MEMBER,
        partner=editor.partner,
    )
    another_partner = (
        Partner.objects.filter(initiative=initiative).exclude(pk=editor.partner_id).first()
    )
    version = AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()
    if version is None:
        get_canvas(initiative, "vision")
        Canvas.objects.filter(initiative=initiative, key="vision").update(
            texts={"vision": {"fr": "Un quartier solidaire", "en": "A caring neighbourhood"}}
        )
        version = publish_version(initiative, by=admin.user)
    comment = Comment.objects.create(
        initiative=initiative, canvas_key="issue", author=editor.user, text="?", language="fr"
    )

    def new_indicator(code: str, **fields) -> Indicator:
        return Indicator.objects.create(
            initiative=initiative,
            code=code,
            kind="population",
            unit="count",
            direction="up",
            aggregation="sum",
            frequency="year",
            status="adopted",
            **fields,
        )

    indicator = Indicator.objects.filter(initiative=initiative).order_by(
        "pk"
    ).first() or new_indicator("matrix", name_fr="Indicateur")
    job = ImportJob.objects.create(
        initiative=initiative,
        created_by=editor.user,
        partner=editor.partner,
        filename="valeurs.csv",
        data=b"indicateur;periode;territoire;valeur\n",
    )
    place = Territory.objects.filter(initiative=initiative).first() or Territory.objects.create(
        initiative=initiative, code="matrix", name_fr="Territoire"
    )
    alias = TerritoryAlias.objects.filter(
        initiative=initiative
    ).first() or TerritoryAlias.objects.create(territory=place, name="Autre nom du matrix")
    dimension = Dimension.objects.filter(initiative=initiative).first() or Dimension.objects.create(
        initiative=initiative, code="matrix", name_fr="Ventilation"
    )
    category = dimension.categories.first() or Category.objects.create(
        dimension=dimension, code="x", name_fr="X"
    )
    # A round the partner editor is asked to answer (the demo's open one), and an adapted copy.
    the_round = (
        Round.objects.filter(initiative=initiative, respondents__user=editor.user, closed_at=None)
        .order_by("-closes_on")
        .first()
    )
    adapted = copy_instrument(initiative, "preconditions", by=admin.user)
    token = ApiToken.objects.create(
        initiative=initiative, partner=editor.partner, name="matrix", prefix="cmn_x", key_hash="x"
    )
    # What the object rules hide from partners: another's import and API key, an indicator kept
    # for the backbone; and what they show to all: a closed round's results.
    staff_job = ImportJob.objects.create(
        initiative=initiative, created_by=admin.user, filename="backbone.csv", data=b""
    )
    another_token = ApiToken.objects.create(
        initiative=initiative, partner=another_partner, name="other", prefix="cmn_y", key_hash="y"
    )
    own_profile = ImportProfile.objects.create(
        initiative=initiative, partner=editor.partner, name="matrix", columns=["a"]
    )
    backbone_profile = ImportProfile.objects.create(
        initiative=initiative, partner=None, name="matrix", columns=["a"]
    )
    backbone_indicator = new_indicator(
        "matrix-backbone", name_fr="Indicateur interne", visibility="backbone"
    )
    closed_round = next(r for r in Round.objects.filter(initiative=initiative) if not r.is_open)
    own_activity = Activity.objects.filter(initiative=initiative, partners=editor.partner).first()
    other_activity = (
        Activity.objects.filter(initiative=initiative).exclude(partners=editor.partner).first()
    )
    junction = Junction.objects.create(
        initiative=initiative, source=other_activity, target=own_activity, kind="refers"
    )
    existing = ExistingAction.objects.create(
        initiative=initiative, partner=another_partner, what_fr="Action du répertoire"
    )
    shared_action = SharedAction.objects.filter(initiative=initiative).first()
    strategy = Strategy.objects.filter(initiative=initiative).first()
    area = RoleArea.objects.create(initiative=initiative, area_fr="Le budget de la coordination")
    # A published decided decision, and one observers may not see (not published).
    decided = Decision.objects.filter(body__initiative=initiative, status="decided", published=True)
    unpublished = Decision.objects.filter(body__initiative=initiative, published=False)
    mapping = Dhis2Mapping.objects.create(
        initiative=initiative, kind="orgUnit", dhis2_id="DiszpKrYNg8", territory=place
    )
    Dhis2Mapping.objects.create(  # an id a refused import named: the page's "to map" form
        initiative=initiative, kind="dataElement", dhis2_id="fbfJHSPpUQD", mapped=False
    )
    meeting = plan_meeting(body, days_from_now=-2)  # its minutes unpublished: not for observers
    item = meeting.items.create(order=99, title_fr="Point de la matrice")
    minutes = Minutes.objects.create(meeting=meeting, text_fr="<p>Texte</p>")
    amendment = Amendment.objects.create(minutes=minutes, author=editor.user, text="Plutôt…")
    audience = Audience.objects.filter(initiative=initiative).first()
    communication = Communication.objects.filter(initiative=initiative).first()
    news_item = NewsItem.objects.filter(initiative=initiative, published_at__isnull=False).first()
    subscriber = Subscriber.objects.filter(initiative=initiative).first()
    base = {
        "slug": initiative.slug,
        "audience_id": audience.pk,
        "communication_id": communication.pk,
        "news_id": news_item.pk,
        "language": "fr",
        "subscription": subscriber.token,
        "meeting_id": meeting.pk,
        "item_id": item.pk,
        "amendment_id": amendment.pk,
        "feed_token": feed_of(admin.user).token,
        "junction_id": junction.pk,
        "existing_action_id": existing.pk,
        "outcome_id": Outcome.objects.filter(initiative=initiative).first().pk,
        "shared_action_id": shared_action.pk,
        "strategy_id": strategy.pk,
        "area_id": area.pk,
        "decision_id": decided.first().pk,
        "token_id": token.pk,
        "territory_id": place.pk,
        "alias_id": alias.pk,
        "mapping_id": mapping.pk,
        "dimension_id": dimension.pk,
        "category_id": category.pk,
        "code": indicator.code,
        "job_id": job.pk,
        "profile_id": own_profile.pk,
        "key": "issue",
        "number": version.number,
        "comment_id": comment.pk,
        "network_slug": initiative.network.slug,
        "body_id": body.pk,
        "member_id": seat.pk,
        "terms_number": terms_version.number,
        "membership_id": admin.pk,
        "invitation_id": invitation.pk,
        "token": invitation.token,
        "uidb64": "MQ",
        "round_id": the_round.pk,
        "instrument_key": adapted.key,
    }
    # journal: outcomes — a draft the editor's partner reported, one of another partner, and a
    # piece of evidence on each (a link: its "file" sends back to the outcome).
    from commun.journal.models import Evidence, ObservedOutcome, SocialActor

    journal_actor = SocialActor.objects.create(
        initiative=initiative, name_fr="Acteur de la matrice", kind="institution"
    )
    own_draft, other_draft = (
        ObservedOutcome.objects.create(
            initiative=initiative,
            actor=journal_actor,
            kind="policy",
            title_fr=f"Brouillon de {who.name_fr}",
            observed_on="2026-05-01",
            partner=who,
        )
        for who in (editor.partner, another_partner)
    )
    base |= {
        "observed_id": own_draft.pk,
        "evidence_id": Evidence.objects.create(
            outcome=own_draft, kind="link", url="https://a.example"
        ).pk,
    }
    journal_outcomes = {
        "observed_id": other_draft.pk,
        "evidence_id": Evidence.objects.create(
            outcome=other_draft, kind="link", url="https://b.example"
        ).pk,
    }
    # journal: outcomes (end)
    # journal: harvest — an actor with a marker, a campaign, an outcome under review of the
    # editor's partner with a request and its signed link.
    from datetime import timedelta

    from django.utils import timezone

    from commun.journal.models import (
        HarvestCampaign,
        ObservedOutcome,
        ProgressMarker,
        SocialActor,
        Substantiation,
    )
    from commun.journal.substantiation import signed_value

    harvest_actor = SocialActor.objects.create(
        initiative=initiative, kind="residents", name_fr="Acteur matrice", boundary_partner=True
    )
    harvest_marker = ProgressMarker.objects.create(actor=harvest_actor, level=1, text_fr="Marqueur")
    harvest_campaign = HarvestCampaign.objects.create(
        initiative=initiative,
        title_fr="Collecte matrice",
        period_start=timezone.localdate() - timedelta(days=90),
        period_end=timezone.localdate(),
        deadline=timezone.localdate() + timedelta(days=10),
    )
    harvest_campaign.partners.set([editor.partner])
    harvest_outcome = ObservedOutcome.objects.create(
        initiative=initiative,
        actor=harvest_actor,
        kind="behaviour",
        title_fr="Effet matrice",
        observed_on=timezone.localdate(),
        partner=editor.partner,
        status="review",
    )
    harvest_request = Substantiation.objects.create(
        outcome=harvest_outcome,
        name="Témoin",
        email="temoin@example.org",
        language="fr",
        expires_at=timezone.now() + timedelta(days=21),
    )
    base.setdefault("observed_id", harvest_outcome.pk)
    base |= {
        "actor_id": harvest_actor.pk,
        "marker_id": harvest_marker.pk,
        "campaign_id": harvest_campaign.pk,
        "substantiation_id": harvest_request.pk,
        "signed": signed_value(harvest_request),
    }
    # journal: harvest (end)
    # journal: learning
    from tests.journal import learning_factory

    learning_session = learning_factory.session(initiative, body=body)
    learning_session.indicators.add(indicator)
    base |= {
        "learning_id": learning_session.pk,
        "now_what_id": learning_factory.line(learning_session).pk,
        "interpretation_id": learning_factory.interpretation(indicator).pk,
    }
    return [
        {**base, "partner_id": editor.partner_id, "activity_id": own_activity.pk},
        {
            **base,
            "partner_id": another_partner.pk,
            "activity_id": other_activity.pk,
            "job_id": staff_job.pk,
            "token_id": another_token.pk,
            "profile_id": backbone_profile.pk,
            "code": backbone_indicator.code,
            "round_id": closed_round.pk,
            "decision_id": unpublished.exclude(status="draft").first().pk,
            **journal_outcomes,  # journal: outcomes
        },
    ]


def expected_allowed(route: Route, user, kwargs) -> bool | None:
    """What the policy says; None when the object does not exist in that initiative (404)."""
    rule: AccessRule = route.callback.access_rule
    initiative = Initiative.objects.get(slug=kwargs["slug"]) if "slug" in kwargs else None
    try:
        return rule.allows(user if user else _anonymous(), initiative, kwargs)
    except Http404:
        return None


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def model_counts():
    return (
        {
            model.__name__: model.objects.count()
            for model in (
                Initiative,
                Partner,
                Membership,
                GovernanceBody,
                BodyMember,
                Invitation,
                AgendaVersion,
                Comment,
                Endorsement,
                LeverScore,
                ProblemFactor,
                Indicator,
                Observation,
                Aggregate,
                Territory,
                TerritoryAlias,
                Category,
                Dimension,
                InstrumentCopy,
                Round,
                Respondent,
                Response,
                Answer,
                Rating,
                Activity,
                Junction,
                SharedAction,
                Decision,
                Stance,
            )
        }
        | {
            "closed rounds": Round.objects.filter(closed_at__isnull=False).count(),
            "submitted": Respondent.objects.filter(submitted_on__isnull=False).count(),
        }
        | {"resolved comments": Comment.objects.filter(resolved_at__isnull=False).count()}
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_policy_says(role, people, url_values):
    user = people[role]
    client = client_for(user)
    mismatches = []
    for values in url_values:
        for route in ROUTES:
            missing = [k for k in route.keywords if k not in values]
            assert not missing, f"{route.name}: the matrix has no value for {missing}"
            kwargs = {k: values[k] for k in route.keywords}
            url = reverse(route.name, kwargs=kwargs)
            allowed = expected_allowed(route, user, kwargs)
            response = client.get(url)
            status = response.status_code
            login_redirect = (
                status == 302 and response["Location"] == redirect_to_login(url)["Location"]
            )
            if allowed is None:
                ok = status == 404 or (user is None and login_redirect)
            elif allowed:
                ok = (
                    status < 500
                    and status != 403
                    and (status != 404 or route.name in NOT_THERE_FOR_THEM)
                    and not login_redirect
                )
            else:
                ok = login_redirect if user is None else status == 403
                if ok:
                    before = model_counts()
                    post = client.post(url, {})
                    ok = post.status_code in (302, 403) and model_counts() == before
            if not ok:
                mismatches.append(
                    f"{route.name} {url}: expected {'allowed' if allowed else 'denied' if allowed is False else '404'}, got {status}"
                )
    assert not mismatches, "\n".join(mismatches)


def test_an_initiatives_objects_are_not_reachable_under_another_initiative(
    people, initiative, other_initiative
):
    client = client_for(people["other_initiative_admin"])
    partner = Partner.objects.filter(initiative=initiative).first()
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    for url in [
        reverse("initiatives:partner", args=[other_initiative.slug, partner.pk]),
        reverse("initiatives:partner_edit", args=[other_initiative.slug, partner.pk]),
        reverse("initiatives:body", args=[other_initiative.slug, body.pk]),
        reverse("initiatives:body_edit", args=[other_initiative.slug, body.pk]),
    ]:
        assert client.get(url).status_code == 404, url
