"""Realistic demo data: the old town hall's rooms, furniture with photos, centres and new floors.

Everything created here is marked ``is_demo``; head counts, contact levels and
capacities are invented (the board minutes do not give them).
"""

from __future__ import annotations

import io
import random
import uuid
from collections.abc import Callable
from datetime import timedelta

from PIL import Image, ImageDraw

from inventar.models import Centre, Floor, Item, Meta, Photo, Room
from inventar.models.entities import utcnow
from inventar.services.demo.collaboration import create_demo_collaboration, create_demo_plan
from inventar.services.demo.decisions import create_demo_decisions
from inventar.services.labels.codes import LabelCodeService
from inventar.services.photos.store import PhotoStore

Progress = Callable[[int, int], None]

OLD_FLOORS = {
    -1: ["Arkiv", "Arkiv", "Depot", "Teknikrum", "Cykelkælder", "Omklædning"],
    0: ["Borgerservice", "Reception", "Kantine", "Venteområde", "Mødelokale", "Kontor", "Kontor", "Jobcenter",
        "Kontor", "Pedelværksted", "Postrum"],
    1: ["Byrådssal", "Udvalgsværelse", "Borgmesterkontor", "Mødelokale", "Kontor", "Kontor", "Kontor",
        "Kontor", "Frokoststue", "Kopirum", "Sekretariat"],
    2: ["Kontor", "Kontor", "Kontor", "Kontor", "Mødelokale", "Mødelokale", "Stillerum", "Frokoststue",
        "Kopirum", "Projektrum"],
    3: ["Kontor", "Kontor", "Kontor", "Kontor", "Mødelokale", "IT-værksted", "Serverrum", "Frokoststue",
        "Kursuslokale"],
}

CENTRES = [  # name, abbreviation, headcount, citizen contact 0..5, colour  (invented: demo)
    ("Borger- og Arbejdsmarkedscenter", "BAC", 140, 5, "#e67e22"),
    ("Byrådscentret", "BYC", 35, 2, "#2980b9"),
    ("HR-Centret", "HRC", 30, 1, "#8e44ad"),
    ("Økonomi- og Digitaliseringscentret", "ØDC", 55, 1, "#16a085"),
    ("Social- og Udviklingscenter", "SUOC", 80, 4, "#c0392b"),
    ("Sundheds- og Handicapcenter", "SHC", 70, 4, "#d35400"),
    ("Center for Ejendomme og Intern Service", "CEIS", 45, 2, "#7f8c8d"),
    ("IT", "IT", 25, 1, "#2c3e50"),
    ("Borgerrådgiver", "BR", 3, 5, "#f1c40f"),
    ("Digital taskforce", "DTF", 8, 0, "#27ae60"),
]

NEW_FLOORS = [(0, "Stueetage", 90, 1450.0), (1, "1. sal", 110, 1500.0), (2, "2. sal", 110, 1500.0),
              (3, "3. sal", 100, 1400.0), (4, "4. sal", 90, 1100.0)]

COLOURS = {"Eg natur": "#c8a165", "Sort": "#222222", "Hvid": "#f2f2f2", "Grå": "#8c8c8c",
           "Teak": "#a0662e", "Rød": "#b03a2e", "Petrol": "#1f6f78", "Sennepsgul": "#d4a017"}

