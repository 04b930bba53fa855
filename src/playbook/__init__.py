"""销售作战手册 (the sales playbook): knowledge base, engines and views for sales training.

``import playbook`` stays light: submodules are imported where they are used
(``playbook.kb``, ``playbook.quote`` …); pandas and matplotlib only in table/chart modules.
"""
__version__ = "0.1.0"
