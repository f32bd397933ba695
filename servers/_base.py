"""What every service's MCP server shares: the world in the lifespan, transactions that turn world
errors into ToolErrors, the audit log and fault injection, tool registration and paging.

Every service is a package with the same modules: ``_args.py`` (its :class:`ToolRegistry` ``tool``, which
only records tools, and the argument types its tools share), ``_models.py`` (what the tools return and
how it is built from the world's rows), ``reading.py`` and ``writing.py`` (the tools, module-level
functions decorated with ``tool``), and ``__init__.py`` (the instructions, the order of the tools and
``create_server(world)``, which calls :func:`service_server`). Tools stay thin: parse arguments, call
``state``, return a typed model.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import AsyncGenerator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from mcp.server import MCPServer
from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

from state.core import record_tool_call
from state.db import Tx
from state.errors import WorldError
from state.faults import take_fault
from state.world import World

VERSION = "0.1.0"
MAX_PAGE = 100
ItemT = TypeVar("ItemT")
ToolFn = Callable[..., Any]


@dataclass(frozen=True)
class ServiceState:
    """What a service's tools reach through the lifespan context: the world and the service's name."""

    world: World
    service: str


Ctx = Context[ServiceState, Any]


@dataclass(frozen=True)
class ToolSpec:
    fn: ToolFn
    annotations: ToolAnnotations


class ToolRegistry:
    """The tools of one service, in the order its package lists them (:meth:`set_order`), else in the
    order they are defined."""

    def __init__(self) -> None:
        self.specs: list[ToolSpec] = []
        self._ordered = False
        self._built: list[Tool] | None = None

    def __call__(
        self, *, read_only: bool = False, destructive: bool = False, idempotent: bool = False
    ) -> Callable[[ToolFn], ToolFn]:
        """Record a tool with its hints (every world is closed: no tool reaches outside it)."""

        def register(fn: ToolFn) -> ToolFn:
            hints = ToolAnnotations(
                title=fn.__name__.replace("_", " ").capitalize(),
                read_only_hint=read_only,
                destructive_hint=destructive,
                idempotent_hint=idempotent or read_only,
                open_world_hint=False,
            )
            if self._ordered:
                raise ValueError(f"tool {fn.__name__!r} is defined after its service's tool order was set")
            self.specs.append(ToolSpec(fn, hints))
            return fn

        return register

    def set_order(self, names: Sequence[str]) -> None:
        """List the tools in this order (clients show them so), whichever module defines each; every tool
        must be named once."""
        by_name = {spec.fn.__name__: spec for spec in self.specs}
        if sorted(names) != sorted(by_name):
            raise ValueError(f"the tool order names {sorted(names)}, but the tools are {sorted(by_name)}")
        self.specs = [by_name[name] for name in names]
        self._ordered = True

    @property
    def names(self) -> list[str]:
        return [spec.fn.__name__ for spec in self.specs]

    def built(self) -> list[Tool]:
        """The MCP tools, made once: their schemas do not depend on the world (a tool reaches the world
        through its context), and making them costs ~60 ms a server, more than an episode may."""
        if self._built is None:
            self._built = [
                Tool.from_function(
                    _with_faults(spec.fn),
                    annotations=spec.annotations,
                    title=spec.annotations.title,
                    description=inspect.cleandoc(spec.fn.__doc__ or ""),
                )
                for spec in self.specs
            ]
        return self._built


AuditDetail = Callable[[dict[str, Any]], dict[str, Any]]
"""What a service adds to a call's audit entry, from the call's structured result."""


def service_server(
    service: str,
    world: World,
    instructions: str,
    tools: ToolRegistry,
    audit_detail: AuditDetail | None = None,
) -> MCPServer[ServiceState]:
    """An MCP server of ``service`` over ``world`` with the tools of ``tools``."""

    @asynccontextmanager
    async def lifespan(_: MCPServer[ServiceState]) -> AsyncGenerator[ServiceState]:
        yield ServiceState(world, service)

    server = MCPServer(
        f"clawsim-{service}",
        version=VERSION,
        instructions=instructions,
        lifespan=lifespan,
        log_level="WARNING",
        middleware=[AuditLog(service, world, audit_detail)],
        tools=tools.built(),
    )
    return server


def _with_faults(fn: ToolFn) -> ToolFn:
    """The tool, failing first while a fault rule covers it (the signature stays the input schema)."""

    @functools.wraps(fn)
    async def guarded(*args: Any, **kwargs: Any) -> Any:
        state = state_of(kwargs["ctx"])
        async with state.world.transaction() as tx:
            fault = take_fault(tx, state.service, fn.__name__)
        if fault is not None:
            raise ToolError(fault)
        return await fn(*args, **kwargs)

    return guarded


class AuditLog:
    """Server middleware: logs every tool call, with its outcome, in the world's audit log."""

    def __init__(self, service: str, world: World, detail: AuditDetail | None = None) -> None:
        self.service = service
        self.world = world
        self.detail = detail

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: Callable[[Any], Any]) -> Any:
        result: Any = await call_next(ctx)
        if ctx.method == "tools/call":
            await self._record(ctx.params, result)
        return result

    async def _record(self, params: Any, result: Any) -> None:
        outcome = _as_dict(result)
        call = _as_dict(params)
        failed = bool(outcome.get("isError"))
        structured = _as_dict(outcome.get("structuredContent"))
        detail = self.detail(structured) if self.detail and structured and not failed else None
        async with self.world.transaction() as tx:
            record_tool_call(
                tx,
                self.service,
                str(call.get("name", "")),
                _jsonable(call.get("arguments") or {}),
                ok=not failed,
                error=_error_text(outcome) if failed else "",
                detail=detail,
            )


