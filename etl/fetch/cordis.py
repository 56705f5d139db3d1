"""CORDIS bulk files for Horizon 2020 and Horizon Europe (CC BY 4.0): download the zips.

``etl.formats.cordis`` reads them (and the same files downloaded by hand).
"""

from __future__ import annotations

import pandas as pd

from etl.fetch import http
from etl.fetch.base import Batch, Context, download
from etl.formats.cordis import DATA_URL, LICENCE, CordisError, parse_zip
from etl.rows import Parsed

#: file set -> the zip's name under the base URL (``--base-url`` or $NMS_CORDIS_BASE_URL)
FILES = {"h2020": "cordis-h2020projects-csv.zip", "horizon": "cordis-HORIZONprojects-csv.zip"}
ZIPS = {key: f"{DATA_URL}{name}" for key, name in FILES.items()}
MAX_BYTES = 1_500_000_000


def fetch(ctx: Context) -> list[Batch]:
    base = ctx.base("cordis", DATA_URL.rstrip("/"))
    client = ctx.client("CORDIS", http.RateLimit(1, 5), timeout=(15, 600))
    which = ctx.options.get("tables") or list(FILES)
    frames, snaps = [], []
    skipped: dict[str, int] = {}
    for n, key in enumerate(which, 1):
        if key.lower() not in FILES:
            raise http.FetchError(f"CORDIS has no file set '{key}'; choose from {', '.join(FILES)}.")
        url = f"{base}/{FILES[key.lower()]}"
        ctx.progress(f"CORDIS: downloading {url.rsplit('/', 1)[-1]} ({n}/{len(which)}); this can take minutes")
        snap = download(ctx, client, "cordis", key, url, licence=LICENCE, ext="zip", max_bytes=MAX_BYTES)
        snaps.append(snap)
        try:
            parsed, why = parse_zip(snap.read(), url=url, hint=key)
        except CordisError as err:
            raise http.FetchError(f"CORDIS {key}: {err}") from None
        ctx.progress(f"CORDIS: {key}: {len(parsed.frame)} participations in Norra Mellansverige "
                     f"({why['outside Norra Mellansverige']} elsewhere left out)")
        frames.append(parsed.frame)
        for k, v in why.items():
            skipped[k] = skipped.get(k, 0) + v
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if frame.empty:
        return []
    return [Batch(Parsed("funding", "cordis", "organization.csv", frame), snaps, LICENCE,
                  "cordis " + ", ".join(which), skipped)]
