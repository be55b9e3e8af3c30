"""Each centre's main floor in the active stack plan: where its items (and split parts sent to it) go.

Kept apart from :mod:`inventar.services.placement.service` so the review and the lists can ask without
importing the optimiser (OR-Tools).
"""

from __future__ import annotations

from inventar.models import Centre, Floor, Placement, Scenario


def main_floors() -> dict[int, int | None]:
    """Centre id -> its main floor in the active scenario: the floor with most of its workplaces, the lowest
    of equals (None when the centre is not placed or there is no active scenario)."""
    scenario = Scenario.select().where(Scenario.is_active == True).first()  # noqa: E712
    result: dict[int, int | None] = {c: None for c, in Centre.select(Centre.id).tuples()}
    if scenario is None:
        return result
    best: dict[int, tuple[int, int]] = {}
    query = (Placement.select(Placement.centre, Placement.floor, Placement.workplaces, Floor.level)
             .join(Floor).where(Placement.scenario == scenario.id).tuples())
    for centre, floor, n, level in query:
        key = (-n, level)
        if centre not in best or key < best[centre]:
            best[centre] = key
            result[centre] = floor
    return result
