"""The composition root lists every table and operation the services define, each once, by name."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import pytest
from sqlmodel import SQLModel

import state
from state import schema
from state.errors import InvalidArgument
from state.ops import Operation


def _state_modules() -> list[ModuleType]:
    return [
        importlib.import_module(info.name) for info in pkgutil.walk_packages(state.__path__, prefix="state.")
    ]


def test_every_table_a_service_defines_is_in_the_schema() -> None:
    defined = {
        value.__tablename__
        for module in _state_modules()
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, SQLModel) and hasattr(value, "__table__")
    }
    assert defined == set(schema.tables())


def test_every_operation_a_service_defines_is_registered_under_its_own_service() -> None:
    defined = {
        value.qualified_name
        for module in _state_modules()
        for value in vars(module).values()
        if isinstance(value, Operation)
    }
    registry = schema.operations()
    assert defined == set(registry)
    assert all(name == f"{op.service}.{op.name}" for name, op in registry.items())


def test_every_operation_validates_its_arguments() -> None:
    for op in schema.operations().values():
        with pytest.raises(InvalidArgument, match=rf"{op.qualified_name}: .*is not an argument"):
            op.validate({"no_such_argument": 1})


def test_an_old_operation_name_replays_as_its_new_one() -> None:
    assert (
        schema.get_operation("messaging.post_message") is schema.operations()["messaging.send_chat_message"]
    )
    for old, new in schema.OPERATION_ALIASES.items():
        assert schema.get_operation(old) is schema.operations()[new]
        assert old not in schema.operations()


def test_an_unknown_operation_lists_those_of_its_service() -> None:
    with pytest.raises(InvalidArgument, match=r"unknown operation 'mail\.nope'; known: mail\.add_account, "):
        schema.get_operation("mail.nope")


def test_a_world_has_every_table_and_full_text_index() -> None:
    ddl = schema.schema_ddl()
    for name in schema.tables():
        assert f"CREATE TABLE {name} (" in ddl
    for index in schema.full_text_indexes():
        assert f"CREATE VIRTUAL TABLE {index.name} USING fts5(" in ddl
