"""Kohesio: download the Swedish export of EU cohesion-policy projects (CC BY 4.0).

``etl.formats.kohesio`` reads it (and the same file downloaded by hand).
"""

from __future__ import annotations

import pandas as pd

from etl.fetch import http
from etl.fetch.base import Batch, Context, download
from etl.formats.kohesio import LICENCE, parse
from etl.formats.sheets import csv_records
from etl.rows import Parsed

BASE = "https://kohesio.ec.europa.eu/api/data/object"
#: period -> the object id of Sweden's export under the base URL (``--base-url`` or $NMS_KOHESIO_BASE_URL)
OBJECTS = {"2021-2027": "data/projects-2021-2027/latest/SE-pp21-27-latest.csv"}
URLS = {period: f"{BASE}?id={obj}" for period, obj in OBJECTS.items()}
MAX_BYTES = 1_000_000_000


def fetch(ctx: Context) -> list[Batch]:
    base = ctx.base("kohesio", BASE)
    client = ctx.client("Kohesio", http.RateLimit(1, 5), timeout=(15, 600))
    frames, snaps, skipped = [], [], {}
    for period in ctx.options.get("tables") or list(OBJECTS):
        if period not in OBJECTS:
            raise http.FetchError(f"Kohesio has no file for '{period}'; choose from {', '.join(OBJECTS)}.")
        url = f"{base}?id={OBJECTS[period]}"
        ctx.progress(f"Kohesio: downloading the Swedish {period} project list")
        snap = download(ctx, client, "kohesio", period, url, licence=LICENCE, ext="csv", max_bytes=MAX_BYTES)
        snaps.append(snap)
        parsed, why = parse(csv_records(snap.read()), url=url, sheet=snap.path.name)
        ctx.progress(f"Kohesio: {period}: {len(parsed.frame)} rows in Norra Mellansverige; left out: "
                     + ", ".join(f"{v} {k}" for k, v in why.items()))
        frames.append(parsed.frame)
        skipped.update(why)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return [Batch(Parsed("funding", "kohesio", "kohesio", frame), snaps, LICENCE, "kohesio", skipped)] \
        if not frame.empty else []
