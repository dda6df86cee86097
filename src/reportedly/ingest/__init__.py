"""Readers: turn files, feeds, URLs and stdin into `Article` records."""
