# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""Fault injection: rules that make a named tool fail its next calls with a transient error.

Tasks set rules to measure how agents cope with a flaky service. A failing call changes nothing but
the rule's own counter (volatile bookkeeping, like the audit log).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from sqlmodel import Field, SQLModel

from state.db import Tx, build, volatile_table
from state.errors import InvalidArgument
from state.ops import operation

FaultKind = Literal["rate_limited", "unavailable", "timeout"]

MESSAGES: dict[str, str] = {
    "rate_limited": "429 Too Many Requests: the {service} service is rate limiting requests to {tool}; retry in a few seconds.",
    "unavailable": "503 Service Unavailable: the {service} service is temporarily unavailable; please try again.",
    "timeout": "504 Gateway Timeout: the {service} service did not answer {tool} in time; please try again.",
}


class FaultRule(SQLModel, table=True):
    """The next ``remaining`` calls of ``service``'s tool ``tool`` fail with a transient error."""

    __tablename__: ClassVar[str] = "fault_rule"
    __table_args__ = volatile_table()
    id: str = Field(primary_key=True)
    service: str
    tool: str = Field(index=True)
    kind: str
    remaining: int


@operation("world")
async def add_fault(
    tx: Tx, service: str, tool: str, count: int = 1, kind: FaultKind = "unavailable"
) -> FaultRule:
    """Make the next ``count`` calls of ``tool`` (a tool of ``service``) fail with a transient error."""
    if count < 1:
        raise InvalidArgument(f"count {count} must be at least 1")
    rule = build(FaultRule)(id=tx.new_id("fault"), service=service, tool=tool, kind=kind, remaining=count)
    tx.insert(rule)
    return rule


def take_fault(tx: Tx, service: str, tool: str) -> str | None:
    """If a rule covers this call, use one of its failures up and return the error text; else None."""
    rule = tx.one(
        "SELECT id, kind, remaining FROM fault_rule WHERE service = ? AND tool = ? AND remaining > 0 "
        "ORDER BY rowid LIMIT 1",
        service,
        tool,
    )
    if rule is None:
        return None
    tx.run("UPDATE fault_rule SET remaining = remaining - 1 WHERE id = ?", rule["id"])
    return MESSAGES[rule["kind"]].format(service=service, tool=tool)


TABLES = (FaultRule,)
OPERATIONS = (add_fault,)
