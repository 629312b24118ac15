"""Writing a file all at once or not at all: reports (`--output`) and the starter config.

The text goes to a temporary file in the same folder, is flushed to disk, then takes the target's
name in one step: an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import os
import tempfile

from checker.errors import InputError
from checker.paths import display_path


def write_atomically(path: str, text: str, *, replace: bool = True) -> None:
    """Write `text` to `path`. With `replace=False` an existing file is never overwritten: the
    new file is linked into place, which fails if the name is taken."""
    shown = display_path(path)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".amiable-", suffix=".tmp")
    except OSError as exc:
        raise InputError(shown, f"écriture impossible : {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        if replace:
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise InputError(shown, "le fichier existe déjà : Amiable ne l'écrase pas") from None
        except OSError:
            # A file system without hard links: the rename is still atomic, only the existence
            # check is no longer part of the same step.
            if os.path.lexists(path):
                raise InputError(shown, "le fichier existe déjà : Amiable ne l'écrase pas") \
                    from None
            os.replace(temporary, path)
    except OSError as exc:
        raise InputError(shown, f"écriture impossible : {exc.strerror}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
