"""Root conftest: run the book's text notebooks under nbval (see playbook.site.pytest_notebooks),
with a temporary data folder for records, printed cards and exports.

Under pytest-xdist every worker is its own process with its own data folder: the controller's
folder (made before the workers start, so they inherit the variable) is not shared with them.
"""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

pytest_plugins = ["playbook.site.pytest_notebooks"]

_ENV = "PLAYBOOK_DATA_DIR"
#: Set (to the folder) when this test run made PLAYBOOK_DATA_DIR itself rather than being given it.
_MADE_ENV = "PLAYBOOK_TEST_MADE_DATA_DIR"
_made: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    # Set before collection: nbval starts a notebook's kernel (which inherits the environment)
    # in the notebook collector's setup, i.e. before any fixture of its first cell runs.
    given = os.environ.get(_ENV)
    inherited = given and os.environ.get(_MADE_ENV) == given  # the xdist controller's folder
    if not given or (inherited and hasattr(config, "workerinput")):
        prefix = f"playbook-data-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-"
        _made.append(tempfile.mkdtemp(prefix=prefix))
        os.environ[_ENV] = os.environ[_MADE_ENV] = _made[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    while _made:
        folder = _made.pop()
        if os.environ.get(_ENV) == folder:
            del os.environ[_ENV]
            os.environ.pop(_MADE_ENV, None)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def playbook_data_dir() -> str:
    """The data folder of this test run (``PLAYBOOK_DATA_DIR``): a temporary folder made at
    start-up (one per xdist worker) unless the variable was already set."""
    return os.environ[_ENV]


#: Fixtures (tests/conftest.py) that need the built book: a test using one of them, or marked
#: ``book`` or ``browser``, needs ``book/_build`` (and the build's ``.cache``); every other test,
#: the notebooks' cells included, does not.
BUILT_BOOK_FIXTURES = frozenset({"site", "served", "browser", "printed_book"})
#: ``--book-part``: which tests this run selects (scripts/test.sh runs ``unbuilt`` while the book
#: builds, then ``built``; both come from one rule, so each test runs in exactly one of them).
PARTS = ("all", "unbuilt", "built")


def needs_built_book(item: pytest.Item) -> bool:
    """Whether the test needs the built book (then it cannot run while the book is being built)."""
    if BUILT_BOOK_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    return any(item.get_closest_marker(name) is not None for name in ("book", "browser"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--book-part", choices=PARTS, default="all",
                     help="all: every test; unbuilt: only the tests that do not need the built book "
                          "(scripts/test.sh runs them while the book builds); built: only those that do")


#: Run first (the longest single tests, so no worker is left alone with one at the end) and last
#: (the printed book's tests: the book is printed in the background meanwhile, see printed_book).
FIRST, LAST = {"test_build_config.py"}, {"test_site_pdf.py"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Select ``--book-part``; order the run: FIRST … LAST (``--dist loadfile`` keeps each file
    on one worker)."""
    part = config.getoption("book_part")
    if part != "all":
        keep, drop = [], []
        for item in items:
            (keep if needs_built_book(item) == (part == "built") else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep
    items.sort(key=lambda item: (item.path.name not in FIRST) + (item.path.name in LAST))
