"""Exit statuses of the command line and the error that carries one."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1  # something outside the user's control (disk full, command unavailable)
EXIT_USAGE = 2  # a mistake in the command: bad option value, missing or unusable file
EXIT_DIVERGED = 3  # training produced a non-finite loss or gradient
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """Ends a command with one line on stderr and the given exit status (no traceback)."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status
