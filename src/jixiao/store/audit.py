"""The audit log: every change to stored data, with who, when, what, before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .tables import AuditEntry, User


def record(
    session: Session,
    actor: User | str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit entry to ``session`` (committed with the change it describes).

    ``actor`` is the signed-in user, or a name such as ``"cli"`` or ``"ingest"`` for
    changes made from the command line.
    """
    if isinstance(actor, User):
        user_id, name = actor.id, actor.username
    else:
        user_id, name = None, actor
    entry = AuditEntry(user_id=user_id, actor=name, action=action, entity=entity, entity_id=entity_id,
                       before=before, after=after)
    session.add(entry)
    return entry


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, for a compact before/after pair."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
