"""The demo's activities, junctions and joint action plan (data/activities.toml), for the main
demo initiative: ten activities from the agenda's inventory of existing actions, the others
declared later."""

from datetime import date, timedelta

from commun.activities.editing import activity_from_existing_action
from commun.activities.models import Activity, Junction, Population, SharedAction
from commun.agenda.models import ExistingAction, Lever, Outcome, Strategy
from commun.demo.cast import Cast, data
from commun.initiatives.models import Initiative
from commun.measurement.models import Indicator, Territory


def loaded(initiative: Initiative) -> bool:
    return Population.objects.filter(initiative=initiative).exists()


def load(cast: Cast, today: date | None = None) -> None:
    content = data("activities")
    initiative = cast.initiative
    today = today or date.today()
    links = _Links(initiative, _populations(initiative, content["populations"]))
    activities: dict[str, Activity] = {}  # by partner key (from the inventory) or activity key
    inventory = {row["partner"]: row for row in content["from_inventory"]}
    for action in ExistingAction.objects.filter(initiative=initiative, partner__isnull=False):
        key = cast.key_of(action.partner)
        row = inventory.get(key)
        if row is None:
            continue
        activity, _ = activity_from_existing_action(action)
        activity.annual_budget, activity.starts = row.get("annual_budget"), row.get("starts")
        activity.save()
        links.link(activity, row)
        activities[key] = activity
    for row in content["declared"]:
        activity = Activity.objects.create(
            initiative=initiative,
            name_fr=row["name_fr"],
            name_en=row["name_en"],
            description_fr=row["description_fr"],
            description_en=row["description_en"],
            status=row["status"],
            annual_budget=row.get("annual_budget"),
            starts=row.get("starts"),
        )
        activity.partners.set([p for p in map(cast.partner, row["partners"]) if p])
        links.link(activity, row)
        activities[row["key"]] = activity
    for row in content["junctions"]:
        if row["source"] in activities and row["target"] in activities:
            Junction.objects.create(
                initiative=initiative,
                source=activities[row["source"]],
                target=activities[row["target"]],
                kind=row["kind"],
                note_fr=row["note_fr"],
                note_en=row["note_en"],
            )
    for row in content["plan"]:
        strategy, done_ago = row.get("strategy"), row.get("done_days_ago")
        SharedAction.objects.create(
            initiative=initiative,
            title_fr=row["title_fr"],
            title_en=row["title_en"],
            owner_body=cast.body(row.get("owner_body")),
            owner_person=cast.person(row["owner_person"]) if "owner_person" in row else None,
            partner=cast.partner(row.get("partner")),
            strategy=links.strategies[strategy] if strategy is not None else None,
            due=today + timedelta(days=row["due_in_days"]),
            status=row["status"],
            done_on=today - timedelta(days=done_ago) if done_ago else None,
        )


def _populations(initiative: Initiative, rows) -> dict[str, Population]:
    return {
        row["key"]: Population.objects.create(
            initiative=initiative, name_fr=row["name_fr"], name_en=row["name_en"], position=position
        )
        for position, row in enumerate(rows)
    }


class _Links:
    """The agenda's and measurement's records the data names by position or code."""

    def __init__(self, initiative: Initiative, populations: dict[str, Population]):
        self.populations = populations
        self.strategies = list(Strategy.objects.filter(initiative=initiative))
        self.levers = list(Lever.objects.filter(initiative=initiative))
        self.outcomes = list(Outcome.objects.filter(initiative=initiative))
        self.territories = {t.code: t for t in Territory.objects.filter(initiative=initiative)}
        self.indicators = {i.code: i for i in Indicator.objects.filter(initiative=initiative)}

    def link(self, activity: Activity, row: dict) -> None:
        strategies, levers, outcomes = self.strategies, self.levers, self.outcomes
        activity.strategies.set([strategies[n] for n in row["strategies"] if n < len(strategies)])
        activity.levers.set([levers[n] for n in row["levers"] if n < len(levers)])
        activity.outcomes.set([outcomes[n] for n in row["outcomes"] if n < len(outcomes)])
        activity.populations.set([self.populations[key] for key in row["populations"]])
        places = [self.territories[c] for c in row["territories"] if c in self.territories]
        activity.territories.set(places)
        codes = [self.indicators[c] for c in row["indicators"] if c in self.indicators]
        activity.indicators.set(codes)