CATALOGUE = {  # category: (titles, manufacturers, materials, (w, d, h) ranges, periods)
    "desk": (["Hæve-sænkebord", "Skrivebord", "Chefskrivebord", "Arbejdsbord"],
             ["Kinnarps", "Duba-B8", "Holmris B8", "Labofa", "Paustian"],
             ["Laminat/stål", "Eg finér", "Linoleum/stål", "Bøg"], ((120, 200), (70, 90), (65, 125)),
             ["1990'erne", "2000'erne", "2010'erne"]),
    "task_chair": (["Kontorstol", "Arbejdsstol"], ["HÅG", "Kinnarps", "Labofa", "Steelcase"],
                   ["Stof/plast", "Læder/aluminium", "Net/plast"], ((60, 70), (60, 70), (90, 120)),
                   ["2000'erne", "2010'erne"]),
    "chair": (["Stablestol", "Mødestol", "Syveren", "Myren", "Kantinestol"],
              ["Fritz Hansen", "Magnus Olesen", "Carl Hansen & Søn", "Fredericia"],
              ["Bøg finér", "Eg", "Stål/stof", "Teak"], ((45, 55), (45, 55), (78, 85)),
              ["1960'erne", "1970'erne", "1980'erne", "2000'erne"]),
    "armchair": (["Lænestol", "Loungestol", "Ægget", "Spanske stol"],
                 ["Fritz Hansen", "Fredericia", "Erik Jørgensen"], ["Læder", "Uld", "Eg/læder"],
                 ((70, 90), (70, 90), (70, 110)), ["1950'erne", "1960'erne", "1970'erne"]),
    "sofa": (["Sofa, 2-pers.", "Sofa, 3-pers.", "Modulsofa"], ["Erik Jørgensen", "Fredericia", "Montana"],
             ["Uld", "Læder", "Kunstlæder"], ((150, 240), (80, 95), (70, 85)), ["1970'erne", "1990'erne"]),
    "meeting_table": (["Mødebord", "Konferencebord", "Byrådsbord"], ["Paustian", "Fritz Hansen", "Kinnarps"],
                      ["Eg massiv", "Laminat", "Valnød finér"], ((160, 480), (80, 140), (72, 74)),
                      ["1970'erne", "1990'erne", "2010'erne"]),
    "table": (["Kantinebord", "Sofabord", "Sidebord", "Cafébord"], ["Magnus Olesen", "Montana", "HAY"],
              ["Laminat", "Eg", "Linoleum"], ((60, 180), (60, 90), (45, 74)), ["1980'erne", "2000'erne"]),
    "storage": (["Reolskab", "Skuffesektion", "Rullecontainer", "Lockerskab"], ["Montana", "Kinnarps", "Bisley"],
                ["Stål", "MDF lakeret", "Eg finér"], ((40, 120), (40, 60), (60, 200)), ["1990'erne", "2000'erne"]),
    "shelf": (["Reol", "Arkivreol", "Bogreol"], ["Montana", "String", "Hylla"], ["Stål", "Fyr", "Eg"],
              ((80, 200), (30, 50), (100, 220)), ["1960'erne", "1980'erne", "2000'erne"]),
    "cabinet": (["Skab med låger", "Vitrineskab", "Dokumentskab"], ["Bisley", "Montana", "Ukendt snedker"],
                ["Teak", "Stål", "Eg massiv"], ((80, 200), (40, 60), (90, 210)), ["1950'erne", "1970'erne"]),
    "lamp": (["Pendel", "Gulvlampe", "Bordlampe", "PH 5"], ["Louis Poulsen", "Le Klint", "Lightyears"],
             ["Aluminium", "Plisseret papir", "Messing"], ((20, 60), (20, 60), (30, 180)),
             ["1950'erne", "1960'erne", "1980'erne"]),
    "art": (["Maleri", "Vævet tæppe", "Skulptur", "Relief"], ["Lokal kunstner", "Ukendt"],
            ["Olie på lærred", "Uld", "Bronze", "Keramik"], ((40, 300), (3, 40), (40, 200)),
            ["1960'erne", "1970'erne", "1980'erne"]),
    "textile": (["Gulvtæppe", "Gardin", "Akustikpanel"], ["Kvadrat", "Ege"], ["Uld", "Polyester"],
                ((100, 400), (1, 10), (100, 300)), ["1990'erne", "2010'erne"]),
    "screen": (["Skærmvæg", "Bordskærm", "Ophængt akustikskærm"], ["Abstracta", "Kinnarps"],
               ["Stof/aluminium", "Filt"], ((60, 180), (3, 10), (40, 170)), ["2000'erne", "2010'erne"]),
    "other": (["Garderobestativ", "Whiteboard", "Postreol", "Flagstang"], ["Ukendt", "Lintex"],
              ["Stål", "Emalje", "Træ"], ((40, 200), (30, 60), (60, 200)), ["1980'erne", "2000'erne"]),
}

