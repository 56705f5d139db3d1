"""One validator per warehouse table. Each takes long rows (``etl.rows.Parsed``), a
read-only warehouse connection and the default source, and returns (validated rows,
sources to add, cells left out as missing) -- or raises ``Invalid`` with every problem."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from etl.load.validate import employment, funding, indicator_value
from etl.load.validate.sources import SourceInfo
from etl.rows import Parsed

#: table -> validator(parsed, con, source); indicator values also take the indicator asked for
VALIDATORS: dict[str, Callable[..., tuple[pd.DataFrame, pd.DataFrame, int]]] = {
    "indicator_value": indicator_value.validate, "employment": employment.validate, "funding": funding.validate}


def validate(parsed: Parsed, con, source: SourceInfo, indicator: str | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """``indicator`` names the indicator of a file that has no indicator column (an SCB export)."""
    if parsed.kind == "indicator_value":
        return indicator_value.validate(parsed, con, indicator, source)
    return VALIDATORS[parsed.kind](parsed, con, source)
