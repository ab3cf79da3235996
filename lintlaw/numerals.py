"""Read numbers as reports write them: Chinese numerals for headings and dates."""

from __future__ import annotations

_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral below 1000 (一, 十二, 二十, 一百零五) or of ASCII digits; None otherwise."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text:
        return None
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS[text]
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def int_to_chinese(number: int) -> str:
    """A number from 0 to 99 in Chinese numerals as headings write it (十, 十二, 二十, 二十一)."""
    digits = "零一二三四五六七八九"
    if number <= 10:
        return "十" if number == 10 else digits[number]
    if number < 20:
        return "十" + digits[number - 10]
    return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")


_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}


def parse_number(text: str) -> float | None:
    """Value of a number as reports write it: 333, 20.12, 1.1万, 3 522, 一百零五; None if unreadable."""
    cleaned = text.replace(" ", "").replace(",", "").replace("，", "")
    multiplier = 1
    if cleaned and cleaned[-1] in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[cleaned[-1]]
        cleaned = cleaned[:-1]
    try:
        return float(cleaned) * multiplier
    except ValueError:
        value = chinese_to_int(cleaned)
        return None if value is None else float(value * multiplier)
