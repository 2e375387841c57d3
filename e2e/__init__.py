"""Browser end-to-end tests (Playwright driving Debian's chromium against pytest-django's live server).

Not in pyproject's testpaths: run them with ``pytest e2e``.
"""
