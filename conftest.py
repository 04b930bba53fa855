"""Root conftest: run the book's text notebooks under nbval (see playbook.site.pytest_notebooks),
with a temporary data folder for records, printed cards and exports."""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

pytest_plugins = ["playbook.site.pytest_notebooks"]

_ENV = "PLAYBOOK_DATA_DIR"
_made: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    # Set before collection: nbval starts a notebook's kernel (which inherits the environment)
    # in the notebook collector's setup, i.e. before any fixture of its first cell runs.
    if not os.environ.get(_ENV):
        _made.append(tempfile.mkdtemp(prefix="playbook-data-"))
        os.environ[_ENV] = _made[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    while _made:
        folder = _made.pop()
        if os.environ.get(_ENV) == folder:
            del os.environ[_ENV]
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def playbook_data_dir() -> str:
    """The data folder of this test run (``PLAYBOOK_DATA_DIR``): a temporary folder made at
    start-up unless the variable was already set."""
    return os.environ[_ENV]
