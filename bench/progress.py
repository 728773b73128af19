"""Progress lines for the long steps of the benchmark (every step says what it does and how long it took)."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, stream=None, quiet: bool = False):
        self.stream = stream or sys.stdout
        self.quiet = quiet
        self._t0 = time.perf_counter()
        self._step_t0 = self._t0

    def _elapsed(self) -> str:
        s = int(time.perf_counter() - self._t0)
        return f"{s // 60:02d}:{s % 60:02d}"

    def say(self, text: str) -> None:
        if not self.quiet:
            print(f"[{self._elapsed()}] {text}", file=self.stream, flush=True)

    def step(self, text: str) -> None:
        self._step_t0 = time.perf_counter()
        self.say(f"{text} ...")

    def tick(self, n: int, total: int) -> None:
        pct = 100 * n / total if total else 100
        self.say(f"    {n:,} / {total:,} ({pct:.0f} %)".replace(",", "."))

    def done(self, text: str = "") -> None:
        self.say(f"    klaar{': ' + text if text else ''}")
