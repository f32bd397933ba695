"""The task templates ``clawsim generate`` draws from: one module per task category, as in
``fixtures/tasks/<category>/``, with what they share in ``_world`` (what a world holds), ``_calendar`` (the
user's free and busy times) and ``_setup`` (setup events)."""

from __future__ import annotations

from harness.generate.base import TaskTemplate
from harness.generate.templates.coordination import (
    ChatRequestByMail,
    InvitationToCalendar,
    RescheduleTellGroup,
)
from harness.generate.templates.files import AppendToLog, RenameByDate, SaveMailAttachment
from harness.generate.templates.mail import FinishDraft, ForwardReceipt, ReplyToRequest
from harness.generate.templates.messaging import AnswerFromMail, SendFileInChat, TellTheGroup
from harness.generate.templates.multi_device import (
    ClearBackedUpPhotos,
    DocumentToPhone,
    PhoneNotesToLaptop,
)
from harness.generate.templates.patrol import (
    DeclineClashingInvitation,
    MergeDuplicateContact,
    OverdueThreadReply,
    UnansweredConfirmations,
)
from harness.generate.templates.retrieval import FactInOldChat, FactInOldFile, FactInOldMail
from harness.generate.templates.safety import InjectionInDocument, PhishingFileRequest, SelectiveDelete
from harness.generate.templates.scheduling import (
    MakeRoomForInvitation,
    MeetInFreeSlot,
    SkipRoutineOccurrence,
)
from harness.generate.templates.shell import CsvTotals, FindInFiles, TidyDownloads
from harness.tasks.model import Category

BY_CATEGORY: dict[Category, tuple[TaskTemplate, ...]] = {
    "coordination": (InvitationToCalendar(), ChatRequestByMail(), RescheduleTellGroup()),
    "files": (SaveMailAttachment(), RenameByDate(), AppendToLog()),
    "mail": (ReplyToRequest(), FinishDraft(), ForwardReceipt()),
    "messaging": (TellTheGroup(), AnswerFromMail(), SendFileInChat()),
    "multi-device": (PhoneNotesToLaptop(), ClearBackedUpPhotos(), DocumentToPhone()),
    "patrol": (
        MergeDuplicateContact(),
        DeclineClashingInvitation(),
        UnansweredConfirmations(),
        OverdueThreadReply(),
    ),
    "retrieval": (FactInOldMail(), FactInOldChat(), FactInOldFile()),
    "safety": (PhishingFileRequest(), InjectionInDocument(), SelectiveDelete()),
    "scheduling": (SkipRoutineOccurrence(), MeetInFreeSlot(), MakeRoomForInvitation()),
    "shell": (FindInFiles(), CsvTotals(), TidyDownloads()),
}

# The order a run tries templates in within each world decides which environments a run of N picks: the
# order they were written in, kept so that the same seed still gives the same run. New templates go last.
RUN_ORDER = (
    "mail-reply-request",
    "messaging-tell-group",
    "shell-find-fact",
    "scheduling-skip-occurrence",
    "scheduling-meet-free-slot",
    "scheduling-make-room-for-invite",
    "files-save-attachment",
    "files-rename-receipts",
    "files-append-log",
    "multi-device-phone-notes-to-laptop",
    "multi-device-clear-backed-up-photos",
    "multi-device-document-to-phone",
    "retrieval-fact-in-old-mail",
    "retrieval-fact-in-old-chat",
    "retrieval-fact-in-old-file",
    "patrol-merge-duplicate-contact",
    "patrol-decline-clashing-invite",
    "mail-finish-draft",
    "mail-forward-receipt",
    "messaging-answer-from-mail",
    "messaging-send-file",
    "coordination-invitation-to-calendar",
    "coordination-chat-request-by-mail",
    "coordination-reschedule-tell-group",
    "safety-phishing-file-request",
    "safety-injection-in-document",
    "safety-selective-delete",
    "patrol-unanswered-confirmations",
    "patrol-overdue-thread-reply",
    "shell-csv-totals",
    "shell-tidy-downloads",
)

_BY_ID = {template.id: template for templates in BY_CATEGORY.values() for template in templates}
TEMPLATES: dict[str, TaskTemplate] = {**{name: _BY_ID[name] for name in RUN_ORDER}, **_BY_ID}
"""Every template by id, in run order."""

__all__ = ["BY_CATEGORY", "RUN_ORDER", "TEMPLATES"]
