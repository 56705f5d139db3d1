"""Declared S3 priorities against measured specialisation.

The LQ and Krugman numbers come from the warehouse views (``v_location_quotient``,
``v_krugman_index``). This module arranges them: a theme × county matrix of declared
areas, and for each declared area the LQs of the industries that contain its NACE
codes -- saying plainly when the data is coarser than the area.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app import fmt, queries
from app.i18n import col, lang, t

COUNTIES = list(queries.COUNTIES_NMS)

#: NACE Rev.2 / SNI 2007 divisions (first two digits) per section.
SECTION_DIVISIONS = {
    "A": range(1, 4), "B": range(5, 10), "C": range(10, 34), "D": range(35, 36), "E": range(36, 40),
    "F": range(41, 44), "G": range(45, 48), "H": range(49, 54), "I": range(55, 57), "J": range(58, 64),
    "K": range(64, 67), "L": range(68, 69), "M": range(69, 76), "N": range(77, 83), "O": range(84, 85),
    "P": range(85, 86), "Q": range(86, 89), "R": range(90, 94), "S": range(94, 97), "T": range(97, 99),
    "U": range(99, 100),
}
#: Finer classifications first when a county has several datasets for the same year.
CLASSIFICATION_PREFERENCE = ["SCB_GROUPS16", "NACE_A10", "SCB_SECTORS3"]


def section_of(nace_code: str) -> str | None:
    """'16' -> 'C', '58.21' -> 'J'."""
    try:
        division = int(str(nace_code).strip().split(".")[0])
    except ValueError:
        return None
    return next((s for s, divs in SECTION_DIVISIONS.items() if division in divs), None)


def sections_of(nace_codes: str) -> list[str]:
    out: list[str] = []
    for code in str(nace_codes or "").split(";"):
        s = section_of(code)
        if s and s not in out:
            out.append(s)
    return out


def covering_industries(sections: list[str], industries: pd.DataFrame) -> pd.DataFrame:
    """For each section, the narrowest industry of the dataset that contains it."""
    rows = []
    for s in sections:
        hits = industries[industries.nace_sections.fillna("").str.split(";").map(lambda xs: s in xs)]
        if hits.empty:
            continue
        narrowest = hits.assign(width=hits.nace_sections.str.count(";")).sort_values("width").iloc[0]
        rows.append(narrowest)
    if not rows:
        return industries.iloc[0:0]
    return pd.DataFrame(rows).drop_duplicates(subset=["industry_code"])


def theme_matrix(areas: pd.DataFrame) -> pd.DataFrame:
    """Rows: shared themes; columns: counties; cells: the county's area names in that theme."""
    names = queries.regions().set_index("region_code")[col("name")]
    themes = queries.themes()
    area_col = col("area")
    data = {}
    for code in COUNTIES:
        mine = areas[areas.region_code == code]
        data[names[code]] = [
            "; ".join(mine[mine.theme_id == th][area_col]) for th in themes.theme_id]
    out = pd.DataFrame(data, index=themes[col("name")])
    out.index.name = t("s3.theme")
    return out[(out != "").any(axis=1)]


@dataclass
class Statement:
    region_code: str
    area: str
    text: str
    lq: float | None


def declared_vs_measured(areas: pd.DataFrame) -> tuple[list[Statement], pd.DataFrame]:
    """One statement per current area with the LQ of the industries containing it."""
    language = lang()
    names = queries.regions().set_index("region_code")[col("name")]
    statements: list[Statement] = []
    records = []
    for code in COUNTIES:
        lqs = queries.latest_lq_for_region(code)
        dataset = None
        if not lqs.empty:
            latest = lqs.year.max()
            cands = lqs[lqs.year == latest].classification.unique().tolist()
            best = sorted(cands, key=lambda c: CLASSIFICATION_PREFERENCE.index(c)
                          if c in CLASSIFICATION_PREFERENCE else 99)[0]
            dataset = lqs[(lqs.year == latest) & (lqs.classification == best)]
        for area in areas[(areas.region_code == code) & (areas.status == "current")].itertuples():
            area_name = getattr(area, col("area"))
            sections = sections_of(area.nace_codes)
            if not sections:
                statements.append(Statement(code, area_name, t("s3.dm.no_codes", area=area_name), None))
                continue
            if dataset is None or dataset.empty:
                statements.append(Statement(code, area_name, t("s3.dm.no_data", area=area_name,
                                                                 county=names[code]), None))
                continue
            hits = covering_industries(sections, dataset)
            if hits.empty:
                statements.append(Statement(code, area_name, t("s3.dm.no_data", area=area_name,
                                                                 county=names[code]), None))
                continue
            src = f"{hits.publisher.iloc[0]}" + (f" {hits.table_id.iloc[0]}" if isinstance(hits.table_id.iloc[0], str)
                                                 and hits.table_id.iloc[0] else "")
            parts = []
            for h in hits.itertuples():
                ind_name = getattr(h, col("name"))
                part = t("s3.dm.part", lq=fmt.number(h.lq, 2, language), industry=ind_name)
                if h.flag == "low_precision":
                    part += f" ({t('flag.low_precision')})"
                parts.append(part)
                records.append({
                    t("s3.col.county"): names[code], t("s3.col.area"): area_name,
                    t("s3.col.nace"): area.nace_codes, t("s3.col.industry"): f"{h.industry_code} {ind_name}",
                    t("common.year"): int(h.year), "LQ": float(h.lq), t("s3.col.employed"): float(h.employed),
                    t("common.source"): src,
                })
            text = t("s3.dm.statement", area=area_name, county=names[code], year=int(hits.year.iloc[0]),
                     source=src, parts="; ".join(parts))
            text += " " + t("s3.dm.coarse", codes=area.nace_codes.replace(";", ", "))
            statements.append(Statement(code, area_name, text, float(hits.lq.iloc[0])))
    table = pd.DataFrame.from_records(records)
    return statements, table
