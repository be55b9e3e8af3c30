"""Brute force over every stack plan of a tiny instance (the reference the optimiser is checked against)."""

import itertools


def compositions(total, caps):
    for cut in itertools.product(*(range(min(total, c) + 1) for c in caps)):
        if sum(cut) == total:
            yield cut


def plans(problem, pins, whole_only=False):
    """Every complete plan within the capacities that keeps the pins (``whole_only``: no centre split)."""
    floors = problem.floors
    options = []
    for c in problem.centres:
        options.append([dict(zip([f.id for f in floors], comp)) for comp in
                        compositions(c.workplaces, [f.capacity for f in floors])
                        if all(comp[i] == pins.get((c.id, f.id), comp[i]) for i, f in enumerate(floors))
                        and (not whole_only or c.workplaces == 0 or c.workplaces in comp)])
    for combo in itertools.product(*options):
        if any(sum(d[f.id] for d in combo) > f.capacity for f in floors):
            continue
        yield {c.id: {f: n for f, n in d.items() if n} for c, d in zip(problem.centres, combo)}


def brute_force(problem, weights, pins, whole_only=False):
    """The lowest score over all plans, or None when there is none."""
    from inventar.domain.placement import score

    totals = [score(problem, shares, weights).total for shares in plans(problem, pins, whole_only)]
    return min(totals) if totals else None
