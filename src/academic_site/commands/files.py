"""Writing a file of the site from a command: atomically, one run at a time
(shared by ``homepage-citations`` and ``homepage-papers``)."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from academic_site.commands.fetching import CommandError


def write_atomically(path: Path, text: str, newline: str | None = None) -> None:
    """Replace *path* with *text* in one step: readers see old or new, never half.

    *newline* is :func:`open`'s: ``""`` writes the line ends *text* has, on
    every OS (a file's old bytes stay as they were).
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def one_run_at_a_time(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on *path*'s folder while the block runs.

    A second run waits here, then reads what the first one wrote, so its
    comparison sees the newer figures and a lower figure never wins. The lock
    is released when the process ends, however it ends. On Linux and macOS it
    is ``flock`` on the folder itself, so no lock file is left behind; Windows
    cannot open a folder, so there it is the first byte of a file
    ``.<name>.lock`` beside *path* (``msvcrt.locking``).
    """
    folder = path.parent if str(path.parent) else Path(".")
    windows = sys.platform == "win32"
    target = folder / f".{path.name}.lock" if windows else folder
    try:
        descriptor = os.open(target, os.O_RDWR | os.O_CREAT if windows else os.O_RDONLY)
    except OSError as error:
        raise CommandError(f"cannot open {target}: {error.strerror}") from None
    try:
        wait_for_lock(descriptor, windows)
        yield
    finally:
        os.close(descriptor)


def wait_for_lock(descriptor: int, windows: bool) -> None:
    # Each OS's own call, imported where it exists (no module has both).
    if not windows:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return
    import msvcrt

    while True:  # LK_LOCK gives up after ten seconds; a refresh may take longer
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
            return
        except OSError:
            time.sleep(0.1)
