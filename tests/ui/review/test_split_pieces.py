"""The split dialog shows which piece numbers each part takes (the per-piece label rule)."""

from inventar.ui.review.split_dialog import SplitDialog


def test_each_part_shows_its_piece_numbers(qtbot):
    dialog = SplitDialog("Syveren", 40)
    qtbot.addWidget(dialog)
    assert [label.text() for label in dialog.piece_labels] == ["1–30", "31–40"]
    dialog.parts[0][0].setValue(25)
    dialog.add_part(5, "pending")
    dialog.parts[1][0].setValue(10)
    assert [label.text() for label in dialog.piece_labels] == ["1–25", "26–35", "36–40"]
