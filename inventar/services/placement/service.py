"""Floors and centres of the new building, the collaboration matrix, scenarios and their stack plans.

The active scenario is "the" plan: saving it moves the target floor of every
item assigned to a centre to that centre's main floor (the floor with most of
its workplaces; the lowest of equals).
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Shares, Weights
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import Centre, Collaboration, Decision, Floor, Item, Placement, Scenario
from inventar.models.entities import utcnow
from inventar.services import audit
from inventar.services.placement.main_floors import main_floors
from inventar.services.placement.optimiser import Pins

DEFAULT_SCENARIO = "Aktuel plan"


class PlacementError(UserError, ValueError):
    """Bad input for floors, centres, the matrix or scenarios; the message is Danish and specific."""


@dataclass
class ScenarioInfo:
    id: int
    name: str
    weights: Weights
    is_active: bool


def _db():
    return Centre._meta.database


class PlacementService:
    def __init__(self, user: str = "") -> None:
        self.user = user

    # -- the building -----------------------------------------------------------------
    def floors(self) -> list[FloorSpec]:
        return [FloorSpec(f.id, f.level, f.name, f.capacity) for f in Floor.select().order_by(Floor.level)]

    def floor_area(self, floor_id: int) -> float | None:
        return Floor.get_by_id(floor_id).area_m2

    def centres(self) -> list[CentreSpec]:
        return [CentreSpec(c.id, c.abbreviation, c.name, c.headcount, c.citizen_contact, c.colour)
                for c in Centre.select().order_by(Centre.abbreviation)]

    def problem(self) -> Problem:
        matrix = {(min(a, b), max(a, b)): v for a, b, v in
                  Collaboration.select(Collaboration.centre_a, Collaboration.centre_b, Collaboration.value).tuples()
                  if v}
        return Problem(self.floors(), self.centres(), matrix)

    def save_floor(self, floor_id: int | None, level: int, name: str, capacity: int,
                   area_m2: float | None = None) -> int:
        name = (name or "").strip()
        if not name:
            raise PlacementError(_("Etagen skal have et navn"))
        if not -5 <= int(level) <= 50:
            raise PlacementError(_("Etageniveau skal være mellem -5 og 50 (0 er stueetagen)"))
        if int(capacity) < 0:
            raise PlacementError(_("Kapaciteten kan ikke være negativ"))
        if area_m2 is not None and area_m2 < 0:
            raise PlacementError(_("Arealet kan ikke være negativt"))
        clash = Floor.select().where((Floor.level == level) & (Floor.id != (floor_id or 0))).first()
        if clash:
            raise PlacementError(_("Niveau {level} bruges allerede af {name}", level=level, name=clash.name))
        values = {"level": int(level), "name": name, "capacity": int(capacity), "area_m2": area_m2}
        with _db().atomic():
            if floor_id is None:
                floor_id = Floor.create(**values).id
                audit.record(self.user, "floor", floor_id, "create")
            else:
                Floor.update(**values).where(Floor.id == floor_id).execute()
                audit.record(self.user, "floor", floor_id, "update")
        return floor_id

    def delete_floor(self, floor_id: int) -> None:
        with _db().atomic():
            Placement.delete().where(Placement.floor == floor_id).execute()
            Item.update(target_floor=None).where(Item.target_floor == floor_id).execute()  # marked changed
            Floor.delete().where(Floor.id == floor_id).execute()
            audit.record(self.user, "floor", floor_id, "delete")
            self.sync_item_floors()

    def save_centre(self, centre_id: int | None, name: str, abbreviation: str, workplaces: int,
                    contact: int, colour: str = "#7f8c8d") -> int:
        name, abbreviation = (name or "").strip(), (abbreviation or "").strip()
        if not name:
            raise PlacementError(_("Centret skal have et navn"))
        if not abbreviation or len(abbreviation) > 20:
            raise PlacementError(_("Forkortelsen skal være 1–20 tegn"))
        if int(workplaces) < 0:
            raise PlacementError(_("Antal arbejdspladser kan ikke være negativt"))
        if not 0 <= int(contact) <= 5:
            raise PlacementError(_("Borgerkontakt skal være fra 0 (ingen) til 5 (meget)"))
        if not (len(colour) == 7 and colour.startswith("#")):
            raise PlacementError(_("Farven skal skrives som #rrggbb"))
        clash = Centre.select().where((Centre.abbreviation == abbreviation) & (Centre.id != (centre_id or 0))).first()
        if clash:
            raise PlacementError(_("Forkortelsen {abbreviation} bruges allerede af {name}",
                                   abbreviation=abbreviation, name=clash.name))
        values = {"name": name, "abbreviation": abbreviation, "headcount": int(workplaces),
                  "citizen_contact": int(contact), "colour": colour}
        with _db().atomic():
            if centre_id is None:
                centre_id = Centre.create(**values).id
                audit.record(self.user, "centre", centre_id, "create")
            else:
                Centre.update(**values).where(Centre.id == centre_id).execute()
                audit.record(self.user, "centre", centre_id, "update")
                self._trim_placements(centre_id, int(workplaces))
        return centre_id

    @staticmethod
    def _trim_placements(centre_id: int, workplaces: int) -> None:
        """A centre that shrank gives back workplaces in every scenario, from its highest floor down."""
        for scenario_id, in Placement.select(Placement.scenario).where(Placement.centre == centre_id).distinct().tuples():
            rows = list(Placement.select(Placement, Floor.level).join(Floor)
                        .where((Placement.scenario == scenario_id) & (Placement.centre == centre_id))
                        .order_by(Floor.level.desc()))
            excess = sum(r.workplaces for r in rows) - workplaces
            for row in rows:
                if excess <= 0:
                    break
                taken = min(row.workplaces, excess)
                excess -= taken
                if taken == row.workplaces:
                    row.delete_instance()
                else:
                    Placement.update(workplaces=row.workplaces - taken).where(Placement.id == row.id).execute()

    def delete_centre(self, centre_id: int) -> None:
        with _db().atomic():
            Collaboration.delete().where((Collaboration.centre_a == centre_id)
                                         | (Collaboration.centre_b == centre_id)).execute()
            Placement.delete().where(Placement.centre == centre_id).execute()
            Item.update(target_centre=None).where(Item.target_centre == centre_id).execute()
            # split parts going there follow their item again (and are marked changed, so bundles carry it)
            Decision.update(target_centre=None).where(Decision.target_centre == centre_id).execute()
            Centre.delete().where(Centre.id == centre_id).execute()
            audit.record(self.user, "centre", centre_id, "delete")

    def set_collaboration(self, a: int, b: int, value: int) -> None:
        if a == b:
            raise PlacementError(_("Et center samarbejder ikke med sig selv i matricen"))
        if not 0 <= int(value) <= 9:
            raise PlacementError(_("Samarbejde skal være et tal fra 0 til 9"))
        low, high = min(a, b), max(a, b)
        with _db().atomic():
            Collaboration.delete().where((Collaboration.centre_a == low) & (Collaboration.centre_b == high)).execute()
            if value:
                Collaboration.create(centre_a=low, centre_b=high, value=int(value))

    # -- scenarios ----------------------------------------------------------------------
    @staticmethod
    def _info(s: Scenario) -> ScenarioInfo:
        return ScenarioInfo(s.id, s.name, Weights(s.weight_contact, s.weight_collaboration, s.weight_split),
                            s.is_active)

    def scenarios(self) -> list[ScenarioInfo]:
        return [self._info(s) for s in Scenario.select().order_by(Scenario.name)]

    def active_scenario(self) -> ScenarioInfo:
        """The active scenario; an empty one named "Aktuel plan" is created the first time."""
        scenario = Scenario.select().where(Scenario.is_active == True).first()  # noqa: E712
        if scenario is None:
            with _db().atomic():
                scenario = Scenario.select().order_by(Scenario.id).first() or Scenario.create(name=DEFAULT_SCENARIO)
                Scenario.update(is_active=True).where(Scenario.id == scenario.id).execute()
                scenario = Scenario.get_by_id(scenario.id)
        return self._info(scenario)

    def scenario(self, scenario_id: int) -> ScenarioInfo:
        return self._info(Scenario.get_by_id(scenario_id))

    def save_scenario_as(self, source_id: int, name: str) -> int:
        """A copy of a scenario (plan, pins and weights) under a new name."""
        name = (name or "").strip()
        if not name:
            raise PlacementError(_("Scenariet skal have et navn"))
        if Scenario.select().where(fn.LOWER(Scenario.name) == name.lower()).exists():
            raise PlacementError(_("Der findes allerede et scenarie med navnet »{name}«", name=name))
        source = Scenario.get_by_id(source_id)
        with _db().atomic():
            copy = Scenario.create(name=name, weight_contact=source.weight_contact,
                                   weight_collaboration=source.weight_collaboration,
                                   weight_split=source.weight_split)
            rows = [{"scenario": copy.id, "centre": p.centre_id, "floor": p.floor_id, "workplaces": p.workplaces,
                     "pinned": p.pinned} for p in Placement.select().where(Placement.scenario == source_id)]
            if rows:
                Placement.insert_many(rows).execute()
        return copy.id

    def activate(self, scenario_id: int) -> int:
        """Make a scenario the plan; returns the number of items whose target floor moved."""
        with _db().atomic():
            Scenario.update(is_active=False).execute()
            Scenario.update(is_active=True).where(Scenario.id == scenario_id).execute()
            return self.sync_item_floors()

    def delete_scenario(self, scenario_id: int) -> None:
        scenario = Scenario.get_by_id(scenario_id)
        if scenario.is_active:
            raise PlacementError(_("Det aktive scenarie kan ikke slettes; vælg først et andet"))
        scenario.delete_instance(recursive=True)

    def set_weights(self, scenario_id: int, weights: Weights) -> None:
        if min(weights.contact, weights.collaboration, weights.split) < 0:
            raise PlacementError(_("Vægtene kan ikke være negative"))
        Scenario.update(weight_contact=weights.contact, weight_collaboration=weights.collaboration,
                        weight_split=weights.split, updated_at=utcnow()).where(Scenario.id == scenario_id).execute()

    # -- the plan -----------------------------------------------------------------------
    def shares(self, scenario_id: int) -> Shares:
        result: Shares = {c.id: {} for c in Centre.select(Centre.id)}
        for centre, floor, n in (Placement.select(Placement.centre, Placement.floor, Placement.workplaces)
                                 .where(Placement.scenario == scenario_id).tuples()):
            result.setdefault(centre, {})[floor] = n
        return result

    def pins(self, scenario_id: int) -> Pins:
        return {(c, f): n for c, f, n in
                Placement.select(Placement.centre, Placement.floor, Placement.workplaces)
                .where((Placement.scenario == scenario_id) & (Placement.pinned == True)).tuples()}  # noqa: E712

    def pinned_centres(self, scenario_id: int) -> set[int]:
        return {c for c, _f in self.pins(scenario_id)}

    def save_plan(self, scenario_id: int, shares: Shares, pinned_centres: set[int] | None = None) -> int:
        """Replace the scenario's plan; pinned centres keep all their shares fixed for the optimiser.

        Returns the number of items whose target floor moved (only for the active scenario).
        """
        if pinned_centres is None:
            pinned_centres = self.pinned_centres(scenario_id)
        centres = {c.id: c for c in Centre.select()}
        floors = {f.id for f in Floor.select(Floor.id)}
        rows = []
        for centre_id, floors_of in shares.items():
            if centre_id not in centres:
                raise PlacementError(_("Ukendt center (id {id})", id=centre_id))
            if sum(floors_of.values()) > centres[centre_id].headcount:
                raise PlacementError(_("{centre} er placeret med flere arbejdspladser end centret skal bruge",
                                       centre=centres[centre_id].abbreviation))
            for floor_id, n in floors_of.items():
                if floor_id not in floors:
                    raise PlacementError(_("Ukendt etage (id {id})", id=floor_id))
                if n < 0:
                    raise PlacementError(_("Antal arbejdspladser kan ikke være negativt"))
                if n:
                    rows.append({"scenario": scenario_id, "centre": centre_id, "floor": floor_id, "workplaces": n,
                                 "pinned": centre_id in pinned_centres})
        with _db().atomic():
            Placement.delete().where(Placement.scenario == scenario_id).execute()
            if rows:
                Placement.insert_many(rows).execute()
            Scenario.update(updated_at=utcnow()).where(Scenario.id == scenario_id).execute()
            if Scenario.get_by_id(scenario_id).is_active:
                return self.sync_item_floors()
        return 0

    # -- items follow the plan ------------------------------------------------------------
    def main_floors(self) -> dict[int, int | None]:
        """Centre id -> its main floor in the active scenario (None when not placed)."""
        return main_floors()

    def sync_item_floors(self) -> int:
        """Set each centre-assigned item's target floor to its centre's main floor; returns items moved."""
        moved = 0
        with _db().atomic():
            for centre, floor in self.main_floors().items():
                if floor is None:
                    stale = Item.target_floor.is_null(False)
                else:
                    stale = Item.target_floor.is_null() | (Item.target_floor != floor)
                moved += Item.update(target_floor=floor).where((Item.target_centre == centre) & stale).execute()
        return moved
