"""What every connector shares: the context it runs in and the rows it hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import readers
from etl.fetch import http, snapshot


@dataclass
class Context:
    """Where snapshots go, how to talk to the network, how to report progress."""
    snapshots: Path
    pointer: Path | None = None              # the warehouse (connectors that read its catalogue)
    progress: callable = print
    since: int | None = None                 # first year (statistics) to fetch
    since_date: str | None = None            # first change date (Vinnova)
    session: object | None = None            # a requests.Session (tests mount recorded responses)
    sleep: callable = None
    options: dict = field(default_factory=dict)

    def client(self, name: str, limit: http.RateLimit, **kw) -> http.Client:
        extra = {"session": self.session} if self.session is not None else {}
        if self.sleep is not None:
            extra["sleep"] = self.sleep
        return http.Client(name, limit, progress=self.progress, **extra, **kw)


@dataclass
class Batch:
    """Rows for one warehouse table, in the long form the upload validators read,
    with the snapshots they were made from."""
    parsed: readers.Parsed
    snapshots: list[snapshot.Snapshot]
    licence: str
    label: str                               # e.g. "scb TAB638, TAB3138"
    skipped: dict[str, int] = field(default_factory=dict)   # why rows were left out -> count


def long_frame(records: list[dict], fields: dict[str, str]) -> pd.DataFrame:
    """Records -> the frame the validators expect: one column per field, ``excel_row``
    = the record's number in its snapshot, ``<field>_col`` = the JSON/CSV field it came
    from (so a problem names the record and the field)."""
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=[*fields, "excel_row"])
    for name, origin in fields.items():
        if name not in df:
            df[name] = ""
        df[name] = df[name].astype(object)
        df[f"{name}_col"] = origin
    if "excel_row" not in df:
        df["excel_row"] = range(1, len(df) + 1)
    return df.reset_index(drop=True)


#: The funding fields every funding connector fills (the upload validator's columns plus
#: ``ref``, the record's own id, which keeps a re-fetched row's id stable).
FUNDING_FIELDS = ("ref", "programme", "programme_period", "project", "beneficiary", "region_codes", "theme",
                  "year_start", "year_end", "amount", "currency", "amount_kind", "amount_note", "evidence",
                  "source_url", "source_publisher", "source_title", "source_table_id")


def funding_frame(records: list[dict], origins: dict[str, str]) -> pd.DataFrame:
    """Funding records -> validator frame; ``origins`` names the source field of each column."""
    return long_frame(records, {k: origins.get(k, k) for k in FUNDING_FIELDS})


def download(ctx: Context, client: http.Client, source: str, name: str, url: str, *, licence: str, ext: str,
             max_bytes: int) -> snapshot.Snapshot:
    """One large file (a bulk export) straight into a snapshot."""
    r = client.get(url, max_bytes=max_bytes)
    return snapshot.save(ctx.snapshots, source, name, r.content, url=r.url, content_type=r.content_type,
                         licence=licence, ext=ext)
