"""The detail pane beside the item list: primary photo and all fields of one item."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from inventar.domain.fields import field_label
from inventar.domain.times import format_datetime
from inventar.domain.vocabulary import CATEGORIES, STRATEGY_CRITERIA
from inventar.i18n import _
from inventar.services.items.service import ItemDetail, ItemService
from inventar.services.photos.store import PhotoStore

PHOTO_SIZE = QSize(360, 270)
_FIELDS = ["label_code", "category", "title", "room_id", "quantity", "condition", "manufacturer", "model_name",
           "period", "material", "colour", "dimensions", "strategy_criteria", "hidden_gold", "description",
           "registered_by"]


def _cm(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}".replace(".", ",")


class ItemDetailPane(QStackedWidget):
    def __init__(self, photos: PhotoStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._photos = photos
        self.setMinimumWidth(300)
        empty = QLabel(_("Vælg en genstand i listen for at se detaljer og foto."))
        empty.setObjectName("emptyDetail")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setStyleSheet("color: palette(mid); padding: 24px;")
        self.addWidget(empty)

        body = QWidget()
        layout = QVBoxLayout(body)
        self.photo = QLabel()
        self.photo.setObjectName("detailPhoto")
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setMinimumHeight(PHOTO_SIZE.height())
        self.photo.setStyleSheet("background: palette(midlight); border-radius: 4px;")
        layout.addWidget(self.photo)
        self.photo_caption = QLabel()
        self.photo_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_caption.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.photo_caption)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for name in _FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = value
            label = _("Mål (B × D × H)") if name == "dimensions" else field_label(name)
            form.addRow(f"{label}:", value)
        layout.addLayout(form)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.addWidget(scroll)
        self.item_id: int | None = None

    def set_photo_store(self, photos: PhotoStore) -> None:
        self._photos = photos

    def clear(self) -> None:
        self.item_id = None
        self.setCurrentIndex(0)

    def show_item(self, detail: ItemDetail) -> None:
        self.item_id = detail.id
        data = detail.data
        dims = (data.width_cm, data.depth_cm, data.height_cm)
        texts = {
            "label_code": detail.label_code or _("(ingen etiket endnu)"),
            "category": _(CATEGORIES.get(data.category, data.category)),
            "title": data.title,
            "room_id": detail.room or _("(intet rum)"),
            "quantity": str(data.quantity),
            "condition": ItemService.condition_text(data.condition) or _("(ikke vurderet)"),
            "manufacturer": data.manufacturer,
            "model_name": data.model_name,
            "period": data.period,
            "material": data.material,
            "colour": data.colour,
            "dimensions": "" if dims == (None, None, None) else " × ".join(_cm(v) for v in dims) + " cm",
            "strategy_criteria": ", ".join(_(STRATEGY_CRITERIA.get(c, c)) for c in data.strategy_criteria)
            or _("(ingen)"),
            "hidden_gold": (_("Ja – {reason}", reason=data.hidden_gold_reason) if data.hidden_gold else _("Nej")),
            "description": data.description,
            "registered_by": f"{data.registered_by}, {format_datetime(detail.registered_at)}",
        }
        for name, text in texts.items():
            self.values[name].setText(text)
        self._show_photo(detail)
        self.setCurrentIndex(1)

    def _show_photo(self, detail: ItemDetail) -> None:
        primary = detail.primary_photo
        if primary is None:
            self.photo.setPixmap(QPixmap())
            reason = detail.data.no_photo_reason
            self.photo.setText(_("Intet foto") + (f"\n({reason})" if reason else ""))
            self.photo_caption.setText("")
            return
        reader = QImageReader(str(self._photos.path_for(primary.file_hash)))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(PHOTO_SIZE, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            self.photo.setPixmap(QPixmap())
            self.photo.setText(_("Fotoet mangler i fotomappen"))
        else:
            self.photo.setPixmap(QPixmap.fromImage(image))
        count = len(detail.photos)
        self.photo_caption.setText(_("{n} fotos", n=count) if count != 1 else _("1 foto"))
