"""Review targets like a linter: coded, cited rules run under a versioned profile.

>>> from jixiao.review import load_profile, review_document     # doctest: +SKIP
>>> report = review_document(jixiao.parse("form.txt"), load_profile("shanghai"))  # doctest: +SKIP

Rules live in :mod:`jixiao.review.rules` (one small class each, see :mod:`.rule`);
profiles in ``jixiao/review/profiles/*.yaml``.
"""

from . import rules as _rules  # noqa: F401 - registers the catalogue
from .engine import review_document, review_form, review_path
from .model import Coverage, DocumentReview, Finding, FormReview
from .profile import DEFAULT_PROFILE, Profile, builtin_profiles, load_profile
from .rule import REGISTRY, Example, NotEvaluable, Rule

__all__ = [
    "review_document", "review_form", "review_path", "Coverage", "DocumentReview", "Finding", "FormReview",
    "DEFAULT_PROFILE", "Profile", "builtin_profiles", "load_profile", "REGISTRY", "Example", "NotEvaluable", "Rule",
]
