#!/usr/bin/env python3
"""Draws the app icons (a white grid on party red) as PNGs, no libraries needed.

Run from the repository root: python3 scripts/make-icons.py
"""
import struct
import zlib

RED = (183, 28, 28, 255)
WHITE = (255, 255, 255, 255)
GOLD = (255, 202, 40, 255)
CLEAR = (0, 0, 0, 0)


def pixel(x, y, size, maskable):
    inset = 0.0 if maskable else 0.06
    radius = 0.0 if maskable else 0.18
    u, v = x / size, y / size
    if not inside_rounded(u, v, inset, radius):
        return CLEAR
    # content stays within the maskable safe zone (inner 80 %)
    lo, hi = 0.28, 0.72
    line = 0.035
    if lo <= u <= hi and lo <= v <= hi:
        for edge in (lo, (lo + hi) / 2, hi):
            if abs(u - edge) < line / 2 or abs(v - edge) < line / 2:
                return WHITE
        cx, cy = (lo + hi) / 2 + (hi - lo) / 4, (lo + hi) / 2 - (hi - lo) / 4
        if (u - cx) ** 2 + (v - cy) ** 2 < 0.045 ** 2:
            return GOLD
    return RED


def inside_rounded(u, v, inset, radius):
    if u < inset or v < inset or u > 1 - inset or v > 1 - inset:
        return False
    if radius == 0:
        return True
    cx = min(max(u, inset + radius), 1 - inset - radius)
    cy = min(max(v, inset + radius), 1 - inset - radius)
    return (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2


def png(size, maskable):
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x + 0.5, y + 0.5, size, maskable)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


for name, size, maskable in [("icon-192", 192, False), ("icon-512", 512, False),
                             ("icon-maskable-512", 512, True)]:
    with open(f"public/icons/{name}.png", "wb") as f:
        f.write(png(size, maskable))
