"""Mime types from a fixed table of file name extensions, so a world never depends on the host's database."""

from __future__ import annotations

DIRECTORY_MIME_TYPE = "inode/directory"
DEFAULT_MIME_TYPE = "application/octet-stream"

_BY_EXTENSION: dict[str, str] = {
    # text and code
    "txt": "text/plain",
    "text": "text/plain",
    "log": "text/plain",
    "md": "text/markdown",
    "markdown": "text/markdown",
    "rst": "text/x-rst",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
    "htm": "text/html",
    "css": "text/css",
    "ics": "text/calendar",
    "vcf": "text/vcard",
    "eml": "message/rfc822",
    "json": "application/json",
    "ipynb": "application/x-ipynb+json",
    "xml": "application/xml",
    "yaml": "application/yaml",
    "yml": "application/yaml",
    "toml": "application/toml",
    "ini": "text/plain",
    "cfg": "text/plain",
    "conf": "text/plain",
    "env": "text/plain",
    "tex": "application/x-tex",
    "rtf": "application/rtf",
    "sql": "application/sql",
    "py": "text/x-python",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "ts": "text/x-typescript",
    "sh": "application/x-sh",
    "rs": "text/x-rust",
    "go": "text/x-go",
    "java": "text/x-java",
    "c": "text/x-c",
    "h": "text/x-c",
    "cpp": "text/x-c++",
    "rb": "text/x-ruby",
    # documents
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "key": "application/vnd.apple.keynote",
    "pages": "application/vnd.apple.pages",
    "numbers": "application/vnd.apple.numbers",
    "epub": "application/epub+zip",
    # images
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "heif": "image/heif",
    "svg": "image/svg+xml",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "ico": "image/vnd.microsoft.icon",
    "dng": "image/x-adobe-dng",
    # audio and video
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
    "wav": "audio/wav",
    "ogg": "audio/ogg",
    "flac": "audio/flac",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "mov": "video/quicktime",
    "mkv": "video/x-matroska",
    "webm": "video/webm",
    "avi": "video/x-msvideo",
    # archives
    "zip": "application/zip",
    "gz": "application/gzip",
    "tgz": "application/gzip",
    "tar": "application/x-tar",
    "bz2": "application/x-bzip2",
    "xz": "application/x-xz",
    "7z": "application/x-7z-compressed",
    "rar": "application/vnd.rar",
    # fonts
    "ttf": "font/ttf",
    "otf": "font/otf",
    "woff": "font/woff",
    "woff2": "font/woff2",
}

# Files known by their whole name rather than an extension.
_BY_NAME: dict[str, str] = {
    "readme": "text/plain",
    "license": "text/plain",
    "makefile": "text/x-makefile",
    "dockerfile": "text/plain",
    ".bashrc": "application/x-sh",
    ".profile": "application/x-sh",
    ".zshrc": "application/x-sh",
    ".gitignore": "text/plain",
    ".env": "text/plain",
}


def mime_type_for(name: str) -> str:
    """The mime type of a file called ``name`` (a base name or a path), e.g. ``report.pdf`` -> ``application/pdf``.

    Unknown extensions are ``application/octet-stream``.
    """
    base = name.rsplit("/", 1)[-1].lower()
    if base in _BY_NAME:
        return _BY_NAME[base]
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem.strip("."):
        return DEFAULT_MIME_TYPE
    return _BY_EXTENSION.get(extension, DEFAULT_MIME_TYPE)
