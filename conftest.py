"""Root conftest: run the book's text notebooks under nbval (see playbook.pytest_notebooks)."""
pytest_plugins = ["playbook.pytest_notebooks"]
