"""拜访节奏计划 (visit-cadence planner) from seed 004 rules 1–8, for one rep or a team: the one
import for book pages, widgets and notebooks, gathering the planner's parts.

- :mod:`~playbook.engines.cadence_rules`: the 004 rules as data (:data:`QUOTAS`,
  :func:`monthly_quota`, festivals, limits);
- :mod:`~playbook.engines.cadence_types`: the records (:class:`Customer`, :class:`Event`,
  :class:`Visit`, :class:`Plan`, :class:`TeamPlan`, :class:`LogEntry`);
- :mod:`~playbook.engines.cadence_planner`: :func:`plan` plans one rep over ``months``
  consecutive months; :func:`team_plan` splits one customer book by its 客户经理 column into
  per-rep plans with a capacity table (how the book reads the rules is said there);
- :mod:`~playbook.engines.cadence_compare`: :func:`compare` sets a visit log against a plan;
- :mod:`~playbook.engines.cadence_export`: :func:`to_ics` writes iCalendar (RFC 5545) with
  UIDs made from (customer, channel, reason, occurrence) only, so re-importing an edited plan
  updates events instead of duplicating them; :func:`to_csv` writes a table for Excel;
- :mod:`~playbook.engines.cadence_input`: the widget's text boxes and a customer book read as
  a table (:func:`parse_customers`, :func:`customers_from_table`, :func:`parse_events`,
  :func:`parse_log`).

Usage (one rep, January 2027: 元旦 is no working day, so nothing is planned on it; the on-site
visits meet the A/B/C quotas 8/4/1):

>>> from datetime import date
>>> from playbook.engines.cadence import Customer, plan
>>> p = plan([Customer("甲油站", "A"), ("乙公司", "B"), ("丙车队", "C")], 2027, 1)
>>> p.title
'拜访计划 2027-01'
>>> p.on_day(date(2027, 1, 1)), date(2027, 1, 1) in p.working_days
([], False)
>>> p.planned["on_site"] == p.required["on_site"] == 8 + 4 + 1
True

Standard library only (runs in the reader's browser).
"""
from __future__ import annotations

from playbook.engines.cadence_compare import COMPARE_HEADER, compare
from playbook.engines.cadence_export import CSV_HEADER, ics_text, rows, to_csv, to_ics
from playbook.engines.cadence_input import (BOOK_COLUMNS, CHANNEL_WORDS, EVENT_WORDS, MAX_LINES, customers_from_table,
                                            parse_customers, parse_events, parse_log)
from playbook.engines.cadence_planner import NO_OWNER, month_span, plan, team_plan
from playbook.engines.cadence_rules import (CHANNELS, DEFAULT_MAX_ON_SITE_PER_DAY, EVENT_KINDS, FESTIVAL_LEAD_DAYS,
                                            FESTIVAL_RULES, GIFT_NOTE, GRADES, MAX_CUSTOMERS, MAX_MONTHS,
                                            MAX_TEAM_CUSTOMERS, PLAN_YEARS, QUOTAS, festivals_in, monthly_quota)
from playbook.engines.cadence_types import CapacityRow, Customer, Event, LogEntry, Plan, TeamPlan, Visit

__all__ = ["BOOK_COLUMNS", "CHANNELS", "CHANNEL_WORDS", "COMPARE_HEADER", "CSV_HEADER", "DEFAULT_MAX_ON_SITE_PER_DAY",
           "EVENT_KINDS", "EVENT_WORDS", "FESTIVAL_LEAD_DAYS", "FESTIVAL_RULES", "GIFT_NOTE", "GRADES", "MAX_CUSTOMERS",
           "MAX_LINES", "MAX_MONTHS", "MAX_TEAM_CUSTOMERS", "NO_OWNER", "PLAN_YEARS", "QUOTAS", "CapacityRow",
           "Customer", "Event", "LogEntry", "Plan", "TeamPlan", "Visit", "compare", "customers_from_table",
           "festivals_in", "ics_text", "month_span", "monthly_quota", "parse_customers", "parse_events", "parse_log",
           "plan", "rows", "team_plan", "to_csv", "to_ics"]
