"""`load_demo()`: the demo, step by step, in one transaction.

Each app's step fills what it owns in one go, and is idempotent in one way: a step is skipped when
its marker exists (initiatives: the main initiative; agenda: a canvas; measurement: a territory;
activities: a population; assessments: a round). So `commun demo` can run on every start and the
test suite can load it again after a flush; running it twice adds nothing. Besides, the printed
logins are set back to the demo password on every run.
"""

from django.db import transaction

from commun.demo import (
    activities,
    agenda,
    assessments,
    communication,
    decisions,
    governance,
    initiatives,
    journal,
    measurement,
    meetings,
    terms,
)
from commun.demo.cast import DEMO_PASSWORD, MAIN_SLUG, OTHER_SLUG, Cast, DemoLogin
from commun.initiatives.models import Initiative

__all__ = ["DEMO_PASSWORD", "MAIN_SLUG", "OTHER_SLUG", "DemoLogin", "load_demo"]

# In order: each step builds on the ones before it.
STEPS = (
    agenda,
    measurement,
    activities,
    assessments,
    governance,
    terms,
    meetings,
    decisions,
    communication,
    journal,
)


def load_demo() -> list[DemoLogin]:
    """Create what is missing of the demo; returns the logins to print."""
    with transaction.atomic():
        if not initiatives.loaded():
            initiatives.load()
        initiatives.restore_logins()
        cast = Cast(Initiative.objects.get(slug=MAIN_SLUG))
        for step in STEPS:
            if not step.loaded(cast.initiative):
                step.load(cast)
    return initiatives.logins()
