"""Rates of every mechanism: the parameter blocks of a scenario.

Each block gathers the numbers of one mechanism of the model (population, deaths,
migration, employment, the admission pipeline, members leaving the rolls), declared
with :func:`~partysim.scenario.parameters.param`: default, plausible range, unit and a
description in English and Vietnamese. Units: rates are *per year* unless the name says
otherwise; durations are in *months*; ages in *years*; shares are fractions 0-1.
"""

from __future__ import annotations

from partysim.scenario.rates.composition import Composition
from partysim.scenario.rates.demography import Demography
from partysim.scenario.rates.employment import Employment
from partysim.scenario.rates.migration import Migration
from partysim.scenario.rates.outflow import Outflow
from partysim.scenario.rates.pipeline import Pipeline
from partysim.scenario.rates.population import Population
from partysim.scenario.rates.schooling import Schooling

__all__ = ["Composition", "Demography", "Employment", "Migration", "Outflow", "Pipeline", "Population", "Schooling"]
