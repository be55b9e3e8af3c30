"""The form's Etiketkode field: Enter after a scanned code takes it and moves on; codes seen on photos.

Enter (a scanner types the code, then Enter) puts the code as it will be saved
(ours normalised, a wrong check character said at once), says when another item
has it (naming that item) and otherwise moves the cursor on to Beskrivelse – it
never presses a button.  A QR label visible on an imported photo fills an empty
field, or is mentioned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from inventar.domain.items import ValidationError
from inventar.i18n import _
from inventar.services.items.service import LabelCodeTaken
from inventar.services.registration.editing import checked_label_code

if TYPE_CHECKING:
    from inventar.ui.registration.dialog import RegistrationDialog


class LabelCodeField(QObject):
    def __init__(self, dialog: RegistrationDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        dialog.label_code.returnPressed.connect(self.entered)
        dialog.photo_strip.codes_found.connect(self.seen_on_photo)

    def entered(self) -> None:
        """Enter after a (scanned) code: take it as it will be saved, say whose it is, move on."""
        dialog, field = self.dialog, self.dialog.label_code
        text = field.text().strip()
        if text:
            try:
                code = checked_label_code(text)
            except ValidationError as exc:
                dialog.set_message(exc.message, error=True)
                field.selectAll()
                return
            field.setText(code)
            owner = dialog.registration.code_owner(code)
            if owner is not None and owner != dialog.edit.item_id:
                dialog.set_message(_("Etiketkode: {reason}", reason=LabelCodeTaken(code, owner)), error=True)
                field.selectAll()
                return
            dialog.set_message(_("Etiketkode {code} er sat", code=code))
        dialog.description.setFocus(Qt.FocusReason.TabFocusReason)

    def seen_on_photo(self, codes: list[str]) -> None:
        """A photo shows one of our QR labels: offer its code (filled in when the field is empty)."""
        dialog = self.dialog
        current = dialog.label_code.text().strip()
        if not current and len(codes) == 1:
            dialog.label_code.setText(codes[0])
            dialog.set_message(_("Etiketkoden {code} blev læst på fotoet og er sat ind; ret den, hvis den ikke hører "
                                 "til genstanden", code=codes[0]))
        elif current not in codes:
            dialog.set_message(_("Fotoet viser etiketkode(r) {codes}; skriv den rigtige i feltet Etiketkode",
                                 codes=", ".join(codes)))
