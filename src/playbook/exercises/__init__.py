"""Checking functions for the trainee exercise notebooks (``exercises/*.ipynb``).

Same layer as the views: may import the foundation modules, :mod:`playbook.kb`,
:mod:`playbook.engines` and :mod:`playbook.trainer`; never ``site`` or ``cli``.
"""
