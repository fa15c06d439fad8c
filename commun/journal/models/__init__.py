"""The journal's models, one module per idea, all importable from here."""

from commun.journal.models.actors import ActorKind, MarkerLevel, ProgressMarker, SocialActor
from commun.journal.models.campaigns import HarvestCampaign
from commun.journal.models.learning import (
    Interpretation,
    LearningFormat,
    LearningSession,
    NowWhat,
)
from commun.journal.models.outcomes import ChangeKind, Evidence, ObservedOutcome
from commun.journal.models.substantiation import Agreement, Substantiation

__all__ = [
    "ActorKind",
    "Agreement",
    "ChangeKind",
    "Evidence",
    "HarvestCampaign",
    "Interpretation",
    "LearningFormat",
    "LearningSession",
    "MarkerLevel",
    "NowWhat",
    "ObservedOutcome",
    "ProgressMarker",
    "SocialActor",
    "Substantiation",
]
