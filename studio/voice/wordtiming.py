"""Word timings: when each spoken word of a take starts and ends in its WAV, and which word of
the line as written it reads.

Three spellings of a line meet here. The line as written ("Only $63.00 today!") is split at
whitespace into written tokens. The text the voice is given ("Only 63 dollars today!") is
split the same way into spoken words; one written token can become several (``$63.00`` ->
``63 dollars``). ``token_indices`` finds the written token of each spoken word by diffing the
two texts piece by piece (runs of letters and digits, single marks), so no normalisation rule
has to report what it did. The voice's phonemes, last, come per sentence with spaces between
words, but espeak's words are not the text's: it reads "63" as two words and runs "of the"
into one. ``align_words`` matches those phoneme words to the spoken words by dynamic
programming over phoneme edit distance, each spoken word's template being its phonemes said
alone; a phoneme word that reads several spoken words is shared among them in proportion to
their templates.

The times come from the voice model's own per-phoneme durations when it reports them (exact
on its frame grid), else from an estimate: each model run's audio shared out equally among
its phoneme ids (the take then says ``words_estimated``).
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# Piper's phoneme-id framing (piper.const): every phoneme's ids are followed by PAD, the run
# starts with BOS + PAD and ends with EOS.
PAD, BOS, EOS = "_", "^", "$"
STRESS = frozenset("ˈˌ")  # vary with context; a word's template is said alone
_PIECE = re.compile(r"\d+|[^\W\d_]+|[^\s]")  # digit runs, letter runs, single marks


@dataclass(frozen=True)
class WordTiming:
    """One spoken word of a take."""

    text: str  # the spoken word without the punctuation around it ("63", "dollars")
    start: float  # seconds into the take's WAV
    end: float
    token: int = -1  # the written token it reads: an index into ``take.text.split()``; -1: none

    def to_json(self) -> list[object]:
        return [self.text, round(self.start, 4), round(self.end, 4)]


@dataclass(frozen=True)
class PhonemeWord:
    """A run of phonemes between spaces and punctuation, with the sample where each starts
    and the sample where the last ends (``edges[k]``..``edges[k + 1]`` is phoneme ``k``)."""

    phonemes: tuple[str, ...]
    edges: tuple[float, ...]


def is_separator(phoneme: str) -> bool:
    """Spaces and punctuation part words; stress and length marks belong to them."""
    return not phoneme.strip() or all(unicodedata.category(c).startswith("P") for c in phoneme)


def phoneme_edges(
    phonemes: Sequence[str],
    ids: Sequence[int],
    samples_per_id: Sequence[float] | np.ndarray,
    id_map: Mapping[str, Sequence[int]],
) -> np.ndarray | None:
    """Sample offsets where each phoneme starts, and the last ends (len(phonemes) + 1), from
    the samples each phoneme id occupies; a phoneme owns the PAD after it. None when the ids
    are not Piper's framing of these phonemes (another phonemiser's id scheme)."""
    pad = len(id_map.get(PAD, ()))
    counts = [len(id_map[p]) + pad if p in id_map else 0 for p in phonemes]
    head = len(id_map.get(BOS, ())) + pad
    if head + sum(counts) + len(id_map.get(EOS, ())) != len(ids) or len(ids) != len(samples_per_id):
        return None
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(samples_per_id, np.float64))])
    return cum[head + np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)]


def split_words(
    phonemes: Sequence[str], edges: Sequence[float] | np.ndarray | None = None
) -> list[PhonemeWord]:
    """The phoneme words of one model run (or of a word said alone, without ``edges``)."""
    words: list[PhonemeWord] = []
    run: list[int] = []
    for k, p in enumerate([*phonemes, " "]):
        if not is_separator(p):
            run.append(k)
            continue
        if run:
            e = tuple(float(edges[i]) for i in [*run, run[-1] + 1]) if edges is not None else ()
            words.append(PhonemeWord(tuple(phonemes[i] for i in run), e))
            run = []
    return words


# -- spoken words <-> phoneme words -----------------------------------------------------------


def _plain(phonemes: Sequence[str]) -> tuple[str, ...]:
    return tuple(p for p in phonemes if p not in STRESS)


@functools.lru_cache(maxsize=65536)
def _distance(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Levenshtein distance between two phoneme sequences."""
    if a == b:
        return 0
    if not a or not b:
        return len(a) + len(b)
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


BAND = 48  # phonemes either side of the proportional path the alignment may stray


