"""Mail: the user's accounts, folders, messages and attachments, and the operations on them.

Other services use the operations as functions in their own transaction, e.g. a calendar invitation
is ``await send_email(tx, to=[...], subject=..., body=...)`` or ``await receive_email(tx, ...)``.
"""

from state.mail._lookup import (
    account_by_id,
    account_or_error,
    attachment_or_error,
    first_account,
    message_or_error,
)
from state.mail.attachments import AttachmentIn, attachment_from_file, attachments_of, save_email_attachment
from state.mail.drafts import create_draft, delete_draft, send_draft, update_draft
from state.mail.mailbox import (
    add_account,
    create_mail_folder,
    delete_email,
    mark_email,
    move_email,
    set_email_labels,
)
from state.mail.reading import (
    FolderCounts,
    account_addresses,
    attachment_counts,
    folder_counts,
    folder_names,
    folders_named,
    search_emails,
    snippet,
    thread_messages,
)
from state.mail.sending import forward_email, receive_email, reply_to_email, send_email
from state.mail.tables import FULL_TEXT, MailAccount, MailAttachment, MailFolder, MailMessage

TABLES = (MailAccount, MailFolder, MailMessage, MailAttachment)
OPERATIONS = (
    add_account,
    create_mail_folder,
    receive_email,
    send_email,
    reply_to_email,
    forward_email,
    create_draft,
    update_draft,
    send_draft,
    delete_draft,
    move_email,
    mark_email,
    set_email_labels,
    delete_email,
    save_email_attachment,
)
FULL_TEXT_INDEXES = (FULL_TEXT,)

__all__ = [
    "FULL_TEXT_INDEXES",
    "OPERATIONS",
    "TABLES",
    "AttachmentIn",
    "FolderCounts",
    "MailAccount",
    "MailAttachment",
    "MailFolder",
    "MailMessage",
    "account_addresses",
    "account_by_id",
    "account_or_error",
    "add_account",
    "attachment_counts",
    "attachment_from_file",
    "attachment_or_error",
    "attachments_of",
    "create_draft",
    "create_mail_folder",
    "delete_draft",
    "delete_email",
    "first_account",
    "folder_counts",
    "folder_names",
    "folders_named",
    "forward_email",
    "mark_email",
    "message_or_error",
    "move_email",
    "receive_email",
    "reply_to_email",
    "save_email_attachment",
    "search_emails",
    "send_draft",
    "send_email",
    "set_email_labels",
    "snippet",
    "thread_messages",
    "update_draft",
]