CATEGORY_WEIGHTS = {"desk": 14, "task_chair": 14, "chair": 16, "armchair": 4, "sofa": 3, "meeting_table": 6,
                    "table": 7, "storage": 10, "shelf": 7, "cabinet": 5, "lamp": 5, "art": 3, "textile": 2,
                    "screen": 3, "other": 3}
JANITORS = ["Jens (betjent)", "Bente (betjent)", "Ali (betjent)", "Karin (betjent)"]


def demo_photo(category: str, colour_hex: str, variant: int) -> bytes:
    """A small drawn 'photo': floor, wall and a silhouette in the item's colour."""
    image = Image.new("RGB", (640, 480), "#d9d4c7")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 640, 480), fill="#9c8f7a")
    x0 = 170 + variant * 14
    shapes = {
        "desk": [(x0, 210, x0 + 300, 230), (x0 + 10, 230, x0 + 25, 380), (x0 + 275, 230, x0 + 290, 380)],
        "table": [(x0, 230, x0 + 260, 245), (x0 + 120, 245, x0 + 140, 380), (x0 + 60, 372, x0 + 200, 382)],
        "meeting_table": [(x0 - 60, 220, x0 + 360, 240), (x0, 240, x0 + 20, 380), (x0 + 280, 240, x0 + 300, 380)],
        "storage": [(x0 + 40, 140, x0 + 220, 380)],
        "cabinet": [(x0 + 40, 100, x0 + 240, 380)],
        "shelf": [(x0 + 20, 90, x0 + 30, 380), (x0 + 230, 90, x0 + 240, 380)]
        + [(x0 + 20, y, x0 + 240, y + 8) for y in range(110, 380, 60)],
        "sofa": [(x0 - 30, 250, x0 + 330, 330), (x0 - 30, 190, x0 + 330, 255), (x0 - 40, 330, x0 + 340, 350)],
        "armchair": [(x0 + 40, 250, x0 + 220, 330), (x0 + 50, 150, x0 + 210, 255)],
        "lamp": [(x0 + 120, 120, x0 + 130, 380), (x0 + 70, 80, x0 + 180, 130)],
        "art": [(x0, 80, x0 + 280, 280)],
        "textile": [(x0 - 60, 340, x0 + 360, 420)],
        "screen": [(x0, 150, x0 + 260, 330)],
    }
    default = [(x0 + 60, 260, x0 + 200, 280), (x0 + 60, 160, x0 + 80, 270), (x0 + 65, 280, x0 + 75, 380),
               (x0 + 185, 280, x0 + 195, 380)]
    for box in shapes.get(category, default):
        draw.rectangle(box, fill=colour_hex, outline="#333333", width=2)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def create_demo(photo_store: PhotoStore, items: int = 2000, seed: int = 2022,
                progress: Progress | None = None, decisions: bool = False) -> dict[str, int]:
    """Fill the database with demo data; adds to existing data, never deletes.

    With ``decisions`` the demo items also get review work (votes, decisions with splits and routes,
    board proposals and approvals, target centres) and the demo centres needs per floor: see
    :mod:`inventar.services.demo.decisions`.  One transaction: ``progress`` may raise
    :class:`~inventar.errors.Cancelled`, and then nothing is added.
    """
    with Item._meta.database.atomic():
        result = _create_demo(photo_store, items, seed, progress or (lambda done, total: None))
        if decisions:
            result.update(create_demo_decisions(seed))
        return result


