"""Label sheet templates: page size, grid, margins and pitch in millimetres, and where each label goes.

Positions are counted row by row from the top left, starting at 0.  A
calibration offset moves every label on the page (printers feed sheets a little
off); it is part of the template so it can be saved with it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace

from inventar.errors import UserError
from inventar.i18n import _


class TemplateError(UserError, ValueError):
    """A label template's measures do not make a usable sheet; the message says which."""


A4 = (210.0, 297.0)


@dataclass(frozen=True)
class LabelTemplate:
    name: str
    columns: int
    rows: int
    label_width: float
    label_height: float
    margin_left: float
    margin_top: float
    pitch_x: float  # from the left edge of one label to the left edge of the next
    pitch_y: float
    page_width: float = A4[0]
    page_height: float = A4[1]
    offset_x: float = 0.0  # calibration: + moves labels right
    offset_y: float = 0.0  # calibration: + moves labels down
    roll: bool = False  # one label per page (label printers)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def position(self, index: int) -> tuple[int, float, float]:
        """(page, x, y) of label number ``index`` (0-based, counting skipped positions), in mm."""
        page, slot = divmod(index, self.per_page)
        row, column = divmod(slot, self.columns)
        return (page, self.margin_left + column * self.pitch_x + self.offset_x,
                self.margin_top + row * self.pitch_y + self.offset_y)

    def pages_for(self, count: int, skip: int = 0) -> int:
        return -(-(count + skip) // self.per_page) if count else 0

    def validated(self) -> LabelTemplate:
        """Raises ``ValueError`` with a Danish message when the labels do not fit the page."""
        if not self.name.strip():
            raise TemplateError(_("Skabelonen skal have et navn"))
        if self.columns < 1 or self.rows < 1:
            raise TemplateError(_("Skabelonen skal have mindst én kolonne og én række"))
        if min(self.label_width, self.label_height, self.page_width, self.page_height) <= 0:
            raise TemplateError(_("Mål skal være større end 0 mm"))
        if self.label_width < 15 or self.label_height < 12:
            raise TemplateError(_("Etiketten er for lille til en læsbar QR-kode (mindst 15 × 12 mm)"))
        if self.columns > 1 and self.pitch_x < self.label_width - 0.01:
            raise TemplateError(_("Vandret afstand ({pitch} mm) er mindre end etikettens bredde", pitch=self.pitch_x))
        if self.rows > 1 and self.pitch_y < self.label_height - 0.01:
            raise TemplateError(_("Lodret afstand ({pitch} mm) er mindre end etikettens højde", pitch=self.pitch_y))
        right = self.margin_left + (self.columns - 1) * self.pitch_x + self.label_width
        bottom = self.margin_top + (self.rows - 1) * self.pitch_y + self.label_height
        if self.margin_left < 0 or self.margin_top < 0 or right > self.page_width + 0.01 \
                or bottom > self.page_height + 0.01:
            raise TemplateError(_("Etiketterne går ud over siden ({width:g} × {height:g} mm)",
                               width=self.page_width, height=self.page_height))
        if abs(self.offset_x) > 10 or abs(self.offset_y) > 10:
            raise TemplateError(_("Kalibreringen må højst flytte 10 mm"))
        return self

    def with_offset(self, x: float, y: float) -> LabelTemplate:
        return replace(self, offset_x=x, offset_y=y)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LabelTemplate:
        raw = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


def _sheet(name: str, columns: int, rows: int, width: float, height: float) -> LabelTemplate:
    """A borderless A4 sheet whose labels touch each other, centred on the page."""
    left = round((A4[0] - columns * width) / 2, 2)
    top = round((A4[1] - rows * height) / 2, 2)
    return LabelTemplate(name, columns, rows, width, height, left, top, width, height)


BUILTIN_TEMPLATES: dict[str, LabelTemplate] = {t.name: t for t in (
    _sheet("A4 3x7 70x42,3 mm", 3, 7, 70.0, 42.3),
    _sheet("A4 3x8 70x37 mm", 3, 8, 70.0, 37.0),
    _sheet("A4 2x8 105x37 mm", 2, 8, 105.0, 37.0),
    LabelTemplate("A4 4x10 48,5x25,4 mm", 4, 10, 48.5, 25.4, 8.0, 21.5, 48.5, 25.4),
    LabelTemplate("Rulle 62 mm (62x29)", 1, 1, 62.0, 29.0, 0.0, 0.0, 62.0, 29.0, page_width=62.0,
                  page_height=29.0, roll=True),
)}
DEFAULT_TEMPLATE = "A4 3x7 70x42,3 mm"
# i18n: the built-in template names are keys (saved calibrations and the CLI refer to them), not translated.
ALIASES = {"3x7": "A4 3x7 70x42,3 mm", "3x8": "A4 3x8 70x37 mm", "2x8": "A4 2x8 105x37 mm",  # i18n: ignore
           "4x10": "A4 4x10 48,5x25,4 mm", "62mm": "Rulle 62 mm (62x29)", "rulle": "Rulle 62 mm (62x29)",
           "roll": "Rulle 62 mm (62x29)"}


def qr_box(label_width: float, label_height: float) -> tuple[float, float, float]:
    """(x, y, side) in mm of the square holding the QR symbol and its quiet zone, inside one label.

    The square sits on the left, centred vertically; the text goes to its right.
    """
    side = min(label_height - 1.0, label_width * 0.5)
    return 0.5, (label_height - side) / 2, side
