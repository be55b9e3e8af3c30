"""The fixed vocabularies of the domain, with their Danish names.

Codes (left) are stored in the database and used in code; names (right) are shown
to users through :func:`inventar.i18n._`.
"""

from __future__ import annotations

from inventar.i18n import _

CATEGORIES: dict[str, str] = {
    "desk": "Skrivebord",
    "task_chair": "Kontorstol",
    "chair": "Stol",
    "armchair": "Lænestol",
    "sofa": "Sofa",
    "meeting_table": "Mødebord",
    "table": "Bord",
    "storage": "Opbevaring",
    "shelf": "Reol",
    "cabinet": "Skab",
    "lamp": "Lampe",
    "art": "Kunst og udsmykning",
    "textile": "Tekstil og tæpper",
    "screen": "Skærmvæg",
    "other": "Andet",
}

CONDITIONS: dict[int, str] = {
    1: "1 – Kassabel: ødelagt, kan ikke repareres",
    2: "2 – Dårlig: kræver større reparation",
    3: "3 – Brugbar: slid, mindre reparation",
    4: "4 – God: normalt brugsslid",
    5: "5 – Som ny: ingen synlige skader",
}

ROOM_STATUSES: dict[str, str] = {
    "not_visited": "Ikke besøgt",
    "in_progress": "I gang",
    "done": "Færdig",
}

DECISION_KINDS: dict[str, str] = {
    "reuse": "Genbrug",
    "dispose": "Kassér",
    "pending": "Afventer",
    "inspect": "Skal besigtiges",
}

DISPOSAL_ROUTES: dict[str, str] = {
    "sell": "Sælges",
    "donate": "Doneres",
    "recycle": "Genanvendes",
    "scrap": "Skrottes",
    "return": "Returneres til leverandør",
}

APPROVAL_STATES: dict[str, str] = {
    "none": "Ikke indstillet",
    "proposed": "Foreslået",
    "approved": "Godkendt",
    "rejected": "Afvist",
}

# The architects' registration criteria (the full strategy file comes with the
# registration workflow; these codes are the stable ones stored on items).
STRATEGY_CRITERIA: dict[str, str] = {
    "craftsmanship": "Håndværksmæssig kvalitet",
    "colour": "Særlige farver",
    "period": "Specifik tidsperiode",
    "story": "Fortæller organisationens historie",
    "sustainability": "Bæredygtighed",
}


def floor_name(level: int) -> str:
    """The Danish name of a floor level, the one spelling everywhere: »Kælder«, »2. kælder«, »Stueetage«, »1. sal«."""
    if level < 0:
        return _("Kælder") if level == -1 else _("{n}. kælder", n=-level)
    return _("Stueetage") if level == 0 else _("{n}. sal", n=level)
