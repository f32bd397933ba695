"""Adding a device: its row in the world and the home directory of its file tree."""

from __future__ import annotations

from state.core import Device
from state.db import Tx, build
from state.errors import InvalidArgument
from state.files.ops import make_directory
from state.ops import operation

DEVICE_KINDS = ("laptop", "phone", "tablet", "desktop")


@operation("world")
async def add_device(tx: Tx, id: str, name: str, kind: str, os: str, home: str, hostname: str) -> Device:
    """Give the user a device, with its home directory; its id (``laptop``, ``phone``) is how tools name it."""
    if kind not in DEVICE_KINDS:
        raise InvalidArgument(f"device kind {kind!r} is not one of {', '.join(DEVICE_KINDS)}")
    if not home.startswith("/"):
        raise InvalidArgument(f"device home {home!r} must be an absolute path such as '/home/maya'")
    if tx.get(Device, id) is not None:
        raise InvalidArgument(f"device {id!r} exists already")
    device = build(Device)(id=id, name=name, kind=kind, os=os, home=home, hostname=hostname)
    tx.insert(device)
    if home != "/":
        await make_directory(tx, home, device=id, parents=True)
    return device
