"""Excel in and out: exports (write-only openpyxl, atomic files) and the validated import."""
