"""Shared measurement: territories, disaggregations, indicators, observations and their aggregates.

An Observation is one value reported by one partner (or by the backbone, partner empty) for one
indicator, period, territory and breakdown (a combination of disaggregation categories, "" for the
total). Aggregate rows are kept up to date as observations change (see `aggregation.py`), so pages
read a fixed number of rows whatever the number of observations. Aggregate rows hold totals and
one-dimension margins; cells crossing several disaggregations are computed when read.

One module per idea: `territories` (territories, disaggregations), `indicators` (definitions,
targets), `observations` (values, corrections, figures), `exchange` (import jobs, API keys),
`dhis2` (what DHIS2 ids mean).
Every model is imported from here: `from commun.measurement.models import Indicator`.
"""

from commun.measurement.models.dhis2 import DEFAULT_COMBO, Dhis2Mapping
from commun.measurement.models.exchange import ApiToken, ImportJob, ImportJobFile, ImportProfile
from commun.measurement.models.indicators import MAX_COMBINATIONS, Indicator, Target
from commun.measurement.models.observations import (
    STORED_PRECISION,
    Aggregate,
    FiguresPending,
    FiguresVersion,
    MissingValue,
    Observation,
    ObservationChange,
    PartnersReported,
)
from commun.measurement.models.territories import (
    Category,
    CodedName,
    Dimension,
    Territory,
    TerritoryAlias,
)

__all__ = [
    "DEFAULT_COMBO",
    "MAX_COMBINATIONS",
    "STORED_PRECISION",
    "Aggregate",
    "ApiToken",
    "Category",
    "CodedName",
    "Dhis2Mapping",
    "Dimension",
    "FiguresPending",
    "FiguresVersion",
    "ImportJob",
    "ImportJobFile",
    "ImportProfile",
    "Indicator",
    "MissingValue",
    "Observation",
    "ObservationChange",
    "PartnersReported",
    "Target",
    "Territory",
    "TerritoryAlias",
]
