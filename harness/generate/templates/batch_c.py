"""Batch C of task templates: scheduling, files, multi-device, retrieval and patrol."""

from __future__ import annotations

from harness.generate.base import TaskTemplate
from harness.generate.templates.batch_c_contacts import MergeDuplicateContact
from harness.generate.templates.batch_c_devices import DocumentToPhone, PhoneNotesToLaptop
from harness.generate.templates.batch_c_files import AppendToLog, SaveMailAttachment
from harness.generate.templates.batch_c_invitations import DeclineClashingInvitation, MakeRoomForInvitation
from harness.generate.templates.batch_c_photos import ClearBackedUpPhotos
from harness.generate.templates.batch_c_receipts import RenameByDate
from harness.generate.templates.batch_c_retrieval import FactInOldChat, FactInOldFile, FactInOldMail
from harness.generate.templates.batch_c_scheduling import MeetInFreeSlot, SkipRoutineOccurrence

BATCH_C: tuple[TaskTemplate, ...] = (
    SkipRoutineOccurrence(),
    MeetInFreeSlot(),
    MakeRoomForInvitation(),
    SaveMailAttachment(),
    RenameByDate(),
    AppendToLog(),
    PhoneNotesToLaptop(),
    ClearBackedUpPhotos(),
    DocumentToPhone(),
    FactInOldMail(),
    FactInOldChat(),
    FactInOldFile(),
    MergeDuplicateContact(),
    DeclineClashingInvitation(),
)

__all__ = ["BATCH_C"]
