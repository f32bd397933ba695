"""The files tools' registry and the argument types they share."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._base import ToolRegistry

tool = ToolRegistry()

DeviceName = Annotated[
    str, Field(description="Which device's files: 'laptop' or 'phone' (list_file_devices lists them).")
]
FilePath = Annotated[
    str,
    Field(
        description="A path on the device: absolute ('/Users/maya/Documents/plan.md'), from the home "
        "directory ('~/Documents/plan.md') or relative to the home directory ('Documents/plan.md')."
    ),
]
Parents = Annotated[bool, Field(description="Make missing parent directories of the destination.")]
