"""Rows to records: the only place that knows both shapes."""

from __future__ import annotations

from assistant.store.records import Conversation, Person, Plan, PlanVersion, Share
from assistant.store.schema import (ConversationRow, PersonRow, PlanRow, PlanVersionRow,
                                    ShareRow)


def person_of(row: PersonRow) -> Person:
    return Person(row.id, row.identity, row.name, row.email, row.manager_id)


def conversation_of(row: ConversationRow) -> Conversation:
    return Conversation(row.id, row.kind, row.owner_id, row.subject_id, row.title,
                        dict(row.context or {}), row.created, row.updated, row.message_count,
                        row.parent_id)


def plan_version_of(row: PlanVersionRow) -> PlanVersion:
    return PlanVersion(row.plan_id, row.version, dict(row.data), row.author_id, row.author_name,
                       row.note, row.created)


def plan_of(row: PlanRow, latest: PlanVersionRow | None) -> Plan:
    return Plan(row.id, row.owner_id, row.created_by, row.conversation_id, row.title,
                row.created, plan_version_of(latest) if latest is not None else None)


def share_of(row: ShareRow) -> Share:
    return Share(row.id, row.owner_id, row.recipient_id, row.what, row.conversation_id,
                 row.plan_id, tuple(row.excerpt_ids or ()), row.include_sensitive, row.note,
                 row.created, row.revoked_at, row.snapshot is not None)
