"""Eurostat's series for Norway's border regions (``eurostat_nuts/*_norway.csv``) -> indicator
values and employment by industry (NACE A*10).

Norway's county reform of 1 January 2020 gave two sets of codes: the counties before it
(NUTS 2016: Hedmark, Oppland, Østfold, Akershus, Buskerud, ...) and after it (NUTS 2021:
Innlandet, Viken, ...). The region model (``data/regions.csv``) says for every code which
NUTS version it means and the years its boundaries hold (``valid_from``, ``valid_to``). This
step files a value under a code only within those years; every row outside them is left
out and counted in ``curation_decisions.md``, never moved to another code by guessing:

* population 31 December (``demo_r_gind3``): old counties 2004-2019, new counties 2020-2022,
  Trøndelag and mainland Norway throughout;
* GDP (``nama_10r_3gdp``: million NOK, million EUR, EUR and PPS per inhabitant) is labelled
  with NUTS 2021 codes for 2008-2021, but its per-inhabitant values imply the old boundaries
  up to 2019 (eurostat_nuts.md): Innlandet's and Viken's 2008-2019 rows are left out, and
  ``NO02`` (Hedmark og Oppland until 2019, whose boundaries those values fit) is kept for
  2008-2019 only;
* employment by industry (``nama_10r_3empers``) 2008-2017, old counties only; cells the file
  does not publish stay missing.

Which file series feeds which indicator is ``mappings/norway_series.csv``; codes of the files
that are renamed or left out on purpose are ``mappings/norway_codes.csv``. The publisher is
Eurostat (its source is Statistics Norway), the route Data Commons, as for Sweden's series.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from etl import mappings, vocabulary
from etl.curate import employment as employment_step
from etl.curate.common import num, read_csv
from etl.curate.eurostat_nuts import FOLDER, eurostat_source
from etl.curate.sources import SourceRegistry

SERIES = mappings.read("norway_series")
CODES = mappings.read("norway_codes")
EMPLOYMENT_FILE = "employment_by_industry_norway.csv"
OUTSIDE_MODEL = "a region the model does not hold"


def _validity(regions: list[dict[str, str]]) -> dict[str, tuple[int, int, str]]:
    """Norwegian region code -> (first year, last year, NUTS version) it may hold values for."""
    out = {}
    for r in regions:
        if r["region_code"].startswith(vocabulary.NORWAY):
            out[r["region_code"]] = (int(r["valid_from"] or vocabulary.FIRST_YEAR),
                                     int(r["valid_to"] or vocabulary.LAST_YEAR), r["nuts_version"])
    return out


def _target(file: str, code: str) -> tuple[str | None, str]:
    """The model's code for a file's code, and why, from ``mappings/norway_codes.csv``."""
    for rule in CODES:
        if rule["code"] == code and rule["file"] in ("*", file):
            return rule["region_code"] or None, rule["reason"]
    return code, ""


class _Sorter:
    """Sorts each file row into a region code of the model or a counted reason to leave it out."""

    def __init__(self, regions: list[dict[str, str]]):
        self.valid = _validity(regions)
        self.left_out: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        self.renamed: dict[tuple[str, str, str], int] = defaultdict(int)

    def region(self, file: str, x: dict[str, str]) -> str | None:
        code, why = _target(file, x["region_code"])
        year = int(x["year"])
        if code is None:
            self.left_out[(file, x["region_code"], why)].append(year)
            return None
        if code not in self.valid:
            self.left_out[(file, x["region_code"], OUTSIDE_MODEL)].append(year)
            return None
        first, last, version = self.valid[code]
        if not first <= year <= last:
            span = f"{first if first > vocabulary.FIRST_YEAR else '…'}–{last if last < vocabulary.LAST_YEAR else '…'}"
            self.left_out[(file, x["region_code"], f"outside the years its boundaries hold ({version}: {span})")
                          ].append(year)
            return None
        if code != x["region_code"]:
            self.renamed[(file, x["region_code"], f"{code}: {why}")] += 1
        return code

    def report(self, decisions: list[str]) -> None:
        elsewhere: dict[str, dict[str, int]] = defaultdict(dict)
        for (file, code, why), years in sorted(self.left_out.items()):
            if why == OUTSIDE_MODEL:
                elsewhere[file][code] = len(years)
                continue
            span = f"{min(years)}–{max(years)}" if min(years) != max(years) else str(years[0])
            decisions.append(f"- `{FOLDER}/{file}`: {len(years)} rows of `{code}` ({span}) not imported: {why}.")
        for file, codes in sorted(elsewhere.items()):
            decisions.append(f"- `{FOLDER}/{file}`: {sum(codes.values())} rows of {len(codes)} regions the model "
                             f"does not hold not imported ({', '.join(sorted(codes))}).")
        for (file, code, why), n in sorted(self.renamed.items()):
            decisions.append(f"- `{FOLDER}/{file}`: {n} rows of `{code}` filed under {why}.")


def indicator_values(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
                     decisions: list[str]) -> list[dict[str, str]]:
    sorter = _Sorter(regions)
    out = []
    unmapped: defaultdict[tuple[str, str], int] = defaultdict(int)
    for file in dict.fromkeys(s["file"] for s in SERIES if s["indicator_id"]):
        wanted = {s["indicator"]: s for s in SERIES if s["file"] == file}
        for x in read_csv(ref / FOLDER / file):
            s = wanted.get(x["indicator"])
            if s is None:
                unmapped[(file, x["indicator"])] += 1
                continue
            code = sorter.region(file, x)
            if code is None or not x["value"].strip():
                continue
            out.append({"region_code": code, "indicator_id": s["indicator_id"], "year": x["year"],
                        "value": num(x["value"]), "flag": "",
                        "source_id": eurostat_source(sources, x, s["table_id"], s["title"]),
                        "note": " ".join(x["note"].split())[:300]})
    sorter.report(decisions)
    decisions.append("- Norway's GDP file labels 2008–2019 with NUTS 2021 codes, but its per-inhabitant values imply "
                     "the pre-2020 counties (eurostat_nuts.md): Innlandet's and Viken's rows for those years are on "
                     "other boundaries than their codes and are left out (above); NO02's 2008–2019 rows fit its "
                     "NUTS 2016 meaning, Hedmark og Oppland, and are filed under it. Viken's area before 2020 "
                     "(Østfold, Akershus, Buskerud) has no GDP in the file.")
    for (file, indicator), n in sorted(unmapped.items()):
        decisions.append(f"- `{FOLDER}/{file}`: {n} rows of `{indicator}` not imported: no catalogue indicator "
                         "(`mappings/norway_series.csv`).")
    _check_sums(out, decisions)
    return out


def _check_sums(values: list[dict[str, str]], decisions: list[str]) -> None:
    """Hedmark + Oppland = Hedmark og Oppland every year (eurostat_nuts.md: the counties sum
    exactly): a file that breaks this is not the file the reference describes."""
    pop: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for v in values:
        if v["indicator_id"] == "population":
            pop[int(v["year"])][v["region_code"]] = int(v["value"])
    parts = (vocabulary.HEDMARK, vocabulary.OPPLAND)
    years = [y for y, by in sorted(pop.items()) if all(p in by for p in parts)]
    for year in years:
        by = pop[year]
        if sum(by[p] for p in parts) != by.get(vocabulary.HEDMARK_OPPLAND):
            raise ValueError(f"{FOLDER}: Hedmark + Oppland {year} = {sum(by[p] for p in parts)}, "
                             f"Hedmark og Oppland = {by.get(vocabulary.HEDMARK_OPPLAND)}")
    decisions.append(f"- Norway: Hedmark + Oppland sum exactly to Hedmark og Oppland (NO02) in every year "
                     f"{years[0]}–{years[-1]} (checked when curating).")


def employment(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
               decisions: list[str]) -> tuple[list[dict], list[dict]]:
    """NACE A*10 employment, thousand persons in the file, stored as persons."""
    sorter = _Sorter(regions)
    series = next(s for s in SERIES if s["file"] == EMPLOYMENT_FILE)
    rows = []
    industries: dict[str, dict[str, str]] = {}
    for x in read_csv(ref / FOLDER / EMPLOYMENT_FILE):
        code = sorter.region(EMPLOYMENT_FILE, x)
        if code is None or not x["value"].strip():
            continue
        industry = x["breakdown"].removeprefix("nace_r2=").split(" ", 1)[0]
        flag = ("low_precision" if industry in employment_step.LOW_PRECISION_A10
                and code != vocabulary.NORWAY_MAINLAND else "")
        rows.append({"region_code": code, "year": x["year"], "classification": "NACE_A10",
                     "industry_code": industry, "employed": num(str(round(float(x["value"]) * 1000, 3))),
                     "basis": employment_step.BASIS["NACE_A10"], "flag": flag,
                     "source_id": eurostat_source(sources, x, series["table_id"], series["title"])})
        industries.setdefault(industry, employment_step.industry("NACE_A10", industry, ""))
    sorter.report(decisions)
    # What the file does not publish stays missing: say how much, per region.
    codes = sorted({r["industry_code"] for r in rows})
    years = sorted({r["year"] for r in rows})
    have = defaultdict(set)
    for r in rows:
        have[r["region_code"]].add((r["year"], r["industry_code"]))
    gaps = {region: len(years) * len(codes) - len(cells) for region, cells in sorted(have.items())}
    decisions.append(
        f"- Norway: employment by industry (NACE A*10) {years[0]}–{years[-1]} for {', '.join(sorted(have))}; "
        f"{sum(gaps.values())} region × industry × year cells are not published in the file and stay missing ("
        + ", ".join(f"{region} {n}" for region, n in gaps.items() if n) + "). Values in whole thousands; "
        "J, K, L and R-U carry `low_precision` below the national level.")
    return rows, [industries[c] for c in sorted(industries)]
