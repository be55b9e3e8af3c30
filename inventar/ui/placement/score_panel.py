"""The score of a stack plan under the three Rådhus-MED principles, explained in Danish, with editable weights."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from inventar.domain.placement import Problem, Score, Weights
from inventar.domain.times import format_number
from inventar.i18n import _


def explanations() -> list[tuple[str, str]]:
    return [
        (_("1 · Borgerkontakt"),
         _("Centre med mest borgerkontakt placeres tættest på stueetagen. Point: borgerkontakt (0–5) × "
           "etagenummer; et delt center tæller med sin gennemsnitlige etage (vægtet med arbejdspladser).")),
        (_("2 · Samarbejde"),
         _("Centre, der samarbejder meget, placeres så tæt på hinanden som muligt. Point: samarbejdstal "
           "(0–9) × antal etager imellem, for hvert par. For delte centre: den gennemsnitlige afstand, når "
           "medarbejderne parres så tæt som muligt.")),
        (_("3 · Opdeling"),
         _("Et center deles så vidt muligt ikke over flere etager. Point: antal ekstra etager, centret "
           "spænder over fra laveste til højeste etage (1 for to etager ved siden af hinanden, 2 hvis "
           "der er en etage imellem).")),
    ]


class ScorePanel(QWidget):
    weightsChanged = Signal(object)  # Weights

    def __init__(self, parent: QWidget | None = None, editable: bool = True, compact: bool = False) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel()
        self.title.setObjectName("scoreTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(self.title)
        self.status = QLabel()
        self.status.setObjectName("scoreStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.part_labels: list[QLabel] = []
        for heading, text in explanations():
            box = QGroupBox(heading)
            inner = QVBoxLayout(box)
            value = QLabel()
            value.setStyleSheet("font-weight: bold;")
            explanation = QLabel(text)
            explanation.setWordWrap(True)
            explanation.setStyleSheet("color: palette(dark);")
            inner.addWidget(value)
            inner.addWidget(explanation)
            explanation.setVisible(not compact)
            box.setToolTip(text)
            self.part_labels.append(value)
            layout.addWidget(box)
        self.weights_box = QGroupBox(_("Vægte (Rådhus-MED: 1 før 2 før 3)"))
        form = QFormLayout(self.weights_box)
        self.spins: list[QDoubleSpinBox] = []
        for label, name in ((_("Borgerkontakt"), "weightContact"), (_("Samarbejde"), "weightCollaboration"),
                            (_("Opdeling"), "weightSplit")):
            spin = QDoubleSpinBox()
            spin.setObjectName(name)
            spin.setRange(0, 1000)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setKeyboardTracking(False)
            spin.setEnabled(editable)
            spin.valueChanged.connect(self._on_weight)
            form.addRow(label, spin)
            self.spins.append(spin)
        layout.addWidget(self.weights_box)
        self.weights_box.setVisible(not compact)
        self._top = 3 if compact else 5
        self.costliest = QLabel()
        self.costliest.setObjectName("costliest")
        self.costliest.setWordWrap(True)
        self.costliest.setTextFormat(Qt.TextFormat.RichText)
        self.costliest.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.costliest, 1)
        self._updating = False

    def set_weights(self, weights: Weights) -> None:
        self._updating = True
        for spin, value in zip(self.spins, (weights.contact, weights.collaboration, weights.split)):
            spin.setValue(value)
        self._updating = False

    def weights(self) -> Weights:
        return Weights(*(s.value() for s in self.spins))

    def _on_weight(self, _value: float) -> None:
        if not self._updating:
            self.weightsChanged.emit(self.weights())

    def show_score(self, problem: Problem, score: Score, preview: bool = False, note: str = "") -> None:
        total = format_number(score.total) if score.complete else _("{total} (ufuldstændig)", total=format_number(score.total))
        self.title.setText(_("Point ved slip: {total}", total=total) if preview else _("Point: {total}", total=total))
        problems = []
        if score.unplaced:
            problems.append(_("{n} arbejdspladser er ikke placeret (strafpoint {penalty})", n=score.unplaced,
                              penalty=f"{score.penalty:.0f}"))
        for floor_id, extra in score.over_capacity.items():
            problems.append(_("{floor} er overfyldt med {n}", floor=problem.floor(floor_id).name, n=extra))
        status = [note] if note else []
        status += [_("Lavere er bedre.")] if not problems else [" · ".join(problems)]
        self.status.setText(" ".join(status))
        self.status.setStyleSheet("color: #c0392b;" if problems else "")
        w1, w2, w3 = score.weighted
        self.part_labels[0].setText(_("{raw} × vægt {w} = {value}", raw=format_number(score.contact, 2),
                                      w=_weight(score.weights.contact), value=format_number(w1)))
        self.part_labels[1].setText(_("{raw} × vægt {w} = {value}", raw=format_number(score.collaboration, 2),
                                      w=_weight(score.weights.collaboration), value=format_number(w2)))
        self.part_labels[2].setText(_("{raw} × vægt {w} = {value}", raw=str(score.split),
                                      w=_weight(score.weights.split), value=format_number(w3)))
        abbreviation = {c.id: c.abbreviation for c in problem.centres}
        pairs = "".join(f"<li>{escape(abbreviation[p.a])} – {escape(abbreviation[p.b])}: "
                        + escape(_("{value} × {distance} etager = {cost}", value=p.value,
                                   distance=format_number(p.distance, 2).rstrip("0").rstrip(","), cost=format_number(p.cost)))
                        + "</li>" for p in score.costliest_pairs(self._top))
        centres = "".join(f"<li>{escape(abbreviation[c.centre_id])}: {format_number(c.total)}</li>"
                          for c in score.costliest_centres(self._top))
        self.costliest.setText(
            f"<b>{escape(_('Dyreste par'))}</b><ul>{pairs or '<li>' + escape(_('ingen')) + '</li>'}</ul>"
            f"<b>{escape(_('Dyreste centre'))}</b><ul>{centres or '<li>' + escape(_('ingen')) + '</li>'}</ul>")


def _weight(value: float) -> str:
    """A weight as typed, with the decimal comma: 4 -> "4", 0.5 -> "0,5"."""
    return format_number(value, 2).rstrip("0").rstrip(",")
