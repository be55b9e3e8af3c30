"""Qt widgets and item models.  The only package that imports PySide6 widgets."""