def _create_demo(photo_store: PhotoStore, items: int, seed: int, report: Progress) -> dict[str, int]:
    rng = random.Random(seed)
    db = Item._meta.database
    now = utcnow()
    with db.atomic():
        rooms: list[tuple[int, int]] = []
        existing = {(r.floor, r.number) for r in Room.select(Room.floor, Room.number)}
        for floor, names in OLD_FLOORS.items():
            for index, name in enumerate(names, start=1):
                number = f"{'K' if floor < 0 else floor}.{index:02d}"
                if (floor, number) in existing:
                    continue
                status = rng.choices(["done", "in_progress", "not_visited"], [5, 2, 3])[0]
                room = Room.create(floor=floor, number=number, name=name, status=status, is_demo=True)
                rooms.append((room.id, floor))
        if not rooms:
            rooms = [(r.id, r.floor) for r in Room.select(Room.id, Room.floor)]
        known_centres = {c.abbreviation for c in Centre.select(Centre.abbreviation)}
        for name, abbreviation, headcount, contact, colour in CENTRES:
            if abbreviation not in known_centres:
                Centre.create(name=name, abbreviation=abbreviation, headcount=headcount,
                              citizen_contact=contact, colour=colour, is_demo=True)
        known_levels = {f.level for f in Floor.select(Floor.level)}
        for level, name, capacity, area in NEW_FLOORS:
            if level not in known_levels:
                Floor.create(level=level, name=name, capacity=capacity, area_m2=area, is_demo=True)
        create_demo_collaboration()
        create_demo_plan()
        Meta.set_value("demo", "1")

    label_codes = LabelCodeService(user="demo")
    codes = iter(label_codes.allocate(items))
    printed_rng = random.Random(f"{seed}-labels")  # its own stream: the items stay as before
    photos: dict[tuple[str, str, int], str] = {}
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    batch: list[dict] = []
    photo_rows: list[tuple[str, str, str]] = []

    def flush() -> None:
        with db.atomic():
            Item.insert_many(batch).execute()
            ids = dict(Item.select(Item.uuid, Item.id).where(Item.uuid.in_([r["uuid"] for r in batch])).tuples())
            Photo.insert_many([
                {"item": ids[item_uuid], "file_hash": file_hash, "original_name": name, "position": 0,
                 "is_primary": True, "taken_at": None}
                for item_uuid, file_hash, name in photo_rows
            ]).execute()
        batch.clear()
        photo_rows.clear()

    for _index in range(items):
        if _index % 50 == 0:
            report(_index, items)
        category = rng.choices(categories, weights)[0]
        titles, makers, materials, (w, d, h), periods = CATALOGUE[category]
        colour = rng.choice(list(COLOURS))
        room_id, _floor = rng.choice(rooms)
        variant = rng.randrange(3)
        key = (category, colour, variant)
        if key not in photos:
            photos[key] = photo_store.import_bytes(demo_photo(category, COLOURS[colour], variant),
                                                   f"demo-{category}-{variant}.jpg").file_hash
        criteria = rng.sample(["craftsmanship", "colour", "period", "story", "sustainability"], rng.choice([0, 1, 1, 2]))
        gold = not criteria and rng.random() < 0.3
        quantity = rng.choice([1, 1, 1, 2, 4, 6, 10, 12, 20, 40]) if category in ("chair", "task_chair") \
            else rng.choice([1, 1, 1, 2, 3, 5])
        registered = now - timedelta(days=rng.randrange(0, 60), minutes=rng.randrange(0, 600))
        item_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        batch.append({
            "uuid": item_uuid, "category": category, "title": rng.choice(titles),
            "description": "", "manufacturer": rng.choice(makers), "model_name": "",
            "period": rng.choice(periods), "material": rng.choice(materials), "colour": colour,
            "width_cm": rng.randint(*w), "depth_cm": rng.randint(*d), "height_cm": rng.randint(*h),
            "quantity": quantity, "condition": rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 5, 2])[0],
            "room": room_id, "strategy_criteria": ",".join(sorted(criteria)), "hidden_gold": gold,
            "hidden_gold_reason": "Uden for strategien, men særligt og i god stand" if gold else "",
            "no_photo_reason": "", "registered_by": rng.choice(JANITORS), "registered_at": registered,
            "updated_at": registered, "row_version": 1, "is_demo": True, "label_code": next(codes),
            "label_printed_at": registered + timedelta(hours=2) if printed_rng.random() < 0.8 else None,
        })
        photo_rows.append((item_uuid, photos[key], f"IMG_{rng.randrange(1000, 9999)}.jpg"))
        if len(batch) >= 500:
            flush()
    if batch:
        flush()
    if items:
        label_codes.reserve_batch(min(40, max(5, items // 50)))  # pre-printed labels for the scan-to-open demo
    report(items, items)
    return {"items": items, "rooms": Room.select().count(), "photos": len(photos),
            "centres": Centre.select().count(), "floors": Floor.select().count()}
