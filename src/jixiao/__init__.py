"""jixiao (绩效): read, understand, review and score budget performance target forms.

>>> import jixiao
>>> doc = jixiao.parse("examples/001_d4da09846475aa3c.txt")   # doctest: +SKIP
>>> doc.forms[0].indicators[0].target.op                       # doctest: +SKIP

The model is :mod:`jixiao.model` (the jixiao/v1 contract); values are parsed by
:func:`jixiao.values.parse_value`.
"""

from . import _native

_native.install()  # before any compiled module is imported (see jixiao._native)

from .api import parse  # noqa: E402
from .errors import JixiaoError, ReadError  # noqa: E402
from .model import Document, Form, Indicator, Value  # noqa: E402

__version__ = "0.1.0"

__all__ = ["parse", "Document", "Form", "Indicator", "Value", "ReadError", "JixiaoError", "__version__"]
