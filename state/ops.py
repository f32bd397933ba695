"""Operations: every way the world can change, as typed functions that also know their name.

An operation is an ``async def`` taking a :class:`~state.db.Tx` and keyword arguments, decorated with
``@operation("mail")``. The decorator turns it into an :class:`Operation`: called like the function it
wraps (services call each other's operations directly), and named ``service.name`` so that history
replay and tasks can look it up. Nothing is registered by importing a module: each service lists its
operations, and :mod:`state.schema` composes them into the registry.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from functools import cached_property
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from state.db import Tx
from state.errors import InvalidArgument

P = ParamSpec("P")
R = TypeVar("R")


class Operation(Generic[P, R]):
    """An operation of a service: call it as its function; validate a history event's arguments with it."""

    def __init__(self, service: str, fn: Callable[Concatenate[Tx, P], Awaitable[R]]) -> None:
        self.service = service
        self.fn = fn
        self.name: str = fn.__name__
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn

    def __call__(self, tx: Tx, /, *args: P.args, **kwargs: P.kwargs) -> Awaitable[R]:
        return self.fn(tx, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<operation {self.qualified_name}>"

    @property
    def qualified_name(self) -> str:
        return f"{self.service}.{self.name}"

    @cached_property
    def arguments(self) -> type[BaseModel]:
        """The model that validates the arguments (every parameter after the transaction)."""
        hints = get_type_hints(self.fn, include_extras=True)  # keeps Base64Bytes decoding base64
        fields: dict[str, Any] = {}
        for index, param in enumerate(inspect.signature(self.fn).parameters.values()):
            if index == 0:
                continue  # the transaction
            default = ... if param.default is inspect.Parameter.empty else param.default
            fields[param.name] = (hints[param.name], default)
        return create_model(  # pyright: ignore[reportCallIssue, reportUnknownVariableType]
            self.qualified_name,
            __config__=ConfigDict(extra="forbid", arbitrary_types_allowed=True),
            **fields,
        )

    def validate(self, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """Arguments checked and converted, or InvalidArgument naming each bad field."""
        try:
            parsed = self.arguments.model_validate(dict(arguments))
        except ValidationError as exc:
            problems = "; ".join(_describe(e) for e in exc.errors())
            raise InvalidArgument(f"{self.qualified_name}: {problems}") from None
        return {name: getattr(parsed, name) for name in type(parsed).model_fields}


AnyOperation = Operation[..., Any]


def _describe(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "arguments"
    if error["type"] == "missing":
        return f"field {where!r} is required"
    if error["type"] == "extra_forbidden":
        return f"field {where!r} is not an argument of this operation"
    return f"field {where!r}: {error['msg']} (got {error.get('input')!r})"


def operation(service: str) -> Callable[[Callable[Concatenate[Tx, P], Awaitable[R]]], Operation[P, R]]:
    """Make ``fn`` an operation of ``service``, named as the function."""

    def wrap(fn: Callable[Concatenate[Tx, P], Awaitable[R]]) -> Operation[P, R]:
        return Operation(service, fn)

    return wrap
