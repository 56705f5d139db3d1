"""``employment_by_industry.csv`` -> ``data/employment.csv`` and ``data/industries.csv``.

Each reference row's classification follows from its source (Eurostat NACE A*10, SCB
RAMS sections, SCB's 16 groups or its 3 sectors); industry names and NACE sections come
from the analyst tables ``mappings/nace_a10.csv``, ``sni_sections.csv``,
``scb_groups16.csv`` and ``scb_sectors3.csv``, the basis of each classification's count
from ``mappings/employment_basis.csv``.
"""

from __future__ import annotations

from pathlib import Path

from etl import mappings, vocabulary
from etl.curate.common import num, read_csv
from etl.curate.sources import SourceRegistry

FILE = "employment_by_industry.csv"
NACE_A10 = {r["industry_code"]: r for r in mappings.read("nace_a10")}
SNI_SECTIONS = {r["industry_code"]: r for r in mappings.read("sni_sections")}
SCB_GROUPS16 = {r["industry_code"]: r for r in mappings.read("scb_groups16")}
SCB_SECTORS3 = {r["industry_code"]: r for r in mappings.read("scb_sectors3")}
#: Eurostat county values are whole thousands; these industries are too small to be precise.
LOW_PRECISION_A10 = {code for code, r in NACE_A10.items() if r["low_precision"] == "true"}
BASIS = {r["classification"]: r["basis"] for r in mappings.read("employment_basis")}


def classification(source_text: str) -> str:
    if source_text.startswith("Eurostat"):
        return "NACE_A10"
    if source_text.startswith("SCB RAMS"):
        return "SNI2007_SECTION"
    if "Antal sysselsatta per branschgrupp" in source_text:
        return "SCB_SECTORS3"
    return "SCB_GROUPS16"


def industry(cls: str, code: str, name_in_reference: str) -> dict[str, str]:
    """The ``industries.csv`` row of one industry code."""
    if cls == "NACE_A10":
        r = NACE_A10[code]
        sv, en, sections, agg = r["name_sv"], r["name_en"], r["nace_sections"], r["is_aggregate"] == "true"
    elif cls == "SNI2007_SECTION":
        r = SNI_SECTIONS[code]
        sv, en, sections, agg = r["name_sv"], r["name_en"], code, False
    elif cls == "SCB_GROUPS16":
        sv, en = name_in_reference, SCB_GROUPS16[code]["name_en"]
        sections, agg = code.replace("+", ";") if code != "X" else "", False
    else:
        r = SCB_SECTORS3[code]
        sv, en, sections, agg = name_in_reference, r["name_en"], r["nace_sections"], r["is_aggregate"] == "true"
    return {"classification": cls, "industry_code": code, "name_sv": sv, "name_en": en,
            "nace_sections": sections, "is_aggregate": str(agg).lower()}


def curate_employment(ref: Path, sources: SourceRegistry) -> tuple[list[dict], list[dict]]:
    rows, industries = [], {}
    for x in read_csv(ref / FILE):
        cls = classification(x["original_source"])
        if cls == "NACE_A10":
            continue  # replaced by eurostat_nuts: the complete file of the same vintage, identical values
        code = x["industry_code"]
        sid = sources.add(x["retrieved_from"], x["original_source"],
                          publisher="Eurostat" if cls == "NACE_A10" else "",
                          via=f"shared/reference/{FILE}",
                          note=("Eurostat values in thousands, stored ×1000 as persons by Data Commons."
                                if cls == "NACE_A10" else ""))
        flag = ""
        if cls == "NACE_A10" and code in LOW_PRECISION_A10 and x["region_code"] != vocabulary.SWEDEN:
            flag = "low_precision"
        rows.append({"region_code": x["region_code"], "year": x["year"], "classification": cls,
                     "industry_code": code, "employed": num(x["employed"]),
                     "basis": BASIS[cls], "flag": flag, "source_id": sid})
        if (cls, code) not in industries:
            industries[(cls, code)] = industry(cls, code, x["industry_name"])
    rows.sort(key=lambda r: (r["classification"], r["region_code"], r["year"], r["industry_code"], r["source_id"]))
    return rows, [industries[k] for k in sorted(industries)]
