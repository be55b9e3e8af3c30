"""The one base of every error meant for a user (Anki's ``errors.py`` idea).

A :class:`UserError` carries a Danish (translated) message that says what went wrong and what to do,
optionally the field or spreadsheet row it is about. The GUI shows it as a message; any other
exception is a bug and goes to the crash dialog and the log (:mod:`inventar.ui.crash`). The
command line prints it and exits with its own code.
"""

from __future__ import annotations


class UserError(Exception):
    """An error for the user to read: ``str(error)`` is the message, in the current language."""

    field: str | None = None  # the field the message is about (a form can put the focus there)
    row: int | None = None  # the spreadsheet row, as the spreadsheet shows it

    def __init__(self, message: str = "", *, field: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field
        if row is not None:
            self.row = row


class Cancelled(Exception):  # noqa: N818 - a state, not a failure
    """The user stopped a job; never shown as an error, nothing of the job's result is kept."""


class FileError(UserError):
    """A file could not be read or written (full disk, no access, read-only drive, missing folder)."""

    @classmethod
    def from_os_error(cls, error: OSError) -> FileError:
        from inventar.i18n import _

        reason = os_reason(error)
        name = error.filename or ""
        text = _("»{name}«: {reason}", name=name, reason=reason) if name else reason
        made = cls(_("Filen kunne ikke læses eller skrives: {reason}", reason=text))
        made.__cause__ = error
        return made


def os_reason(error: OSError) -> str:
    """Why a file could not be read or written, in the user's language: a full disk, no access, a read-only
    drive, a missing file, a folder (the system's own text, often English, only for rarer kinds)."""
    import errno

    from inventar.i18n import _

    reasons = {
        errno.ENOSPC: _("disken er fuld"),
        errno.EDQUOT: _("disken er fuld"),
        errno.EACCES: _("ingen adgang (filen eller mappen er skrivebeskyttet eller i brug)"),
        errno.EPERM: _("ingen adgang (filen eller mappen er skrivebeskyttet eller i brug)"),
        errno.EROFS: _("drevet er skrivebeskyttet"),
        errno.ENOENT: _("filen eller mappen findes ikke"),
        errno.EISDIR: _("det er en mappe, ikke en fil"),
        errno.ENOTDIR: _("en del af stien er en fil, ikke en mappe"),
        errno.ENAMETOOLONG: _("filnavnet er for langt"),
        errno.EIO: _("læse- eller skrivefejl på drevet"),
    }
    return reasons.get(error.errno) or error.strerror or str(error)
