"""The whole reader as one PDF book (WeasyPrint)."""
