"""Saving a file so that a kill at any moment leaves a whole file, the way the user set it up.

- A symbolic link is followed: the file it points to gets the new text, the link stays a link.
- A file with one name is replaced atomically: the new text goes to a temporary file in the same
  folder (`.NAME.XXXXXXXX.tmp`), is flushed to disk, then renamed over the file; its permission
  bits (and owner, where allowed) are kept. Temporary files left by a killed save are removed by
  the next save once they are a minute old.
- A file with several hard links is updated in place, so every name still shows the same file:
  first a whole copy of the old text goes to `.NAME.backup` (atomically), then the file is
  rewritten and flushed, then the copy is removed. A kill leaves the file or its backup whole.
- A file whose mode bits allow no one to write it (`chmod a-w`) is refused with `ReadOnlyFile`,
  even for root, who could write it anyway.
"""
from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 60


class ReadOnlyFile(PermissionError):
    """The file's mode bits say it is not to be written."""


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` as described above; on OSError (`ReadOnlyFile` for a read-only file) or
    UnicodeEncodeError the old file stays as it was."""
    data = text.encode(encoding)
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(22, "not a regular file", str(path))
        if not info.st_mode & 0o222:
            raise ReadOnlyFile(13, f"the file is read-only (mode {stat.S_IMODE(info.st_mode):04o})", str(path))
    remove_stale_temporaries(target)
    if info is not None and info.st_nlink > 1:
        _write_in_place(target, data)
    else:
        _replace(target, data, info)


def backup_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.backup")


def remove_stale_temporaries(target: Path) -> None:
    """Delete `.NAME.*.tmp` files a killed save left next to `target` (older than a minute)."""
    limit = time.time() - STALE_SECONDS
    for temp in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if temp.is_file() and temp.stat().st_mtime < limit:
                temp.unlink()
        except OSError:
            continue


def _replace(target: Path, data: bytes, info: os.stat_result | None) -> None:
    folder = target.parent
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            os.chmod(temp, stat.S_IMODE(info.st_mode))
            try:
                os.chown(temp, info.st_uid, info.st_gid)
            except OSError:
                pass                # only root may give a file away; the bits are kept anyway
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)


def _write_in_place(target: Path, data: bytes) -> None:
    backup = backup_path(target)
    _replace(backup, target.read_bytes(), os.stat(target))
    with open(target, "r+b") as handle:
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
    backup.unlink()
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
