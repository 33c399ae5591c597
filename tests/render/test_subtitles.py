"""SRT/VTT: timestamp formats, two readable lines, long cues split in time, atomic writes."""

from __future__ import annotations

import re
import unicodedata

from studio.render.plan import Cue
from studio.render.subtitles import LINE_CHARS, cue_blocks, srt_text, vtt_text, write_srt, write_vtt

CUES = [
    Cue(0.0, 2.5, "Meet the Trail Jacket"),
    Cue(
        2.5,
        6.0,
        "Seam-sealed ripstop shell with a breathable mesh lining that keeps you dry "
        "and comfortable on long wet hikes. Packs into its own pocket.",
    ),
    Cue(6.0, 8.25, "防水透气面料，压胶接缝，轻便耐穿，适合徒步、露营和日常通勤。"),
    Cue(3725.0049, 3726.5, "Only <b>$89</b> & free returns"),
]


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_srt_format(tmp_path):
    path = write_srt(CUES, tmp_path / "video.srt")
    text = path.read_text("utf-8")
    blocks = text.strip().split("\n\n")
    for i, block in enumerate(blocks, 1):
        lines = block.split("\n")
        assert lines[0] == str(i)
        assert re.fullmatch(r"\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}", lines[1])
        assert 1 <= len(lines[2:]) <= 2
        assert all(_width(ln) <= LINE_CHARS for ln in lines[2:])
    assert blocks[0].split("\n")[1] == "00:00:00,000 --> 00:00:02,500"
    assert "01:02:05,005 --> 01:02:06,500" in text
    assert [p.name for p in tmp_path.iterdir()] == ["video.srt"]


def test_vtt_format(tmp_path):
    path = write_vtt(CUES, tmp_path / "video.vtt")
    text = path.read_text("utf-8")
    assert text.startswith("WEBVTT\n\n")
    stamps = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$", text, re.M)
    assert stamps[0] == ("00:00:00.000", "00:00:02.500")
    assert ("01:02:05.005", "01:02:06.500") in stamps
    assert "&lt;b&gt;$89&lt;/b&gt; &amp; free returns" in text
    assert "," not in "".join(a + b for a, b in stamps)


def test_long_cue_is_split_into_consecutive_two_line_cues():
    long = [c for c in CUES if c.start == 2.5]
    text = srt_text(long)
    stamps = re.findall(r"(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})", text)
    assert len(stamps) >= 2

    def sec(h, m, s, ms):
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    times = [(sec(*s[:4]), sec(*s[4:])) for s in stamps]
    assert times[0][0] == 2.5 and times[-1][1] == 6.0
    assert all(
        a[1] == b[0] for a, b in zip(times, times[1:], strict=False)
    )  # back to back, no gaps
    words = " ".join(ln for b in cue_blocks(long[0].text) for ln in b).split()
    assert words == long[0].text.split()  # nothing lost


def test_chinese_lines_count_double_width():
    for block in cue_blocks(CUES[2].text):
        assert len(block) <= 2
        assert all(_width(ln) <= LINE_CHARS for ln in block)
    assert "".join("".join(b) for b in cue_blocks(CUES[2].text)) == CUES[2].text


def test_empty_and_inverted_cues_are_skipped():
    assert srt_text([Cue(1.0, 1.0, "x"), Cue(2.0, 1.0, "y"), Cue(0.0, 1.0, "   ")]) == ""
    assert vtt_text([]) == "WEBVTT\n"
