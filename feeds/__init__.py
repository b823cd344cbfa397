"""Fetching, parsing and polling news feeds."""
