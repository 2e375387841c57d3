"""schemathesis against /api/openapi.json: generated requests as the office (bounded: a few
examples per operation), no 500s, every response's status, content type and body as documented."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import fill_ready
from filings.models import Submission

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def operations():
    from duban.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()]


def run_generated(operation, headers, examples):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI calls end with request_finished, which closes the database connection — and with
    it the test's transaction (Django's test client disconnects this handler the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def filled(world):
    # Some data for the generated ids to hit: unit A's package with a filled filing.
    submission = Submission.objects.open_for(world.round, world.unit_a)
    fill_ready(submission.filings.first(), world.filler_a, completion="新增托位120个。")
    return submission


def test_api_matches_its_schema_for_the_office(world, filled, bearer):
    headers = {"Authorization": bearer(world.office)["HTTP_AUTHORIZATION"]}
    ops = operations()
    assert len(ops) >= 20
    for operation in ops:
        run_generated(operation, headers, examples=3)


def test_api_matches_its_schema_for_a_filler_and_anonymous_callers(world, filled, bearer):
    headers = {"Authorization": bearer(world.filler_a)["HTTP_AUTHORIZATION"]}
    for operation in operations():
        run_generated(operation, headers, examples=1)
        run_generated(operation, {}, examples=1)
