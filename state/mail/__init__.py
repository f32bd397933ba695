"""Mail: the user's accounts, folders, messages and attachments, and the operations on them.

Other services use the operations as functions in their own transaction, e.g. a calendar invitation
is ``await send_email(tx, to=[...], subject=..., body=...)`` or ``await receive_email(tx, ...)``.
"""

from state.mail.attachments import AttachmentIn, attachment_from_file, save_attachment
from state.mail.drafts import delete_draft, save_draft, send_draft, update_draft
from state.mail.mailbox import (
    add_account,
    create_folder,
    delete_email,
    mark_email,
    move_email,
    set_labels,
)
from state.mail.reading import search_emails
from state.mail.sending import forward_email, receive_email, reply_to_email, send_email
from state.mail.tables import MailAccount, MailAttachment, MailFolder, MailMessage

__all__ = [
    "AttachmentIn",
    "MailAccount",
    "MailAttachment",
    "MailFolder",
    "MailMessage",
    "add_account",
    "attachment_from_file",
    "create_folder",
    "delete_draft",
    "delete_email",
    "forward_email",
    "mark_email",
    "move_email",
    "receive_email",
    "reply_to_email",
    "save_attachment",
    "save_draft",
    "search_emails",
    "send_draft",
    "send_email",
    "set_labels",
    "update_draft",
]
