"""The rule catalogue. Importing this package registers every rule.

Codes: ``JX-C1xx`` 完整性, ``JX-Q2xx`` 细化量化, ``JX-R3xx`` 相关性, ``JX-A4xx`` 适当性,
``JX-P0xx`` 读取. A code never changes meaning; retired codes are not reused.
"""

from . import appropriateness, completeness, quantification, reading, relevance  # noqa: F401
