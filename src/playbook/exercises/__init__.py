"""Checking functions for the trainee exercise notebooks (``exercises/*.ipynb``)."""