def align_words(
    templates: Sequence[Sequence[Sequence[str]]],
    heard: Sequence[Sequence[str]],
    band: float = BAND,
) -> list[tuple[int, int] | None]:
    """For each spoken word, the range of phonemes it covers in ``heard`` (all heard words'
    phonemes counted one after another), or None if it was not found.

    ``templates[j]`` is spoken word j said alone, as phoneme words ("63": two of them; a
    mark: none). Stretches where heard and template words agree exactly for two words or
    more are taken as they are; between them, ``_align_stretch`` searches the best reading.
    """
    hs = [_plain(w) for w in heard]
    flat = [_plain(w) for t in templates for w in t]
    matcher = difflib.SequenceMatcher(None, hs, flat, autojunk=False)
    heard_at: dict[int, int] = {}  # template word -> the heard word it equals
    for a, b, size in matcher.get_matching_blocks():
        if size >= 2:
            heard_at.update({b + q: a + q for q in range(size)})
    anchors: dict[int, tuple[int, int]] = {}  # spoken word -> its heard words [first, last + 1)
    first = 0
    for j, t in enumerate(templates):
        span = [heard_at.get(f, -1) for f in range(first, first + len(t))]
        if t and span[0] >= 0 and span == list(range(span[0], span[0] + len(t))):
            anchors[j] = (span[0], span[0] + len(t))
        first += len(t)

    starts = [0]
    for w in heard:
        starts.append(starts[-1] + len(w))
    out: list[tuple[int, int] | None] = [None] * len(templates)
    j = h = 0  # first spoken and heard word not yet placed
    for stop in [*sorted(anchors), len(templates)]:
        next_h = anchors[stop][0] if stop < len(templates) else len(heard)
        if j < stop:
            found = _align_stretch(templates[j:stop], heard[h:next_h], band)
            for q, r in enumerate(found):
                out[j + q] = None if r is None else (starts[h] + r[0], starts[h] + r[1])
        if stop < len(templates):
            h = anchors[stop][1]
            out[stop] = (starts[anchors[stop][0]], starts[h])
        j = stop + 1
    return out


def _align_stretch(
    templates: Sequence[Sequence[Sequence[str]]],
    heard: Sequence[Sequence[str]],
    band: float,
) -> list[tuple[int, int] | None]:
    """``align_words`` by dynamic programming. Moves: a spoken word reads one or more heard
    words (up to its template's word count + 2); one heard word reads 2-3 spoken words
    (espeak's "ʌvðə"); a heard word reads nothing; a spoken word is not heard. Each costs
    the phoneme edit distance, stress ignored. Only states within ``band`` phonemes of the
    proportional path are searched; if that finds no path the band widens."""
    n, m = len(heard), len(templates)
    hs = [_plain(w) for w in heard]
    ts = [tuple(p for w in t for p in _plain(w)) for t in templates]
    counts = [len(t) for t in templates]
    ha = np.concatenate([[0], np.cumsum([len(h) for h in hs])]).tolist()
    ta = np.concatenate([[0], np.cumsum([len(t) for t in ts])]).tolist()
    scale = ha[-1] / ta[-1] if ta[-1] else 1.0
    while True:
        back = _align(hs, ts, counts, ha, ta, scale, band)
        if back is not None or band >= max(ha[-1], ta[-1] * scale) + 1:
            break
        band *= 4
    if back is None:  # nothing spoken or nothing heard
        return [None] * m
    # Walk back from the end, then hand out phoneme ranges.
    starts = [0]
    for w in heard:
        starts.append(starts[-1] + len(w))
    out: list[tuple[int, int] | None] = [None] * m
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, how, k = back[(i, j)]
        if how == "word":
            out[pj] = (starts[pi], starts[pi + k])
        elif how == "merge":
            length = len(heard[pi])
            sizes = [max(1, len(ts[pj + q])) for q in range(k)]
            total = sum(sizes)
            cuts = [starts[pi] + round(length * sum(sizes[:q]) / total) for q in range(k + 1)]
            for q in range(k):
                a, b = cuts[q], cuts[q + 1]
                out[pj + q] = (a, b) if b > a else None
        i, j = pi, pj
    return out


def _align(
    hs: list[tuple[str, ...]],
    ts: list[tuple[str, ...]],
    counts: list[int],
    ha: list[int],
    ta: list[int],
    scale: float,
    band: float,
) -> dict[tuple[int, int], tuple[int, int, str, int]] | None:
    n, m = len(hs), len(ts)
    if not n or not m:
        return None
    cost: dict[tuple[int, int], int] = {(0, 0): 0}
    back: dict[tuple[int, int], tuple[int, int, str, int]] = {}

    def near(i: int, j: int) -> bool:
        return abs(ha[i] - ta[j] * scale) <= band

    def push(i: int, j: int, c: int, step: tuple[int, int, str, int]) -> None:
        if (i, j) != (n, m) and not near(i, j):
            return
        if c < cost.get((i, j), c + 1):
            cost[(i, j)] = c
            back[(i, j)] = step

    for j in range(m + 1):
        lo = bisect.bisect_left(ha, ta[j] * scale - band)
        hi = bisect.bisect_right(ha, ta[j] * scale + band)
        for i in range(lo, min(hi, n + 1)):
            c = cost.get((i, j))
            if c is None:
                continue
            if i < n:
                push(i + 1, j, c + len(hs[i]), (i, j, "extra", 1))
            if j == m:
                continue
            if not ts[j]:
                push(i, j + 1, c, (i, j, "silent", 0))
                continue
            push(i, j + 1, c + len(ts[j]), (i, j, "missed", 0))
            said: tuple[str, ...] = ()
            for k in range(1, min(counts[j] + 2, n - i) + 1):
                said += hs[i + k - 1]
                push(i + k, j + 1, c + _distance(said, ts[j]), (i, j, "word", k))
            if i < n:
                joined = ts[j]
                for k in (2, 3):
                    if j + k > m or not ts[j + k - 1]:
                        break
                    joined += ts[j + k - 1]
                    push(i + 1, j + k, c + _distance(hs[i], joined), (i, j, "merge", k))
    return back if (n, m) in cost else None


