"""Property: whatever a project file holds, loading returns a Project or raises ProjectError —
nothing else — and a project that loads can be saved and loaded again.

Two fixed-seed fuzzers (derandomized: the same examples every run, no example database):
(a) hostile JSON-like values in place of each field of a valid project document, and
(b) a valid saved file with hostile JSON values written over some fields and, in half the
    examples, byte-level damage on top (bit flips, deletions, insertions, truncation).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.errors import ProjectError
from studio.core.geometry import Rect
from studio.core.model import ImageAsset, Motion, Product, Project, Scene, Timeline
from studio.core.project_io import load_project, project_from_dict, project_to_dict, save_project

FUZZ = settings(
    derandomize=True,
    database=None,
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TAKE = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A project folder with real media and a link loop, shared by all examples."""
    d = tmp_path_factory.mktemp("fuzz")
    (d / "a.jpg").write_bytes(b"x")
    (d / "sub").mkdir()
    (d / "sub" / "b.png").write_bytes(b"x")
    os.symlink(d / "loop", d / "loop")
    return d


def _valid_doc(root: Path) -> dict[str, Any]:
    scenes = [
        Scene(kind="title", caption="Mug", voice_line="Mug.", image="a.jpg", id="s1"),
        Scene(
            kind="bullet",
            bullet=0,
            caption="Holds 12 oz ☕",
            voice_line="Holds 12 ounces",
            image="sub/b.png",
            motion=Motion(Rect(0, 0, 1, 1), Rect(0.1, 0.1, 0.8, 0.8)),
            focus=Rect(0.2, 0.3, 0.4, 0.4),
            confidence=0.8,
            reasons=["OCR"],
            duration=3.5,
            take=TAKE,
            takes=[TAKE],
            voice_speed=1.2,
            id="s2",
        ),
        Scene(
            kind="cta",
            caption="Buy now",
            voice_line="Buy now",
            image="a.jpg",
            transition="cut",
            id="s3",
        ),
    ]
    p = Project(
        root,
        Product("Mug", ["Holds 12 oz ☕", "保温杯"], price="$9", brand="Acme", logo="a.jpg"),
        [ImageAsset("a.jpg", "front"), ImageAsset("sub/b.png")],
        Timeline(scenes, dismissed=["gone"]),
    )
    p.music.path = "a.jpg"
    return project_to_dict(p)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a document: each key of each object and each entry of each list."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


VALID = _valid_doc(Path("/nonexistent"))  # the shape is the same for any root
FIELD_PATHS = _paths(VALID)[::-1]  # hypothesis favours early entries: "format" goes last
KEYS = sorted({k for p in FIELD_PATHS for k in p if isinstance(k, str)})


def _huge(digits: int) -> int:
    """An integer with abs(digits) digits, negative for negative digits (built here: the repr of
    such an int raises, so it cannot sit in a strategy hypothesis prints)."""
    return (-1 if digits < 0 else 1) * 10 ** abs(digits)


def _nest(depth: int) -> Any:
    return functools.reduce(lambda inner, _: [inner], range(depth), 0)


any_text = st.text(
    st.characters() | st.characters(codec=None, categories=["Cs"]), max_size=12
)  # + lone surrogates
texts = any_text | st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfffy",
        "../../etc/passwd",
        "/abs.jpg",
        "C:\\x.jpg",
        "a.jpg",
        "sub/b.png",
        "loop/x.jpg",
        "x" * 6000,
        TAKE,
        TAKE.upper(),
        TAKE + "0",
        "bullet",
        "title",
        "cut",
        "file",
        "none",
        "square",
        "auto",
        "product-video-studio",
    ]
)
huge_ints = (
    st.integers(-6000, 6000).filter(lambda n: abs(n) > 4300).map(_huge)
)  # str() of these raises ValueError
numbers = st.one_of(
    st.integers(),
    st.floats(),
    huge_ints,  # floats include nan and ±inf
    st.sampled_from(
        [10**400, -(2**64), 2**1024, 0, 1, -1, 0.5, 1e308, -0.0, float("inf"), float("nan")]
    ),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
values = st.one_of(
    scalars,
    st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=5)
            | st.dictionaries(st.sampled_from(KEYS) | texts, inner, max_size=5)
        ),
        max_leaves=12,
    ),
    st.lists(st.one_of(numbers, st.booleans()), min_size=4, max_size=4),  # rectangle-shaped
    st.integers(1, 3000).map(_nest),  # deep lists
    st.sampled_from([201, 1001, 1100]).map(lambda n: ["b"] * n),  # lists past each limit
)


