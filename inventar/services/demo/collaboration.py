"""Demo collaboration matrix between the demo centres (invented, plausible figures; 0..9)."""

from __future__ import annotations

from inventar.models import Centre, Collaboration

DEMO_MATRIX = {  # invented: who works with whom in the demo organisation
    ("BAC", "SUOC"): 8, ("BAC", "SHC"): 6, ("BAC", "BR"): 7, ("BAC", "ØDC"): 3, ("BAC", "CEIS"): 2,
    ("BYC", "HRC"): 5, ("BYC", "ØDC"): 7, ("BYC", "BR"): 3, ("BYC", "DTF"): 4, ("HRC", "ØDC"): 6,
    ("HRC", "CEIS"): 3, ("ØDC", "IT"): 8, ("ØDC", "DTF"): 6, ("SUOC", "SHC"): 9, ("SUOC", "BR"): 4,
    ("SHC", "BR"): 3, ("CEIS", "IT"): 5, ("IT", "DTF"): 9, ("HRC", "SUOC"): 2, ("CEIS", "BYC"): 2,
}


def create_demo_collaboration() -> int:
    """Add the demo matrix between demo centres where no value is set yet; returns the cells added."""
    ids = dict(Centre.select(Centre.abbreviation, Centre.id).where(Centre.is_demo == True).tuples())  # noqa: E712
    existing = set(Collaboration.select(Collaboration.centre_a, Collaboration.centre_b).tuples())
    rows = []
    for (a, b), value in DEMO_MATRIX.items():
        if a in ids and b in ids:
            low, high = min(ids[a], ids[b]), max(ids[a], ids[b])
            if (low, high) not in existing:
                rows.append({"centre_a": low, "centre_b": high, "value": value})
    if rows:
        Collaboration.insert_many(rows).execute()
    return len(rows)


def create_demo_plan() -> bool:
    """A first stack plan for the demo building (greedy, then improved by local search), so the stack
    diagram opens with something to drag; only when the active scenario has no placements yet."""
    from inventar.services.placement.local_search import improve
    from inventar.services.placement.optimiser import PlanInfeasibleError, check_feasible, greedy_stack
    from inventar.services.placement.service import PlacementService

    service = PlacementService(user="demo")
    scenario = service.active_scenario()
    if any(service.shares(scenario.id).values()):
        return False
    problem = service.problem()
    try:
        check_feasible(problem, {})
    except PlanInfeasibleError:
        return False
    shares = improve(problem, greedy_stack(problem, {}), scenario.weights, {}, seconds=0.3)
    service.save_plan(scenario.id, shares, set())
    return True
