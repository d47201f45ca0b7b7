"""The rule catalogue. Importing this package registers every rule.

Codes: ``JX-C1xx`` 完整性, ``JX-Q2xx`` 细化量化, ``JX-R3xx`` 相关性, ``JX-A4xx`` 适当性,
``JX-S5xx`` 自评, ``JX-P0xx`` 读取. A code never changes meaning; retired codes are not reused.

Retired: ``JX-A402`` 执行数超过预算数 (a warning on the total only) — superseded by ``JX-S505``,
which checks the total and the 财政拨款 / 其他资金 rows as an error with the other self-evaluation checks.
"""

from . import appropriateness, completeness, quantification, reading, relevance, selfeval  # noqa: F401
