"""Which role the numbers at an offset of the text play (target / actual), and which offsets hold no indicators."""

from __future__ import annotations

import bisect
from collections.abc import Callable


class Regions:
    """Offset intervals -> role, for indicator role assignment; skipped intervals (labels, units, dates) hold none."""

    def __init__(self) -> None:
        self.iv: list[tuple[int, int, str | None]] = []
        self.skip_iv: list[tuple[int, int]] = []

    def add(self, s: int, e: int, role: str | None) -> None:
        if e > s:
            self.iv.append((s, e, role))

    def skip(self, s: int, e: int) -> None:
        if e > s:
            self.skip_iv.append((s, e))

    def finalize(self, default: str | None) -> tuple[Callable[[int], str | None], Callable[[int], bool]]:
        """(role_at(offset), skip(offset)) over the intervals added so far."""
        self.iv.sort()
        starts = [a for a, _, _ in self.iv]
        self.skip_iv.sort()
        sk_starts = [a for a, _ in self.skip_iv]

        def role_at(off: int) -> str | None:
            i = bisect.bisect_right(starts, off) - 1
            if i >= 0 and self.iv[i][0] <= off < self.iv[i][1]:
                return self.iv[i][2]
            return default

        def skip(off: int) -> bool:
            i = bisect.bisect_right(sk_starts, off) - 1
            return i >= 0 and self.skip_iv[i][0] <= off < self.skip_iv[i][1]

        return role_at, skip
