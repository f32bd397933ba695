"""Batch D of the task templates: mail, messaging, coordination, safety, patrol and shell."""

from __future__ import annotations

from harness.generate.base import TaskTemplate
from harness.generate.templates.batch_d_coordination import InvitationToCalendar, RescheduleTellGroup
from harness.generate.templates.batch_d_coordination_files import ChatRequestByMail
from harness.generate.templates.batch_d_mail import FinishDraft, ForwardReceipt
from harness.generate.templates.batch_d_messaging import AnswerFromMail, SendFileInChat
from harness.generate.templates.batch_d_patrol import OverdueThreadReply, UnansweredConfirmations
from harness.generate.templates.batch_d_safety import InjectionInDocument, PhishingFileRequest
from harness.generate.templates.batch_d_safety_cleanup import SelectiveDelete
from harness.generate.templates.batch_d_shell import CsvTotals, TidyDownloads

BATCH_D: tuple[TaskTemplate, ...] = (
    FinishDraft(),
    ForwardReceipt(),
    AnswerFromMail(),
    SendFileInChat(),
    InvitationToCalendar(),
    ChatRequestByMail(),
    RescheduleTellGroup(),
    PhishingFileRequest(),
    InjectionInDocument(),
    SelectiveDelete(),
    UnansweredConfirmations(),
    OverdueThreadReply(),
    CsvTotals(),
    TidyDownloads(),
)

__all__ = ["BATCH_D"]
