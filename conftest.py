"""Root pytest configuration: keep ``python -m engine``'s entry point out of doctest collection."""

collect_ignore = ["engine/__main__.py", "bench", "pages", "app.py"]
