"""Plain-text articles: decode the bytes, keep every character, guess the title.

Offsets index the decoded text *without* a byte-order mark: a UTF-8 (or UTF-16) BOM is removed
by decoding, and nothing else is. Line ends, repeated title lines and trailing spaces all stay,
so `text[start:end]` of any span is exactly what the file says there.

UTF-8 is expected. Anything else is decoded with the encoding charset-normalizer finds and the
article carries a warning naming it ("decoded as cp1252: not valid UTF-8"); bytes no encoding
fits, or that decode to control-character soup, are refused.
"""

from __future__ import annotations

import re

from prospects import wordlists
from prospects.ingest.errors import Unreadable

# A decoded text with more than this share of control or replacement characters is not text.
MAX_GARBAGE_SHARE = 0.05
# English in a legacy encoding has few bytes above 0x7F (accents, curly quotes, dashes).
MAX_HIGH_BYTE_SHARE = 0.3
# UTF-8 with at most this share of invalid bytes is read as UTF-8 with replacements.
MAX_STRAY_SHARE = 0.01
WESTERN = ("cp1252", "latin_1", "iso8859_15")
_GARBAGE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_PACKAGE, _TITLES = "prospects.ingest", "titles.yaml"


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of `data` without BOM, and warnings about how it was decoded."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, warnings = _decode_utf16(data)
    else:
        try:
            text, warnings = data.decode("utf-8-sig"), ()
        except UnicodeDecodeError:
            text, warnings = _decode_other(data)
    if text and len(_GARBAGE.findall(text)) > MAX_GARBAGE_SHARE * len(text):
        raise Unreadable("not text: the decoded content is mostly control characters")
    return text, warnings


def guess_title(text: str) -> str | None:
    """The first non-empty line when it reads like a headline, else None."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    if line is None:
        return None
    line = _MARKDOWN_HEADING.sub("", line).strip()
    if (
        not line
        or len(line) > wordlists.integer(_PACKAGE, _TITLES, "max_chars")
        or len(line.split()) > wordlists.integer(_PACKAGE, _TITLES, "max_words")
    ):
        return None
    if line[0].islower():
        return None
    if (
        line.endswith(".")
        and not _ends_with_abbreviation(line)
        and _capitalised_share(line) < wordlists.number(_PACKAGE, _TITLES, "headline_case_share")
    ):
        return None
    return line


def _capitalised_share(line: str) -> float:
    long_words = [w for w in line.split() if sum(c.isalpha() for c in w) >= 4]
    if not long_words:
        return 0.0
    return sum(w[0].isupper() for w in long_words) / len(long_words)


def _ends_with_abbreviation(line: str) -> bool:
    last = line.split()[-1]
    # as written: "Co." ends a headline, "co." is no abbreviation a headline ends with
    abbreviations = wordlists.phrases(_PACKAGE, _TITLES, "abbreviations")
    return last in abbreviations or bool(_INITIALISM.search(last))


def _decode_utf16(data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode("utf-16"), ("decoded as utf-16: not UTF-8",)
    except UnicodeDecodeError:
        raise Unreadable("not valid UTF-16 despite its byte-order mark") from None


def _decode_other(data: bytes) -> tuple[str, tuple[str, ...]]:
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    # English in a legacy 8-bit encoding is mostly ASCII; mostly-high bytes are binary, or a
    # script the English pipeline could not analyse anyway.
    high = sum(1 for b in data if b >= 0x80)
    if high > MAX_HIGH_BYTE_SHARE * len(data):
        raise Unreadable(
            f"not valid UTF-8, and {high / len(data):.0%} of its bytes are not ASCII: "
            "not English text in another encoding either"
        )
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if m.encoding not in ("utf_8", "utf-8")]
    if not matches:
        raise Unreadable("not valid UTF-8, and no other text encoding fits")
    # Short texts fit several single-byte encodings equally well; for English news the Windows
    # Western code page is by far the likeliest, so it wins a tie.
    least_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least_chaos + 0.01]
    best = next((m for m in tied if m.encoding in WESTERN), tied[0])
    return str(best), (f"decoded as {best.encoding}: not valid UTF-8",)


def _mostly_utf8(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """UTF-8 with a few stray bytes (a bad copy-paste) stays UTF-8, the strays replaced."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    has_real_utf8 = any(ord(c) > 0x7F and c != "\ufffd" for c in text)
    if has_real_utf8 and bad <= MAX_STRAY_SHARE * len(text):
        return text, (f"decoded as UTF-8 with {bad} invalid byte(s) replaced by U+FFFD",)
    return None
