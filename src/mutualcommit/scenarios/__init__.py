"""What-if modelling: variants of an agreement, projections with uncertainty, plots.

An edge layer: it builds on the model, the KPI evaluation and the
rules. Projections are estimates and compute in floats; nothing here is
ever written back into an agreement. The plots need the optional extra
``plot`` (matplotlib), the frames ``pandas`` or ``polars``.
"""

from ._assumptions import (
    Assumptions,
    Distribution,
    Driver,
    Fixed,
    Pert,
    Poisson,
    Triangular,
)
from ._plots import plot_burnup, plot_comparison, plot_fan
from ._project import DEFAULT_PERCENTILES, MAX_SIMULATED_VALUES, project
from ._results import (
    Basis,
    Caveat,
    IncentiveProjection,
    IncentiveWindowProjection,
    Projection,
    Source,
    Table,
    TargetProjection,
    WindowProjection,
)
from ._scenario import Comparison, ComparisonRow, Scenario, compare
from ._variants import (
    TargetChanges,
    add_contribution,
    change_target,
    scale_allocation,
)

__all__ = [
    "DEFAULT_PERCENTILES",
    "MAX_SIMULATED_VALUES",
    "Assumptions",
    "Basis",
    "Caveat",
    "Comparison",
    "ComparisonRow",
    "Distribution",
    "Driver",
    "Fixed",
    "IncentiveProjection",
    "IncentiveWindowProjection",
    "Pert",
    "Poisson",
    "Projection",
    "Scenario",
    "Source",
    "Table",
    "TargetChanges",
    "TargetProjection",
    "Triangular",
    "WindowProjection",
    "add_contribution",
    "change_target",
    "compare",
    "plot_burnup",
    "plot_comparison",
    "plot_fan",
    "project",
    "scale_allocation",
]