def _set(doc: Any, path: tuple, value: Any) -> None:
    for k in path[:-1]:
        doc = doc[k]
    doc[path[-1]] = value


def _loads_or_refuses(load: Callable[[], Project], root: Path) -> None:
    """The property. Any exception other than ProjectError escapes and fails the test."""
    try:
        p = load()
    except ProjectError:
        return
    assert isinstance(p, Project)
    again = root / "again.studio.json"
    save_project(p, again)
    q = load_project(again)
    assert len(q.timeline.scenes) == len(p.timeline.scenes) and len(q.images) == len(p.images)


def _like(original: Any) -> st.SearchStrategy:
    """Values of the original's type, often plausible, so that many examples load and get re-saved."""
    if isinstance(original, bool):
        return st.booleans()
    if isinstance(original, (int, float)):
        return st.integers(0, 3) | st.floats(0.0, 2.0) | numbers
    if isinstance(original, str):
        return st.text(st.characters(), max_size=30) | any_text
    return st.none()


def _get(doc: Any, path: tuple) -> Any:
    for k in path:
        doc = doc[k]
    return doc


@st.composite
def changes(draw: st.DrawFn) -> list[tuple[tuple, Any]]:
    """1-3 (field path, new value): half hostile values, half plausible ones of the field's type."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(FIELD_PATHS))
        out.append((path, draw(_like(_get(VALID, path)) if draw(st.booleans()) else values)))
    return out


@FUZZ
@given(changes=changes())
@pytest.mark.slow
def test_any_value_in_any_field_loads_or_is_refused(root, changes):
    doc = _valid_doc(root)
    for path, value in changes:
        with contextlib.suppress(
            KeyError, IndexError, TypeError
        ):  # an earlier change replaced the container
            _set(doc, path, value)
    _loads_or_refuses(lambda: project_from_dict(doc, root), root)
    try:
        text = json.dumps(doc)  # through a real file too, when the value can be written as JSON
    except (ValueError, RecursionError):  # a 5,000-digit int; a list nested thousands deep
        return
    f = root / "fuzz.studio.json"
    f.write_text(text, encoding="utf-8")  # json escapes lone surrogates as \ud800
    _loads_or_refuses(lambda: load_project(f), root)


JSON_VALUES = [  # hostile but well-formed JSON values
    b'"\\ud800"',
    b'"a\\u0000b"',
    b"1e999",
    b"-1e999",
    b"NaN",
    b"Infinity",
    b"9" * 5000,
    b"-" + b"9" * 400,
    b"null",
    b"true",
    b"0.5",
    b"[]",
    b"{}",
    b"[" * 3000 + b"]" * 3000,
    b'"' + b"x" * 6000 + b'"',
    b'"../../x"',
    b'"' + TAKE.encode() + b'"',
]
BROKEN = [
    b"[" * 5000,
    b'{"a":' * 3000,
    b"[",
    b"]",
    b"{",
    b"}",
    b'"',
    b",",
    b":",
    b"\\",
    b"\x00",
    b"\xff",
    b"\xed\xa0\x80",
]


@st.composite
def damaged(draw: st.DrawFn, base: bytes) -> bytes:
    """1-3 field values replaced (the JSON stays valid), and in half the examples 1-2 byte-level
    damages on top (the JSON mostly breaks)."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 3))):
        starts = [m.end() for m in re.finditer(rb'": (?![\[{])', data)] or [0]  # scalar values
        j = k = draw(st.sampled_from(starts))
        while (
            k < len(data) and data[k] not in b",\n"
        ):  # the old value ends at "," or the line's end
            k += 1
        data[j:k] = draw(st.sampled_from(JSON_VALUES))
    for _ in range(draw(st.integers(1, 2)) if draw(st.booleans()) else 0):
        i = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "set", "delete", "insert", "truncate"]))
        if op == "flip" and i < len(data):
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and i < len(data):
            data[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 40))]
        elif op == "insert":
            data[i:i] = draw(st.sampled_from(JSON_VALUES + BROKEN) | st.binary(max_size=8))
        elif op == "truncate":
            del data[i:]
    return bytes(data)


SAVED = (
    json.dumps(VALID, ensure_ascii=False, indent=2) + "\n"
).encode()  # as save_project writes it


@FUZZ
@given(content=damaged(SAVED))
@pytest.mark.slow
def test_damaged_bytes_load_or_are_refused(root, content):
    f = root / "damaged.studio.json"
    f.write_bytes(content)
    _loads_or_refuses(lambda: load_project(f), root)
