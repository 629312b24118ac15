"""The one error type users see: bad input, reported as `path:line:col: message`, exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """A file, an option or a rule that cannot be used as given.

    Carries where the problem is so that the CLI can print it the way compilers do, without a
    traceback. `line` and `column` are 1-based; 0 means unknown.
    """

    def __init__(self, path: str, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"