def _as_dict(value: object) -> dict[str, Any]:
    return cast(dict[str, Any], value) if isinstance(value, dict) else {}


def _error_text(result: dict[str, Any]) -> str:
    content: list[Any] = result.get("content") or []
    return " ".join(str(_as_dict(item).get("text", "")) for item in content)[:500]


def _jsonable(arguments: object) -> dict[str, Any]:
    """Arguments as stored in the audit log (whatever the client sent, as JSON)."""
    return json.loads(
        json.dumps(arguments if isinstance(arguments, dict) else {"arguments": arguments}, default=str)
    )


def state_of(ctx: Ctx) -> ServiceState:
    return ctx.request_context.lifespan_context


@asynccontextmanager
async def writing(ctx: Ctx) -> AsyncGenerator[Tx]:
    """A write transaction; a world error becomes a ToolError and nothing is written."""
    try:
        async with state_of(ctx).world.transaction() as tx:
            yield tx
    except WorldError as exc:
        raise ToolError(str(exc)) from None


@asynccontextmanager
async def reading(ctx: Ctx) -> AsyncGenerator[Tx]:
    """A read transaction; a world error becomes a ToolError."""
    try:
        async with state_of(ctx).world.read() as tx:
            yield tx
    except WorldError as exc:
        raise ToolError(str(exc)) from None


def page_bounds(limit: int, cursor: str | None) -> tuple[int, int]:
    """(limit, offset) from a tool's paging arguments, with errors that say what is allowed."""
    if not 1 <= limit <= MAX_PAGE:
        raise ToolError(f"limit {limit} is out of range; use 1 to {MAX_PAGE}")
    if cursor is None or cursor == "":
        return limit, 0
    if not cursor.isdigit():
        raise ToolError(
            f"cursor {cursor!r} is not one this tool returned; pass the next_cursor of the previous page"
        )
    return limit, int(cursor)


class Page(BaseModel, Generic[ItemT]):
    """One page of a list; pass ``next_cursor`` back as ``cursor`` for the next (null: the last page)."""

    items: list[ItemT]
    next_cursor: str | None


def page_of(items: Sequence[ItemT], limit: int, offset: int) -> tuple[list[ItemT], str | None]:
    """The first ``limit`` of ``items`` (fetched with one extra to know whether more follow)."""
    more = len(items) > limit
    return list(items[:limit]), (str(offset + limit) if more else None)


class Deleted(BaseModel):
    """What a delete removed."""

    id: str
    deleted: bool


def _empty(value: object) -> bool:
    return not value


def optional(default: Any, description: str | None = None) -> Any:
    """A model field left out of the output when it is empty, false or zero (most mails are not flagged
    and most messages have no reactions: listing every such field would bury what matters)."""
    return Field(default=default, description=description, exclude_if=_empty)
