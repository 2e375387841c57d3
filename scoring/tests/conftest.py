"""The city and its two districts (levels.tests.fixtures) for the district-ledger tests."""

from levels.tests.fixtures import city  # noqa: F401
