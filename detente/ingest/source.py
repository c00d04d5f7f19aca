"""Where an input's bytes come from: named paths, directories walked, stdin; every limit checked while reading.

No input is ever held beyond ``MAX_BYTES`` (+1): a plain file is refused from its size before it is opened
and read in chunks up to the limit (a pipe or a growing file says nothing of its size in advance); a gzip
stream, recognised by its magic bytes whatever its name, is decompressed a chunk at a time and refused as
soon as its output passes the limit, so a decompression bomb costs the limit in memory and a few
milliseconds, not its expanded size.

A directory is walked in a stable order (names sorted, depth first; hidden entries and ``README.md`` left
out). Whatever cannot be read along the way is reported, never skipped in silence: a directory that cannot
be listed, a broken symbolic link, a FIFO, socket or device inside a directory (opening one could block
forever). A path named on the command line is read even when it is a pipe (``<(zcat x.gz)``).
"""
from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from detente.errors import InputError
from detente.ingest.base import MAX_BYTES, Rejected

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
UNREADABLE = "path"  # the ``reader`` of a Rejected path that could not be read at all
SKIPPED_NAMES = frozenset({"README.md"})  # a folder's own description, not an article


class Unreadable(InputError):
    """A path that cannot be read at all (permissions, a broken link, a special file): not its content's fault."""


def too_large(locator: str, limit: int, what: str = "input") -> InputError:
    return InputError(locator, f"{what} too large (more than {limit:,} bytes); split it or raise the limit")


def read_capped(stream: BinaryIO, locator: str, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of ``stream``; InputError as soon as there are more."""
    chunks, size = [], 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise too_large(locator, limit)
        chunks.append(chunk)


def gunzip_capped(stream: BinaryIO, locator: str, limit: int = MAX_BYTES) -> bytes:
    """The decompressed content of a gzip stream (all members), refused once it passes ``limit``."""
    try:
        with gzip.GzipFile(fileobj=_Capped(stream, locator, limit), mode="rb") as gz:
            chunks, size = [], 0
            while chunk := gz.read(CHUNK):  # decompresses at most CHUNK bytes per call
                size += len(chunk)
                if size > limit:
                    raise too_large(locator, limit, "decompressed input")
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(locator, f"truncated or corrupt gzip ({exc})") from None
    return b"".join(chunks)


class _Capped(io.RawIOBase):
    """A stream refused once more than ``limit`` bytes were read from it (compressed input has a bound too)."""

    def __init__(self, stream: BinaryIO, locator: str, limit: int):
        self.stream, self.locator, self.limit, self.size = stream, locator, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self.stream.read(min(len(buf), CHUNK))
        self.size += len(data)
        if self.size > self.limit:
            raise too_large(self.locator, self.limit)
        buf[: len(data)] = data
        return len(data)


def _peek(stream: BinaryIO, n: int) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(n)[:n] if peek else b""


def load(stream: BinaryIO, name: str, limit: int = MAX_BYTES) -> tuple[bytes, str]:
    """The bytes of one input and the name its reader is chosen by (``x.txt.gz`` -> ``x.txt``).

    Gzip is recognised by its magic bytes as well as by the ``.gz`` suffix."""
    gz = name.lower().endswith(".gz")
    if gz or _peek(stream, 2) == GZIP_MAGIC:
        return gunzip_capped(stream, name, limit), name[:-3] if gz else name
    return read_capped(stream, name, limit), name


def load_bytes(data: bytes, name: str, limit: int = MAX_BYTES) -> tuple[bytes, str]:
    """:func:`load` for bytes already in memory (the API's request body, tests)."""
    if name.lower().endswith(".gz") or data[:2] == GZIP_MAGIC:
        return load(io.BufferedReader(io.BytesIO(data)), name, limit)
    if len(data) > limit:
        raise too_large(name, limit)
    return data, name


def load_path(path: Path, limit: int = MAX_BYTES) -> tuple[bytes, str]:
    """:func:`load` for a file: a regular file larger than ``limit`` is refused before it is read."""
    locator = str(path)
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise InputError(locator, "is a directory")
            if stat.S_ISREG(st.st_mode) and st.st_size > limit:
                raise InputError(locator, f"input too large ({st.st_size:,} bytes > {limit:,})")
            return load(fh, locator, limit)
    except OSError as exc:
        raise Unreadable(locator, f"cannot read file ({exc.strerror or exc})") from None


def inputs(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Rejected]:
    """The files to read under ``paths``, or a Rejected for each one that cannot be reached."""
    for p in paths:
        path = Path(p)
        if str(p) != "-" and path.is_dir():
            yield from _walk(path, set())
        else:
            yield path


def _walk(folder: Path, seen: set) -> Iterator[Path | Rejected]:
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:  # a symbolic link back up the tree
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Rejected(str(folder), f"cannot read directory ({exc.strerror or exc})", UNREADABLE)
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in SKIPPED_NAMES:
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir():
                yield from _walk(path, seen)
            elif entry.is_file():
                yield path
            elif entry.is_symlink():
                yield Rejected(entry.path, f"broken symbolic link (to {os.readlink(entry.path)!r})", UNREADABLE)
            else:
                yield Rejected(entry.path, f"not a regular file ({_kind(entry)}); not read", UNREADABLE)
        except OSError as exc:
            yield Rejected(entry.path, f"cannot read ({exc.strerror or exc})", UNREADABLE)


def _kind(entry: os.DirEntry) -> str:
    mode = entry.stat().st_mode
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "special file"


def missing(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The named paths that do not exist (``-`` is stdin; a broken symbolic link does not exist)."""
    return [str(p) for p in paths if str(p) != "-" and not os.path.exists(p)]
