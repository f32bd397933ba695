"""Indexed arrays: ``a=(x y)``, ``a[2]=z``, ``a+=(w)``, ``${a[1]}``, ``"${a[@]}"``, ``${#a[@]}``.

An array is kept apart from scalar variables; ``$a`` is its element 0, as in bash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from state.shell.syntax import Assignment, Word

if TYPE_CHECKING:
    from state.shell.interpreter import Interpreter

ALL = ("@", "*")


def is_all(shell: Interpreter, index: Word) -> str | None:
    """``@`` or ``*`` when the subscript selects every element."""
    text = shell.expand.string(index).strip()
    return text if text in ALL else None


def values(shell: Interpreter, name: str) -> list[str]:
    array = shell.state.arrays.get(name)
    if array is not None:
        return [array[i] for i in sorted(array)]
    scalar = shell.state.variables.get(name)
    return [] if scalar is None else [scalar]


def indices(shell: Interpreter, name: str) -> list[str]:
    array = shell.state.arrays.get(name)
    if array is not None:
        return [str(i) for i in sorted(array)]
    return ["0"] if name in shell.state.variables else []


def element(shell: Interpreter, name: str, index: Word) -> str | None:
    position = _position(shell, name, index)
    array = shell.state.arrays.get(name)
    if array is None:
        return shell.state.variables.get(name) if position == 0 else None
    return array.get(position)


def _position(shell: Interpreter, name: str, index: Word) -> int:
    position = shell.expand.arithmetic(index)
    if position < 0:
        array = shell.state.arrays.get(name) or {}
        position += (max(array) + 1) if array else 0
    return position


def assign(shell: Interpreter, assignment: Assignment) -> None:
    """An assignment to an array or to one of its elements."""
    name = assignment.name
    array = _array(shell, name)
    if assignment.items is not None:
        items = shell.expand.words(assignment.items)
        start = (max(array) + 1 if array else 0) if assignment.append else 0
        if not assignment.append:
            array.clear()
        for offset, item in enumerate(items):
            array[start + offset] = item
        return
    position = _position(shell, name, assignment.index) if assignment.index is not None else 0
    value = shell.expand.string(assignment.value)
    array[position] = (array.get(position, "") + value) if assignment.append else value


def _array(shell: Interpreter, name: str) -> dict[int, str]:
    """The array ``name``, made from its scalar value (as element 0) if it has one."""
    arrays = shell.state.arrays
    if name not in arrays:
        scalar = shell.state.variables.pop(name, None)
        arrays[name] = {} if scalar is None else {0: scalar}
    return arrays[name]


def unset(shell: Interpreter, name: str, index: str) -> None:
    array = shell.state.arrays.get(name)
    if array is not None and index.strip().lstrip("-").isdigit():
        array.pop(int(index), None)
