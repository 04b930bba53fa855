"""Build-time figures for the book (matplotlib), one module per chapter group (part of the views)."""
