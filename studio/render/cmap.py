"""Reading which characters a font can draw, straight from its ``cmap`` table.

Pillow cannot answer "does this font have a glyph for X" without rendering, and fontTools is
not an app dependency, so the two cmap formats every modern font carries (4: the Basic
Multilingual Plane, 12: all planes) are parsed here with ``struct``. For a collection (.ttc)
the first face is read: the faces of Noto Sans CJK map the same characters (they differ in
glyph shapes, which ``fonts.face_index`` picks), so its coverage stands for all of them.
"""

from __future__ import annotations

import struct


def cmap_codepoints(data: bytes) -> set[int]:
    """Code points mapped to a glyph by the best Unicode cmap subtable (format 12, else 4) of
    an OpenType/TrueType font, or of the first face of a collection (.ttc)."""
    base = 0
    if data[:4] == b"ttcf":
        base = struct.unpack_from(">I", data, 12)[0]  # first face of the collection
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    cmap_off = None
    for i in range(num_tables):
        tag, _sum, off, _len = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        if tag == b"cmap":
            cmap_off = off
            break
    if cmap_off is None:
        raise ValueError("no cmap table")
    n_sub = struct.unpack_from(">H", data, cmap_off + 2)[0]
    best: tuple[int, int] | None = None  # (priority, offset)
    for i in range(n_sub):
        plat, enc, off = struct.unpack_from(">HHI", data, cmap_off + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, cmap_off + off)[0]
        if fmt == 12 and (plat, enc) in ((3, 10), (0, 4), (0, 6)):
            prio = 2
        elif fmt == 4 and (plat, enc) in ((3, 1), (0, 3), (0, 1), (0, 0)):
            prio = 1
        else:
            continue
        if best is None or prio > best[0]:
            best = (prio, cmap_off + off)
    if best is None:
        raise ValueError("no Unicode cmap subtable")
    prio, off = best
    return _format12(data, off) if prio == 2 else _format4(data, off)


def _format12(data: bytes, off: int) -> set[int]:
    n_groups = struct.unpack_from(">I", data, off + 12)[0]
    out: set[int] = set()
    for g in range(n_groups):
        start, end, glyph = struct.unpack_from(">III", data, off + 16 + 12 * g)
        if glyph == 0:
            out.update(range(start + 1, end + 1))
        else:
            out.update(range(start, end + 1))
    return out


def _format4(data: bytes, off: int) -> set[int]:
    seg_x2 = struct.unpack_from(">H", data, off + 6)[0]
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", data, off + 14)
    starts = struct.unpack_from(f">{n}H", data, off + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", data, off + 16 + 2 * seg_x2)
    ro_pos = off + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{n}H", data, ro_pos)
    out: set[int] = set()
    for i in range(n):
        for c in range(starts[i], ends[i] + 1):
            if c == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (c + deltas[i]) & 0xFFFF
            else:
                pos = ro_pos + 2 * i + range_offsets[i] + 2 * (c - starts[i])
                glyph = struct.unpack_from(">H", data, pos)[0]
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                out.add(c)
    return out
