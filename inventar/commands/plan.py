"""``plan``: print the stack plan of the active scenario (or the optimum) with the score per principle."""

from __future__ import annotations

import argparse
import json
import sys

from inventar.domain.placement import Problem, Score, Shares, score
from inventar.i18n import _
from inventar.models.database import Store
from inventar.services.placement.optimiser import PlanInfeasibleError, optimise
from inventar.services.placement.service import PlacementService


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("plan", help=_("vis etagefordelingen (stakplanen) med point for hvert princip"))
    parser.add_argument("--optimise", action="store_true",
                        help=_("vis den optimale fordeling (fastlåste placeringer holdes); gemmes ikke"))
    parser.add_argument("--json", action="store_true", help=_("maskinlæsbart resultat (JSON)"))
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="S",
                        help=_("højst så mange sekunder til optimeringen (standard 10)"))
    parser.set_defaults(run=run)


def _json(problem: Problem, shares: Shares, result: Score, scenario: str, optimiser) -> dict:
    floors = []
    for f in problem.floors:
        placed = [{"centre": c.abbreviation, "workplaces": shares.get(c.id, {}).get(f.id, 0)}
                  for c in problem.centres if shares.get(c.id, {}).get(f.id, 0)]
        floors.append({"level": f.level, "name": f.name, "capacity": f.capacity,
                       "used": sum(p["workplaces"] for p in placed), "centres": placed})
    centres = []
    for c in problem.centres:
        floors_of = shares.get(c.id, {})
        placed = sum(floors_of.values())
        centres.append({"abbreviation": c.abbreviation, "name": c.name, "workplaces": c.workplaces,
                        "citizen_contact": c.contact, "placed": placed,
                        "shares": [{"level": problem.floor(f).level, "workplaces": n,
                                    "share": round(n / c.workplaces, 4) if c.workplaces else 0}
                                   for f, n in sorted(floors_of.items(), key=lambda i: problem.floor(i[0]).level)
                                   if n]})
    data = {"scenario": scenario, "floors": floors, "centres": centres, "score": result.as_dict(),
            "optimal": None, "status": "current", "bound": None}
    if optimiser is not None:
        data.update(optimal=optimiser.optimal, status=optimiser.status, bound=optimiser.bound,
                    seconds=round(optimiser.seconds, 3), method=optimiser.method)
    return data


def _text(problem: Problem, shares: Shares, result: Score, scenario: str, optimiser) -> str:
    lines = [_("Etagefordeling – {name}", name=scenario if optimiser is None else _("optimum"))]
    for f in reversed(problem.floors):
        parts = [f"{c.abbreviation} {shares[c.id][f.id]}" for c in problem.centres
                 if shares.get(c.id, {}).get(f.id, 0)]
        used = sum(shares.get(c.id, {}).get(f.id, 0) for c in problem.centres)
        lines.append(f"  {f.level:>2} {f.name:<14} {used:>4}/{f.capacity:<4} " + ", ".join(parts))
    unplaced = [f"{c.abbreviation} {c.workplaces - sum(shares.get(c.id, {}).values())}" for c in problem.centres
                if c.workplaces > sum(shares.get(c.id, {}).values())]
    if unplaced:
        lines.append("  " + _("Ikke placeret: {list}", list=", ".join(unplaced)))
    w1, w2, w3 = result.weighted
    lines += [
        _("Point (lavere er bedre): {total:.1f}", total=result.total),
        "  " + _("1 Borgerkontakt: {raw:.2f} × {w:g} = {value:.1f}", raw=result.contact, w=result.weights.contact,
                 value=w1),
        "  " + _("2 Samarbejde:    {raw:.2f} × {w:g} = {value:.1f}", raw=result.collaboration,
                 w=result.weights.collaboration, value=w2),
        "  " + _("3 Opdeling:      {raw} × {w:g} = {value:.1f}", raw=result.split, w=result.weights.split, value=w3),
    ]
    if optimiser is not None:
        if optimiser.optimal:
            lines.append(_("Bevist optimal ({seconds:.1f} s)", seconds=optimiser.seconds))
        else:
            lines.append(_("Bedste fundne efter {seconds:.1f} s; bevist nedre grænse {bound:.1f} "
                           "(højst {gap:.0%} fra optimum)", seconds=optimiser.seconds, bound=optimiser.bound,
                           gap=optimiser.gap))
    return "\n".join(lines)


def run(args: argparse.Namespace, store: Store) -> int:
    service = PlacementService()
    scenario = service.active_scenario()
    problem = service.problem()
    shares = service.shares(scenario.id)
    optimiser = None
    if args.optimise:
        try:
            optimiser = optimise(problem, scenario.weights, service.pins(scenario.id), time_limit=args.time_limit,
                                 hint=shares)
        except PlanInfeasibleError as exc:
            print(f"{_('Fejl')}: {exc}", file=sys.stderr)
            return 1
        shares = optimiser.shares
    result = score(problem, shares, scenario.weights)
    if args.json:
        print(json.dumps(_json(problem, shares, result, scenario.name, optimiser), ensure_ascii=False, indent=2))
    else:
        print(_text(problem, shares, result, scenario.name, optimiser))
    return 0
