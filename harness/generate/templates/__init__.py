"""The task templates ``clawsim generate`` draws from, by id."""

from __future__ import annotations

from harness.generate.base import TaskTemplate
from harness.generate.templates.batch_c import BATCH_C
from harness.generate.templates.batch_d import BATCH_D
from harness.generate.templates.starter import FindInFiles, ReplyToRequest, TellTheGroup

TEMPLATES: dict[str, TaskTemplate] = {
    template.id: template
    for template in (ReplyToRequest(), TellTheGroup(), FindInFiles(), *BATCH_C, *BATCH_D)
}

__all__ = ["TEMPLATES"]
