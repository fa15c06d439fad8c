"""How the activities pages grow with the number of activities (issue 5's coordination views).

Adds `count` random activities (and 1.2 junctions each) to the demo initiative of the current
database, then prints the server time of each page before and after, and their ratio:

    COMMUN_DATA_DIR=/tmp/bench-activities uv run commun demo --no-serve
    COMMUN_DATA_DIR=/tmp/bench-activities uv run commun shell -c \
        "from benchmarks.activities import run; run(500)"

Use a throw-away data folder: the activities it adds stay in that database.
"""

import random

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from benchmarks.run import median_seconds
from commun.activities.models import Activity, Junction, Population
from commun.agenda.models import Strategy
from commun.initiatives.models import Initiative, Partner
from commun.measurement.models import Territory
from commun.people.models import User

PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"  # no collectstatic needed
PAGES = ["overview", "matrix", "coordination", "network", "chain_partner", "home"]


def page_times(client, initiative, partner) -> dict[str, float]:
    times = {}
    for page in PAGES:
        if page == "home":
            url = reverse("framework:home", args=[initiative.slug])
        elif page == "chain_partner":
            url = reverse("activities:chain_partner", args=[initiative.slug, partner.pk])
        else:
            url = reverse(f"activities:{page}", args=[initiative.slug])

        def get_page(url=url):
            assert client.get(url).status_code == 200

        times[page] = median_seconds(get_page, repeats=5)
    return times


def add_activities(initiative, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    partners = list(Partner.objects.filter(initiative=initiative))
    strategies = list(Strategy.objects.filter(initiative=initiative))
    territories = list(Territory.objects.filter(initiative=initiative))
    populations = list(Population.objects.filter(initiative=initiative))
    made = []
    for n in range(count):
        activity = Activity.objects.create(
            initiative=initiative, name_fr=f"Activité d'essai {n}", status="running"
        )
        activity.partners.set(rng.sample(partners, rng.choice([1, 1, 2])))
        activity.strategies.set(rng.sample(strategies, rng.choice([1, 2])))
        activity.territories.set(rng.sample(territories, rng.choice([1, 2])))
        activity.populations.set(rng.sample(populations, rng.choice([1, 2])))
        made.append(activity)
    for _ in range(int(count * 1.2)):
        source, target = rng.sample(made, 2)
        Junction.objects.get_or_create(
            initiative=initiative,
            source=source,
            target=target,
            kind=rng.choice(list(Junction.Kind.values)),
        )


def run(count: int = 500) -> None:
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    with override_settings(
        ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, STORAGES=storages
    ):
        measure(count)


def measure(count: int) -> None:
    initiative = Initiative.objects.get(slug="table-quartier-saint-roch")
    client = Client()
    client.force_login(User.objects.get(email="coordination@demo.commun.example"))
    partner = Partner.objects.filter(initiative=initiative, activities__isnull=False).first()
    before_count = Activity.objects.filter(initiative=initiative).count()
    before = page_times(client, initiative, partner)
    add_activities(initiative, count)
    after_count = Activity.objects.filter(initiative=initiative).count()
    after = page_times(client, initiative, partner)
    print(f"# activities: {before_count} then {after_count}")
    for page in PAGES:
        print(
            f"A5 {page}_{after_count}_vs_{before_count} {after[page] / before[page]:.2f} "
            f"({before[page] * 1000:.0f} ms then {after[page] * 1000:.0f} ms)"
        )
