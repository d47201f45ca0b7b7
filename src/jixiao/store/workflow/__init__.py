"""The domain logic of the workbench: what a signed-in user may do with stored forms.

Pure functions over a SQLAlchemy ``Session`` and the acting :class:`~jixiao.store.tables.User`;
the REST API (:mod:`jixiao.server`) and the web pages are thin layers over them. None
of them commits: the caller commits the session (and rolls it back on an error, so a
refused operation writes nothing). Every change writes an audit entry in the same
transaction.

* :mod:`.forms` — the access gate (:func:`form_for`), optimistic locking
  (:func:`check_version`), the detail view and the filtered, paged list;
* :mod:`.edits` — header and indicator-row edits (patch, add, delete);
* :mod:`.states` — 草稿 → 已提交 → 已审核 / 已退回, and re-running the review;
* :mod:`.scoring` — applying actuals and scoring;
* :mod:`.uploads` — storing uploaded files, reading stored documents;
* :mod:`.exports` — one form as xlsx / docx / pdf / csv / json;
* :mod:`.reports` — statistics per department and year, the audit history;
* :mod:`.errors` — why an operation was refused (``kind`` → HTTP status).

Roles are decided in :mod:`jixiao.store.access`.
"""

from .edits import add_indicator, delete_indicator, patch_header, patch_indicator, profile_named
from .errors import Conflict, Forbidden, Invalid, NotFound, TooLarge, Unavailable, Unsupported, WorkflowError
from .exports import FORMATS as EXPORT_FORMATS
from .exports import export_form
from .forms import (EDITABLE, SORT_KEYS, FormFilter, check_version, facets, form_detail, form_for, list_forms, load_form)
from .reports import audit_log, dashboard, form_history, stats
from .scoring import method_named, preview_score, score_form_with, score_with_workbook
from .states import TRANSITIONS, run_review, transition
from .uploads import EXTENSIONS, Upload, document_for, document_view, upload

__all__ = [
    "EDITABLE", "EXPORT_FORMATS", "EXTENSIONS", "SORT_KEYS", "TRANSITIONS",
    "Conflict", "Forbidden", "FormFilter", "Invalid", "NotFound", "TooLarge", "Unavailable", "Unsupported", "Upload",
    "WorkflowError",
    "add_indicator", "audit_log", "check_version", "dashboard", "delete_indicator", "document_for", "document_view", "export_form",
    "facets", "form_detail", "form_for", "form_history", "list_forms", "load_form", "method_named", "patch_header",
    "patch_indicator", "preview_score", "profile_named", "run_review", "score_form_with", "score_with_workbook", "stats", "transition",
    "upload",
]
