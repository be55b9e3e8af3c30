"""What the label dialog starts with: the three entries of the Etiketter menu."""

SELECTED, UNPRINTED, BLANK = 0, 1, 2  # the items selected in the list, every unprinted item, blank pre-printed codes
