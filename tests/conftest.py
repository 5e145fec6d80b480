import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The class board's store, for every test and every server a test starts: a folder of its own, never the
# user's (classroom/store.default_url).
os.environ["HAPPINESS_DATA_DIR"] = tempfile.mkdtemp(prefix="happiness-test-classes-")
os.environ.pop("HAPPINESS_DATABASE_URL", None)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true a skipped test fails the run: every test must run there."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") == "true" and skipped:
        print(f"\nCI=true: {len(skipped)} test(s) skipped, and CI runs every test.")
        session.exitstatus = 1


POSTGRES_TABLES = "posts, learners, wrong_codes, attempts, classes, schema_version"


@pytest.fixture
def postgres_url():
    """A real PostgreSQL's URL (HAPPINESS_TEST_POSTGRES, from scripts/postgres), emptied for the test.

    Without one: fail under CI=true, skip elsewhere.
    """
    url = os.environ.get("HAPPINESS_TEST_POSTGRES")
    if not url:
        message = "No PostgreSQL: run scripts/postgres (Debian's postgresql) and set HAPPINESS_TEST_POSTGRES."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {POSTGRES_TABLES} CASCADE")
    return url


@pytest.fixture(scope="session")
def own_postgres():
    """A PostgreSQL server of this test run's own, for the tests that stop and pause it (tests/outages)."""
    from outages import OwnPostgres

    server = OwnPostgres()
    yield server
    server.close()
