"""The registry of operations: every way the world can change, by ``service.name``.

An operation is an ``async def`` taking a :class:`~state.db.Tx` and keyword arguments. History replay
looks operations up here by name and validates the event's arguments against the signature, so a
malformed history line fails with the field and what was expected.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from state.errors import InvalidArgument

OpFn = Callable[..., Awaitable[Any]]
F = TypeVar("F", bound=OpFn)


@dataclass(frozen=True)
class Operation:
    """A registered operation and the model that validates its arguments."""

    service: str
    name: str
    fn: OpFn
    arguments: type[BaseModel]

    @property
    def qualified_name(self) -> str:
        return f"{self.service}.{self.name}"

    def validate(self, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """Arguments checked and converted, or InvalidArgument naming each bad field."""
        try:
            parsed = self.arguments.model_validate(dict(arguments))
        except ValidationError as exc:
            problems = "; ".join(_describe(e) for e in exc.errors())
            raise InvalidArgument(f"{self.qualified_name}: {problems}") from None
        return {name: getattr(parsed, name) for name in type(parsed).model_fields}


def _describe(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "arguments"
    if error["type"] == "missing":
        return f"field {where!r} is required"
    if error["type"] == "extra_forbidden":
        return f"field {where!r} is not an argument of this operation"
    return f"field {where!r}: {error['msg']} (got {error.get('input')!r})"


_REGISTRY: dict[str, Operation] = {}


def operation(service: str) -> Callable[[F], F]:
    """Register an operation of ``service`` under its function name."""

    def register(fn: F) -> F:
        hints = get_type_hints(fn)
        fields: dict[str, Any] = {}
        for index, param in enumerate(inspect.signature(fn).parameters.values()):
            if index == 0:
                continue  # the transaction
            default = ... if param.default is inspect.Parameter.empty else param.default
            fields[param.name] = (hints[param.name], default)
        model = create_model(  # pyright: ignore[reportCallIssue, reportUnknownVariableType]
            f"{service}.{fn.__name__}",
            __config__=ConfigDict(extra="forbid", arbitrary_types_allowed=True),
            **fields,
        )
        op = Operation(service, fn.__name__, fn, model)  # pyright: ignore[reportUnknownArgumentType]
        _REGISTRY[op.qualified_name] = op
        return fn

    return register


def get_operation(qualified_name: str) -> Operation:
    """The operation ``service.name``, or an error listing what exists."""
    registry = operations()
    if qualified_name not in registry:
        service = qualified_name.split(".", 1)[0]
        same = sorted(n for n in registry if n.startswith(f"{service}."))
        allowed = ", ".join(same) if same else ", ".join(sorted({n.split(".")[0] for n in registry}))
        raise InvalidArgument(f"unknown operation {qualified_name!r}; known: {allowed}")
    return registry[qualified_name]


def operations() -> dict[str, Operation]:
    """Every registered operation (importing the services registers them)."""
    import state.tables  # noqa: F401  # pyright: ignore[reportUnusedImport]

    return _REGISTRY
