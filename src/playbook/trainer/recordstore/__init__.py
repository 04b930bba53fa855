"""The records store's parts, one job each: :mod:`.migrations` (the schema, versioned),
:mod:`.urls` (where the database is), :mod:`.backends` (SQLite and PostgreSQL behind one
interface, their failures as Chinese messages) and :mod:`.validation` (a score sheet checked before
anything is written). :mod:`playbook.trainer.records` puts them together as the :class:`Store`
that callers use; import from there.
"""