def word_times(
    spoken: str,
    templates: Sequence[Sequence[Sequence[str]]],
    heard: Sequence[PhonemeWord],
    offset: float,
    length: int,
    sample_rate: int,
) -> tuple[WordTiming, ...]:
    """One WordTiming per whitespace-separated word of ``spoken``, in seconds of the finished
    take: ``offset`` is the sample of the synthesised audio that became the take's first,
    ``length`` the take's length in samples. A word that was not found gets an empty span
    where the previous one ended, so the list stays parallel to the spoken words."""
    words = spoken.split()
    if len(templates) != len(words):
        raise ValueError("one template per spoken word is needed")
    ranges = align_words(templates, [w.phonemes for w in heard])
    starts = [e for w in heard for e in w.edges[:-1]]
    ends = [e for w in heard for e in w.edges[1:]]

    def seconds(sample: float) -> float:
        return min(max(sample - offset, 0.0), float(length)) / sample_rate

    out: list[WordTiming] = []
    t = 0.0
    for word, span in zip(words, ranges, strict=True):
        if span is None:
            start = end = t
        else:
            start, end = max(seconds(starts[span[0]]), t), seconds(ends[span[1] - 1])
            end = max(end, start)
        out.append(WordTiming(display_word(word), round(start, 4), round(end, 4)))
        t = end
    return tuple(out)


def display_word(word: str) -> str:
    """A spoken word without the punctuation around it ("today!" -> "today")."""
    stripped = "".join(_strip_marks(word))
    return stripped or word


def _strip_marks(word: str) -> str:
    a, b = 0, len(word)
    while a < b and unicodedata.category(word[a]).startswith("P"):
        a += 1
    while b > a and unicodedata.category(word[b - 1]).startswith("P"):
        b -= 1
    return word[a:b]


# -- spoken words <-> written tokens ----------------------------------------------------------


def token_indices(written: str, spoken: str) -> list[int]:
    """For each whitespace-separated word of ``spoken``, the index of the whitespace-separated
    token of ``written`` it was made from (never decreasing), -1 if ``written`` has none.

    Both texts are cut into pieces (runs of letters and digits, single marks) and diffed:
    a spoken piece equal to a written one comes from it; pieces in a replaced stretch map
    across it in proportion ("$63.00" -> "63 dollars": "dollars" replaces ".00"); an inserted
    piece belongs to the written piece before it.
    """
    src = list(_PIECE.finditer(written))
    token_starts = [m.start() for m in re.finditer(r"\S+", written)]
    src_token = [bisect.bisect_right(token_starts, p.start()) - 1 for p in src]
    words = list(re.finditer(r"\S+", spoken))
    dst = list(_PIECE.finditer(spoken))
    if not src:
        return [-1] * len(words)
    dst_src = [0] * len(dst)
    matcher = difflib.SequenceMatcher(
        None, [p[0].casefold() for p in src], [p[0].casefold() for p in dst], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j1, j2):
            if op == "equal":
                dst_src[k] = i1 + (k - j1)
            elif i2 > i1:  # replace
                dst_src[k] = i1 + (k - j1) * (i2 - i1) // (j2 - j1)
            else:  # insert
                dst_src[k] = max(i1 - 1, 0)
    dst_starts = [p.start() for p in dst]
    out: list[int] = []
    last = 0
    for w in words:
        k = bisect.bisect_left(dst_starts, w.start())
        token = src_token[dst_src[k]] if k < len(dst) and dst_starts[k] < w.end() else last
        last = max(last, token)
        out.append(last)
    return out


def with_tokens(words: Sequence[WordTiming], written: str, spoken: str) -> tuple[WordTiming, ...]:
    """``words`` (parallel to ``spoken.split()``) pointing at the tokens of ``written``."""
    tokens = token_indices(written, spoken)
    if len(tokens) != len(words):
        tokens = [-1] * len(words)
    return tuple(WordTiming(w.text, w.start, w.end, t) for w, t in zip(words, tokens, strict=True))


def written_word_times(
    words: Sequence[WordTiming], written: str
) -> tuple[tuple[float, float, str], ...]:
    """(start, end, written token) for each written token that is spoken, in order: the
    spoken words that read one token ("63", "dollars" for "$63.00") make one span."""
    tokens = written.split()
    out: list[tuple[float, float, str]] = []
    current = -1
    for w in words:
        if not 0 <= w.token < len(tokens) or w.end <= w.start:
            continue
        if w.token == current and out:
            start, _, text = out[-1]
            out[-1] = (start, max(w.end, out[-1][1]), text)
        else:
            out.append((w.start, w.end, tokens[w.token]))
            current = w.token
    return tuple(out)
