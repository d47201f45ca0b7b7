"""Schemathesis against the app's own OpenAPI document: no operation answers a server error.

Every operation gets generated requests — valid per the schema (12 each, steered onto
existing forms with their current version so edits really happen) and invalid (6 each) —
signed in as an administrator on the seeded database, on both backends.
The ``not_a_server_error`` check fails on any 5xx; an unhandled exception in the app
fails the test with its traceback. ``/auth/logout`` gets a throw-away token each time
(it revokes the token it is called with). Exports run as csv/json only: the xlsx, docx
and pdf writers are the same code on every call and have their own tests
(test_api_export.py), while a PDF takes seconds of LibreOffice time.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api_helpers import Api
from jixiao.store.access import issue_token
from jixiao.store.tables import StoredForm, User

pytest_plugins = ("api_plugin",)  # the api fixture

EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}


def _aim(api: Api, case) -> None:
    """Steer a generated case onto the seeded data: most form ids exist, and versions are current.

    Without this almost every edit would be a 404 (random id) or a 409 (random version)
    and the successful paths would go untested.
    """
    params = case.path_parameters or {}
    form_id = params.get("form_id")
    if not isinstance(form_id, int) or isinstance(form_id, bool):
        return
    if form_id % 4:
        form_id = params["form_id"] = 1 + form_id % 24
    with api.db.session() as s:
        row = s.get(StoredForm, form_id)
        version = row.version if row is not None else None
    if version is None:
        return
    if isinstance(case.body, dict) and isinstance(case.body.get("version"), int):
        case.body["version"] = version
    if isinstance(case.query, dict) and isinstance(case.query.get("version"), int):
        case.query["version"] = version


def test_no_operation_answers_a_server_error(api: Api):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api.app)
    admin = {"Authorization": f"Bearer {api.tokens['admin']}"}
    ran = []
    for result in schema.get_all_operations():
        op = result.ok()
        kwargs = {"query": {"format": "csv"}} if op.path.endswith("/export") else {}
        logout = op.path.endswith("/auth/logout")
        for mode, examples in EXAMPLES.items():

            @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
            @given(case=op.as_strategy(generation_mode=mode, **kwargs))
            def check(case) -> None:
                headers = admin
                if logout:
                    with api.db.session() as s:
                        headers = {"Authorization": f"Bearer {issue_token(s, s.get(User, api.user_ids['admin']), 'bearer')[0]}"}
                elif mode is GenerationMode.POSITIVE:
                    _aim(api, case)
                response = case.call(headers=headers)
                case.validate_response(response, checks=[not_a_server_error])

            try:
                check()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, op.path  # nothing in the request can be made invalid
        ran.append(f"{op.method.upper()} {op.path}")
    assert len(ran) >= 20, ran
    assert "POST /api/v1/documents" in ran and "PATCH /api/v1/forms/{form_id}" in ran
