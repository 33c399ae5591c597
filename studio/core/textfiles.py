"""Reading the small text files a seller writes by hand (bullets.txt, product.toml), safely.

Only regular files are read (a FIFO would block forever, a link to /dev/urandom would never
end), never more than a size limit, and the encoding is decided conservatively: a byte-order
mark, else valid UTF-8, else one stated fallback (Windows-1252, the encoding Windows editors
save "ANSI" text in) only when the bytes look like Latin text in it — never a guess that turns
words into mojibake. Lines end only at newlines: form feeds, NEL and the Unicode line and
paragraph separators stay inside a line (as spaces) instead of splitting one bullet into five.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from studio.core.errors import ProjectError

MAX_TEXT_BYTES = 1_000_000  # a bullets file or product.toml is a few kilobytes
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACK = "cp1252"
# UTF-8 text with a few bytes that are not UTF-8 (a bad paste, a damaged copy): read as UTF-8
# with those bytes left out, rather than turning every accent of the file into mojibake.
DAMAGED_UTF8 = "utf-8 (damaged)"
# Bytes cp1252 leaves undefined, and C0 controls no text file holds: their presence means
# the file is not cp1252 text either.
_NOT_CP1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D}) | (
    frozenset(range(0x00, 0x20)) - {0x09, 0x0A, 0x0D, 0x0C}
)
_INLINE_BREAKS: dict[str, str | int | None] = {
    "\x0c": " ",
    "\x0b": " ",
    "\x85": " ",
    "\u2028": " ",
    "\u2029": " ",
    "\x1c": " ",
    "\x1d": " ",
    "\x1e": " ",
}


def read_small_file(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file no larger than ``limit``; ProjectError (naming the file)
    for anything else. The file is opened without blocking, so a FIFO cannot hang us."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ProjectError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ProjectError(
                f"{path.name}: not a regular file (a device, pipe or folder); refused"
            )
        if st.st_size > limit:
            raise ProjectError(
                f"{path.name}: too large ({st.st_size:,} bytes; the limit is {limit:,})"
            )
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew while we read it
                raise ProjectError(f"{path.name}: too large (more than {limit:,} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding used). ProjectError when the bytes are not text in a known encoding."""
    for bom, enc in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError:
                raise ProjectError(
                    f"{name}: the file says it is {enc.upper()} but is damaged; save it as UTF-8"
                ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(raw):
        return raw.decode("utf-8", errors="ignore"), DAMAGED_UTF8
    if any(b in _NOT_CP1252 for b in raw):
        raise ProjectError(f"{name}: not text in a known encoding; save it as UTF-8")
    return raw.decode(FALLBACK), FALLBACK


def _mostly_utf8(raw: bytes) -> bool:
    """True when the bytes hold at least as many well-formed multi-byte UTF-8 characters as
    bytes that are not UTF-8: Latin text in cp1252 almost never forms a valid sequence."""
    decoded = raw.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in decoded if not ch.isascii() and ch != "\ufffd")
    return good > 0 and good >= bad


def damaged_utf8_lines(raw: bytes) -> list[int]:
    """The numbers (from 1) of the lines holding bytes that are not UTF-8."""
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    out = []
    for n, line in enumerate(lines, 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            out.append(n)
    return out


def text_lines(text: str) -> list[str]:
    """Lines split at newlines only (LF, CR LF, CR); other line breaks become spaces."""
    text = text.translate(str.maketrans(_INLINE_BREAKS))
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read_text_file(path: Path, limit: int = MAX_TEXT_BYTES) -> tuple[str, str]:
    """(text, encoding) of a seller's small text file, read with every check above."""
    return decode_text(read_small_file(path, limit), Path(path).name)
