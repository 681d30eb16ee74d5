"""One build at a time per build folder, and no debris from builds that were killed.

Two builds writing one folder would each save the extraction cache they started from, so
the last writer silently drops the other's articles. `locked_build_dir` wraps `build()`
in an exclusive lock on `DIR/.lock` (the `filelock` library: an OS file lock, released by
the kernel when a process dies, so a killed build never leaves the folder locked). A
second build waits up to `KG_LOCK_WAIT` seconds (default 10) and then stops with one
sentence saying the folder is busy.

Under the lock, temp files that a killed build left behind (atomic writes go through
`.NAME.*.tmp` next to their target) are removed: no other writer can own them.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from kg.errors import KgError

LOCK_FILE = ".lock"
DEFAULT_WAIT = 10.0
F = TypeVar("F", bound=Callable[..., Any])


def _wait() -> float:
    try:
        return max(0.0, float(os.environ.get("KG_LOCK_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def remove_stale_temp(folder: Path) -> list[Path]:
    """Delete `.*.tmp` files and folders in the build folder and its direct subfolders
    (no deeper: --out may be a folder that holds much else)."""
    removed = []
    for tmp in sorted([*folder.glob(".*.tmp"), *folder.glob("*/.*.tmp")]):
        try:
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp)
            else:
                tmp.unlink()
            removed.append(tmp)
        except FileNotFoundError:
            continue
    return removed


def lock_folder(out_dir: str | Path) -> FileLock:
    """Create the build folder and return its (not yet acquired) lock."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KgError(f"{out}: exists and is not a folder; give --out a folder.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{out}: the build folder cannot be created "
                      f"({exc.strerror or exc}).") from exc
    return FileLock(str(out / LOCK_FILE), timeout=_wait())


def locked_build_dir(fn: F) -> F:
    """Decorate `build(inputs, out_dir, ...)`: hold the folder's lock for the whole call."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        out = Path(kwargs["out_dir"] if "out_dir" in kwargs else args[1])
        lock = lock_folder(out)
        try:
            lock.acquire()
        except Timeout as exc:
            raise KgError(f"{out}: another kg build is writing to this folder; try again when "
                          "it has finished.") from exc
        try:
            remove_stale_temp(out)
            return fn(*args, **kwargs)
        finally:
            lock.release()

    return wrapper  # type: ignore[return-value]
