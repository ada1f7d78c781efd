"""The cycle collector held off while one unit of work (a domain's job or check) runs.

A job builds and drops catalogs of plain, acyclic objects (polib entries, strings, tuples,
segments): hundreds of thousands for one large post. The cycle collector, set off every 700
allocations, walks the young ones again and again and finds nothing to free; reference
counting frees all of it. Held off for the job and let run once after it, the collector walks
each object about once: a tenth of a 100,000-entry sync. The few cycles a job makes (markdown-it
parser state) are freed by that pass. ``cli.main`` raises the threshold of full passes for the
same reason (between jobs, the main process keeps the run's data alive).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_held() -> Iterator[None]:
    """No cycle collection inside the block (nested blocks keep it off); on leaving, as before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
