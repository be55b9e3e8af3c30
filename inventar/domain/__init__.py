"""Plain domain values: vocabularies and validation.  No database, no Qt."""
