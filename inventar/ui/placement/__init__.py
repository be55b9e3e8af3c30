"""The floor placement screen: stack diagram, score panel, editors for floors, centres and the matrix."""
