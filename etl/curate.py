"""Curate the project's bundled data files from the team's sourced reference facts.

This is the "snapshot -> clean" step. Its input is ``../shared/reference`` (sourced
facts collected by the research team, each row with its URL); its output is the
project's own curated files under ``data/``, which are committed and from which
``python -m etl build`` builds the warehouse. Running it twice gives identical files.

What it does, and deliberately does not do:

* It imports facts, not arithmetic. Reference rows whose indicator ends in
  ``_derived`` or ``_approx`` are skipped; derived measures (per capita, R&D as % of
  GRP, SE31 sums, ranks) are computed in the warehouse's SQL views instead.
* One series per indicator. Where a reference series exists in two vintages, the
  newer one is kept; where the same (region, indicator, year) comes from two
  sources, the first source in ``SOURCE_PRIORITY`` wins. Every choice is listed in
  ``data/CURATION.md``.
* Funding amounts are never split or summed here. Each row keeps all its regions,
  its amount kind (EU funding, total budget, national grant, ...) and its source.
* Conflicting published figures for the same thing are kept side by side and
  given a shared ``conflict_group``.

Run: ``python -m etl curate --reference ../shared/reference``.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Date the project took these facts into its reference snapshot. The underlying
#: pages were read by the research team before then; the exact day per page was not
#: recorded, so this is what ``source.retrieved_on`` means for reference-derived rows.
REFERENCE_SNAPSHOT_DATE = "2026-11-22"

# --------------------------------------------------------------------------------------
# Indicator mapping: reference name (+ breakdown) -> catalogue id, with optional flag.
# --------------------------------------------------------------------------------------

#: regional_stats.csv indicator -> (catalogue id, flag)
REGIONAL_STATS_MAP: dict[str, tuple[str, str]] = {
    "population_31dec": ("population", ""),
    "demographic_dependency_ratio": ("dependency_ratio", ""),
    "population_projection_change_2023_2040": ("population_projection_change", ""),
    "grp_per_capita": ("grp_per_capita", ""),
    "grp_per_capita_preliminary": ("grp_per_capita", "preliminary"),
    "grp_per_employed": ("grp_per_employed", ""),
    "grp_per_employed_preliminary": ("grp_per_employed", "preliminary"),
    # Newer vintage (SCB's revised 2020 table) wins over rd_exp_business (2018 table).
    "rd_exp_business_scb_revised": ("rd_business_msek", ""),
    # The 2017+2019 table; rd_exp_government (2017 regional table) has a narrower
    # scope and is left out so the series stays one definition.
    "rd_exp_government_sector_scb": ("rd_government_msek", ""),
    "rd_exp_higher_edu": ("rd_higher_edu_msek", ""),
    "rd_exp_total": ("rd_total_msek", ""),
    "share_high_educated_ekonomifakta": ("post_secondary_3plus_share_25_64", ""),
    "share_employed_20_64_post_secondary_3plus": ("employed_post_secondary_3plus_share", ""),
    "ris_rank": ("ris_rank", ""),
}

#: dalarna_extracts.csv (indicator, breakdown) -> catalogue id
DALARNA_MAP: dict[tuple[str, str], str] = {
    ("population_31dec", ""): "population",
    ("grp_msek", ""): "grp_msek",
    ("innovation_index_reglab", ""): "reglab_innovation_index",
    (
        "rd_expenditure_per_capita",
        "business enterprise sector (Företagens utgifter för egen FoU)",
    ): "rd_business_per_capita",
    (
        "rd_expenditure_per_capita",
        "higher education sector (Universitets- och högskolesektorns utgifter för FoU)",
    ): "rd_higher_edu_per_capita",
    (
        "rd_expenditure_per_capita",
        "government sector (Offentliga sektorns utgifter för FoU)",
    ): "rd_government_per_capita",
    ("unemployment_rate_bas_20_64", ""): "unemployment_rate",
    ("internationalisation_index", ""): "internationalisation_index",
    ("new_firms_count", ""): "new_firms",
    ("matching_rate_education_occupation", "kön=samtliga anställda; grupp=20-64 år"): "matching_rate",
    ("employment_rate_20_64", "kön=T"): "employment_rate_20_64",
    ("long_term_unemployment_25_64", "kön=T"): "long_term_unemployment_25_64",
    ("post_secondary_education_share_25_64", "kön=T"): "post_secondary_share_25_64",
}

#: Values the reference notes flag as doubtful in the source file itself (regional_stats.md:
#: Kolada's 2019 higher-education R&D for Norrbotten and Västerbotten look swapped).
CAUTION = {("SE332", "rd_higher_edu_per_capita", "2019"), ("SE331", "rd_higher_edu_per_capita", "2019")}

#: When the same (region, indicator, year) is in both files, which wins.
#: Region Dalarna's extracts are copied from SCB/Kolada files directly; the
#: regional_stats rows are often read off secondary pages.
SOURCE_PRIORITY = ("dalarna_extracts", "regional_stats")

# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------

PUBLISHERS = [
    ("scb.se", "SCB (Statistiska centralbyrån)"),
    ("sverigeisiffror.scb.se", "SCB (Statistiska centralbyrån)"),
    ("regionfakta.com", "Regionfakta"),
    ("tillvaxtverket.se", "Tillväxtverket"),
    ("ekonomifakta.se", "Ekonomifakta"),
    ("regiongavleborg.se", "Region Gävleborg"),
    ("regiondalarna.se", "Region Dalarna"),
    ("regionvarmland.se", "Region Värmland"),
    ("vinnova.se", "Vinnova"),
    ("ec.europa.eu", "European Commission"),
    ("europa.eu", "European Union"),
    ("kohesio", "European Commission (Kohesio)"),
    ("keep.eu", "Interreg (keep.eu)"),
    ("interreg", "Interreg Sverige–Norge"),
    ("github.com/Region-Dalarna", "Region Dalarna (GitHub)"),
    ("datacommonsorg", "Eurostat via Data Commons"),
    ("centralsweden.se", "Central Sweden"),
    ("nordregio", "Nordregio"),
]

LICENCES = [
    ("SCB", "CC0 1.0 (SCB open data)"),
    ("Eurostat", "CC BY 4.0 (Eurostat reuse policy)"),
]

TABLE_ID_PATTERNS = [
    r"\b(BE0101N1)\b",
    r"\b(NR0105ENS2010T01A)\b",
    r"\b(AM0210A[/ ]\w+)",
    r"\b(AM9906A[ ]table \w+)",
    r"\b(N\d{5})\b",
    r"\b(nama_10r_3empers)\b",
    r"\b(UF0506)\b",
    r"\b(AM0207\w*)\b",
]


def _slug(*parts: str, prefix: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}{digest}"


def _publisher(url: str, title: str) -> str:
    low = (url + " " + title).lower()
    for needle, name in PUBLISHERS:
        if needle.lower() in low:
            return name
    host = urlparse(url if "://" in url else "https://" + url).netloc
    return host.removeprefix("www.") or "unknown"


def _licence(publisher: str, title: str) -> str:
    text = publisher + " " + title
    for needle, licence in LICENCES:
        if needle in text:
            return licence
    return "not stated by the publisher"


def _table_id(text: str) -> str:
    found = []
    for pattern in TABLE_ID_PATTERNS:
        for m in re.findall(pattern, text):
            if m not in found:
                found.append(m)
    return "; ".join(found)


def _normalise_url(url: str) -> str:
    url = url.strip()
    if url and "://" not in url:
        if url.startswith("github.com") or url.startswith("www."):
            return "https://" + url
        if ":" in url and "@" in url:  # repo:path@commit
            repo, rest = url.split(":", 1)
            path, _, commit = rest.partition("@")
            return f"https://github.com/{repo}/blob/{commit}/{path}"
    return url


class SourceRegistry:
    """Collects one row per distinct (url, title); ids are stable hashes."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, str]] = {}

    def add(self, url: str, title: str, *, publisher: str = "", table_id: str = "", note: str = "",
            via: str = "") -> str:
        url = _normalise_url(url)
        title = " ".join(title.split())
        sid = _slug(url, title, prefix="src_")
        if sid not in self.rows:
            pub = publisher or _publisher(url, title)
            self.rows[sid] = {
                "source_id": sid,
                "publisher": pub,
                "title": title,
                "table_id": table_id or _table_id(title),
                "url": url,
                "retrieved_on": REFERENCE_SNAPSHOT_DATE,
                "licence": _licence(pub, title),
                "accessed_via": via,
                "note": note,
            }
        return sid


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, fieldnames: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fieldnames})


def _num(text: str) -> str:
    """Reference numbers are plain decimals; write integers without a trailing .0."""
    text = text.strip()
    if not text:
        return ""
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


def _scb_to_nuts(regions: list[dict[str, str]]) -> dict[str, str]:
    return {f"SCB:{r['scb_code']}": r["region_code"] for r in regions if r["level"] == "county"}


# --------------------------------------------------------------------------------------
# Indicator values
# --------------------------------------------------------------------------------------


def curate_indicator_values(ref: Path, sources: SourceRegistry, regions: list[dict[str, str]],
                            decisions: list[str]) -> list[dict[str, str]]:
    scb_map = _scb_to_nuts(regions)
    region_codes = {r["region_code"] for r in regions}
    candidates: dict[tuple[str, str, str], list[dict[str, str]]] = {}

    def offer(origin: str, row: dict[str, str]) -> None:
        key = (row["region_code"], row["indicator_id"], row["year"])
        candidates.setdefault(key, []).append({**row, "_origin": origin})

    for x in _read(ref / "dalarna_extracts.csv"):
        ind = DALARNA_MAP.get((x["indicator"], x["breakdown"]))
        if not ind or not x["value"].strip():
            continue
        region = scb_map.get(x["region_code"], x["region_code"])
        if region not in region_codes:
            raise ValueError(f"dalarna_extracts.csv: unknown region {x['region_code']!r}")
        flag = "caution" if "caution" in x["note"].lower() else ""
        sid = sources.add(
            x["retrieved_from"], f"{x['original_source']} (extract committed by Region Dalarna)",
            publisher=_original_publisher(x["original_source"]),
            table_id=_table_id(x["original_source"]),
            via="shared/reference/dalarna_extracts.csv",
            note="Copied from a data file in a public Region Dalarna repository at the commit in the URL.",
        )
        offer("dalarna_extracts", {"region_code": region, "indicator_id": ind, "year": x["year"],
                                   "value": _num(x["value"]), "flag": flag, "source_id": sid,
                                   "note": x["note"]})

    for x in _read(ref / "regional_stats.csv"):
        mapped = REGIONAL_STATS_MAP.get(x["indicator"])
        if not mapped or not x["value"].strip():
            continue
        ind, flag = mapped
        if ind == "population_projection_change":
            # A projection of 2023-2040 made from 2023: file it under its base year so the
            # year axis stays in the past; the indicator's name says which period it covers.
            x = {**x, "year": "2023"}
        if x["region_code"] not in region_codes:
            raise ValueError(f"regional_stats.csv: unknown region {x['region_code']!r}")
        if "caution" in x["evidence"].lower():
            flag = flag or "caution"
        sid = sources.add(x["source_url"], x["source_title"], via="shared/reference/regional_stats.csv")
        offer("regional_stats", {"region_code": x["region_code"], "indicator_id": ind, "year": x["year"],
                                 "value": _num(x["value"]), "flag": flag, "source_id": sid,
                                 "note": x["evidence"]})

    out = []
    for key in sorted(candidates):
        rows = sorted(candidates[key], key=lambda r: (SOURCE_PRIORITY.index(r["_origin"]),
                                                      r["flag"] == "preliminary", r["source_id"]))
        chosen = rows[0]
        if len(rows) > 1:
            values = sorted({r["value"] for r in rows})
            if len(values) > 1:
                decisions.append(
                    f"- `{key[1]}` {key[0]} {key[2]}: sources disagree ({', '.join(values)}); "
                    f"kept {chosen['value']} from {chosen['_origin']} ({chosen['source_id']})."
                )
        chosen.pop("_origin")
        if key in CAUTION:
            chosen["flag"] = "caution"
            chosen["note"] = "CAUTION: looks swapped with the neighbouring county in the source file. " + chosen["note"]
        chosen["note"] = " ".join(chosen["note"].split())[:300]
        out.append(chosen)
    return out


def _original_publisher(text: str) -> str:
    for needle, name in [("Kolada", "Kolada (RKA)"), ("SCB", "SCB (Statistiska centralbyrån)"),
                         ("Reglab", "Reglab"), ("Tillväxtanalys", "Tillväxtanalys"),
                         ("Tillväxtverket", "Tillväxtverket")]:
        if needle in text:
            return name
    return "Region Dalarna (GitHub)"


# --------------------------------------------------------------------------------------
# Employment by industry
# --------------------------------------------------------------------------------------

EUROSTAT_A10 = {
    # code: (name_sv, name_en, nace_sections, is_aggregate)
    "TOTAL": ("Samtliga näringsgrenar", "All NACE activities", "A-U", True),
    "A": ("Jordbruk, skogsbruk och fiske", "Agriculture, forestry and fishing", "A", False),
    "B-E": ("Industri utom byggverksamhet", "Industry (except construction)", "B;C;D;E", False),
    "C": ("Tillverkning", "Manufacturing", "C", True),
    "F": ("Byggverksamhet", "Construction", "F", False),
    "G-I": ("Handel, transport, hotell och restaurang", "Trade, transport, accommodation and food service", "G;H;I", False),
    "G-J": ("Handel, transport, hotell, restaurang, information och kommunikation", "G-I plus information and communication", "G;H;I;J", True),
    "J": ("Information och kommunikation", "Information and communication", "J", False),
    "K": ("Finans- och försäkringsverksamhet", "Financial and insurance activities", "K", False),
    "K-N": ("Finans, fastighet, företagstjänster", "Financial, real estate, professional and support services", "K;L;M;N", True),
    "L": ("Fastighetsverksamhet", "Real estate activities", "L", False),
    "M_N": ("Företagstjänster", "Professional, scientific, technical, administrative and support services", "M;N", False),
    "O-Q": ("Offentlig förvaltning, utbildning, vård och omsorg", "Public administration, education, health and social work", "O;P;Q", False),
    "O-U": ("Offentlig förvaltning och övriga tjänster", "Public administration and other services (O-Q + R-U)", "O;P;Q;R;S;T;U", True),
    "R-U": ("Kultur, nöje och andra tjänster", "Arts, entertainment, recreation and other services", "R;S;T;U", False),
}
SNI_SECTIONS = {
    "A": ("Jordbruk, skogsbruk och fiske", "Agriculture, forestry and fishing"),
    "B": ("Utvinning av mineral", "Mining and quarrying"),
    "C": ("Tillverkning", "Manufacturing"),
    "D": ("Försörjning av el, gas, värme och kyla", "Electricity, gas, steam and air conditioning supply"),
    "E": ("Vattenförsörjning; avloppsrening, avfallshantering och sanering", "Water supply; sewerage, waste management and remediation"),
    "F": ("Byggverksamhet", "Construction"),
    "G": ("Handel; reparation av motorfordon och motorcyklar", "Wholesale and retail trade; repair of motor vehicles"),
}
SCB_GROUPS_EN = {
    "A": "Agriculture, forestry, hunting and fishing", "B+C": "Manufacturing and mining",
    "D+E": "Energy supply; environmental services", "F": "Construction", "G": "Trade",
    "H": "Transport and storage", "I": "Hotels and restaurants", "J": "Information and communication",
    "K": "Financial and insurance activities", "L": "Real estate activities", "M+N": "Business services",
    "O": "Public administration and defence", "P": "Education", "Q": "Human health and social work",
    "R+S+T+U": "Cultural and personal services", "X": "Industry unknown",
}
SECTORS3_EN = {"A": "Primary industries", "B-F": "Manufacturing (incl. mining, energy, construction)",
               "G-U": "Services", "X": "Not specified", "TOTAL": "Total"}
#: Eurostat county values are whole thousands; these are too small to be precise.
LOW_PRECISION_A10 = {"J", "K", "L", "R-U"}


def _classification(source_text: str, code: str) -> str:
    if source_text.startswith("Eurostat"):
        return "NACE_A10"
    if source_text.startswith("SCB RAMS"):
        return "SNI2007_SECTION"
    if "Antal sysselsatta per branschgrupp" in source_text:
        return "SCB_SECTORS3"
    return "SCB_GROUPS16"


def curate_employment(ref: Path, sources: SourceRegistry) -> tuple[list[dict], list[dict]]:
    rows, industries = [], {}
    for x in _read(ref / "employment_by_industry.csv"):
        cls = _classification(x["original_source"], x["industry_code"])
        code = x["industry_code"]
        sid = sources.add(x["retrieved_from"], x["original_source"],
                          publisher="Eurostat" if cls == "NACE_A10" else "",
                          via="shared/reference/employment_by_industry.csv",
                          note=("Eurostat values in thousands, stored ×1000 as persons by Data Commons."
                                if cls == "NACE_A10" else ""))
        flag = ""
        if cls == "NACE_A10" and code in LOW_PRECISION_A10 and x["region_code"] not in ("SE",):
            flag = "low_precision"
        rows.append({"region_code": x["region_code"], "year": x["year"], "classification": cls,
                     "industry_code": code, "employed": _num(x["employed"]),
                     "basis": _basis(cls), "flag": flag, "source_id": sid})
        if (cls, code) not in industries:
            if cls == "NACE_A10":
                sv, en, sections, agg = EUROSTAT_A10[code]
            elif cls == "SNI2007_SECTION":
                sv, en = SNI_SECTIONS[code]
                sections, agg = code, False
            elif cls == "SCB_GROUPS16":
                sv, en = x["industry_name"], SCB_GROUPS_EN[code]
                sections, agg = code.replace("+", ";") if code != "X" else "", False
            else:
                sv, en = x["industry_name"], SECTORS3_EN[code]
                sections = {"A": "A", "B-F": "B;C;D;E;F", "G-U": "G;H;I;J;K;L;M;N;O;P;Q;R;S;T;U"}.get(code, "")
                agg = code == "TOTAL"
            industries[(cls, code)] = {"classification": cls, "industry_code": code, "name_sv": sv,
                                       "name_en": en, "nace_sections": sections,
                                       "is_aggregate": str(agg).lower()}
    rows.sort(key=lambda r: (r["classification"], r["region_code"], r["year"], r["industry_code"], r["source_id"]))
    return rows, [industries[k] for k in sorted(industries)]


def _basis(cls: str) -> str:
    return {
        "NACE_A10": "regional accounts (ESA 2010), place of work, annual average",
        "SNI2007_SECTION": "RAMS day population (place of work), November, 16+",
        "SCB_GROUPS16": "RAMS/BAS, place of work (inferred), 16+",
        "SCB_SECTORS3": "RAMS, basis not stated",
    }[cls]


# --------------------------------------------------------------------------------------
# Specialisation
# --------------------------------------------------------------------------------------

STRATEGIES = {
    ("SE311", "current"): ("RIS3 Värmland: forsknings- och innovationsstrategi för hållbar smart specialisering", "2022–2028"),
    ("SE311", "superseded"): ("Värmlands strategi för smart specialisering", "2015–2020"),
    ("SE312", "current"): ("Dalarnas strategi för regional innovation (hållbar smart specialisering)", "2022–2028"),
    ("SE312", "superseded"): ("Innovationsagenda Mobilisera för tillväxt", "2014–"),
    ("SE313", "current-unverified"): ("Region Gävleborgs RIS3: styrkeområden", "adoption year not found"),
}
#: Analyst classification of each area into a shared theme (not from a source).
AREA_THEMES = {
    "Forest-based bioeconomy": "bioeconomy",
    "Digital health innovation": "digital_health",
    "Advanced manufacturing and complex systems": "manufacturing",
    "Sustainable system solutions centred on solar power": "energy",
    "Attraction through sustainable place development": "experiences",
    "Food in sustainable interplay": "food",
    "Computer games and gamification": "games",
    "Value-creating services": "",
    "Digitalisation of welfare services": "digital_health",
    "Nature, culture and place-based digitalised experiences": "experiences",
    "System solutions with photovoltaics": "energy",
    "Smart energy systems": "energy",
    "Green and circular industry and manufacturing": "manufacturing",
    "Sustainable and creative experiences": "experiences",
    "Sustainable and health-promoting construction and housing": "construction",
    "Innovative and sustainable bioeconomy": "bioeconomy",
    "Advanced industry": "manufacturing",
    "Energy-efficient society (building)": "construction",
    "Health and welfare": "digital_health",
    "Innovative experience production": "experiences",
    "Bioeconomy": "bioeconomy",
    "Materials technology and sustainable production": "manufacturing",
    "Smart sustainable cities and communities": "smart_communities",
    "Sustainable and inclusive working life": "working_life",
    "Digital services and processes": "digital_health",
}


def _split_urls(text: str) -> list[str]:
    return [u.strip() for u in text.split("|") if u.strip()]


def curate_specialisations(ref: Path, sources: SourceRegistry) -> list[dict]:
    out, seen = [], Counter()
    for x in _read(ref / "specialisations.csv"):
        urls = _split_urls(x["source_url"])
        sids = [sources.add(u, f"Page cited for S3 area: {x['area_en']} ({x['region_name']})",
                            via="shared/reference/specialisations.csv") for u in urls]
        status = x["status"]
        strategy, period = STRATEGIES[(x["region_code"], status)]
        base = f"{x['region_code']}-{status.split('-')[0]}-{_short(x['area_en'])}"
        seen[base] += 1
        out.append({
            "area_id": base if seen[base] == 1 else f"{base}-{seen[base]}",
            "region_code": x["region_code"], "area_sv": x["area_sv"], "area_en": x["area_en"],
            "status": "current" if status.startswith("current") else "superseded",
            "status_verified": "false" if status.endswith("unverified") else "true",
            "strategy": strategy, "period": period, "theme_id": AREA_THEMES[x["area_en"]],
            "description": x["description"], "clusters": x["clusters"], "nace_codes": x["nace_codes"],
            "nace_note": "analyst mapping by the research team; no source states these codes" if x["nace_codes"] else "",
            "source_id": sids[0], "other_source_ids": ";".join(sids[1:]),
        })
    return out


def _short(text: str) -> str:
    words = re.sub(r"[^a-z0-9 ]", "", text.lower()).split()
    return "-".join(words[:4])


# --------------------------------------------------------------------------------------
# Challenges and action areas
# --------------------------------------------------------------------------------------

ACTION_AREAS = [
    # framework, number, name_sv, name_en, description_sv, known, source url
    ("nms_strategy", 1, "Resurser och kapacitet för innovation", "Resources and capacity for innovation",
     "Ett system som säkrar de kunskapsflöden, resurser och den infrastruktur som krävs för framgångsrika innovationsprocesser."),
    ("nms_strategy", 2, "Ökad närvaro i globala värdekedjor", "Increased presence in global value chains",
     "Profilera regionen internationellt; hjälpa små och medelstora företag in i internationella samarbeten och marknader."),
    ("nms_strategy", 3, "Stärkt omställningsförmåga för små och medelstora företag", "Stronger transformation capacity of SMEs",
     "Stöd och verktyg för att små och medelstora företag ska kunna ställa om genom digitalisering och nya affärsmodeller."),
    ("nms_strategy", 4, "Kompetenser för en attraktiv industri", "Skills for an attractive industry",
     "Göra industrin mer attraktiv; utbildning och system för alla grupper, anpassade efter industrins behov."),
    ("nms_strategy", 5, "", "", ""),
    ("nms_strategy", 6, "", "", ""),
    ("focus_industry", 1, "Öka innovationskapaciteten i små och medelstora företag", "Increase innovation capacity in SMEs", ""),
    ("focus_industry", 2, "Förbättra matchning av företagens kompetensbehov och arbetskraftsutbud",
     "Improve matching of firms' skills needs and labour supply", ""),
    ("focus_industry", 3, "", "", ""),
    ("focus_industry", 4, "", "", ""),
    ("focus_industry", 5, "", "", ""),
    ("focus_industry", 6, "", "", ""),
]
ACTION_AREA_SOURCES = {
    "nms_strategy": ("https://www.regiongavleborg.se/regional-utveckling/naringsliv-och-innovation/industriell-omvandling/strategi-for-industriell-omvandling/",
                     "Region Gävleborg: Strategi för industriell omvandling i Norra Mellansverige"),
    "focus_industry": ("https://www.focusindustry.nu/om-focus-industry/", "Focus Industry: Om Focus Industry"),
}

#: Analyst mapping of challenges to the warehouse indicators that evidence them.
#: Only rates and per-capita measures: a county total (a count, MSEK) measures size, so
#: it cannot say whether a county does better or worse (totals are shown over time only).
CHALLENGE_INDICATORS = {
    "Low innovation capacity in SMEs": ["reglab_innovation_index", "rd_business_per_capita"],
    "Mismatch between firms’ skills needs and labour supply": [
        "matching_rate", "post_secondary_share_25_64", "post_secondary_3plus_share_25_64", "unemployment_rate"],
    "Low expenditure and investment in research and innovation": [
        "rd_intensity", "rd_total_per_capita", "rd_business_per_capita"],
    "Strong dependence on internationalisation but low internationalisation of SMEs": ["internationalisation_index"],
    "Skills development, sustainability and innovation": ["reglab_innovation_index", "post_secondary_share_25_64"],
    "Weak innovation output: education level and few entrepreneurs": [
        "reglab_innovation_index", "post_secondary_share_25_64"],
    "Ageing population, rising dependency burden and large skills needs": ["dependency_ratio", "population_projection_change"],
    "Sharp fall in R&D expenditure 2007–2015": ["rd_total_per_capita", "rd_business_per_capita"],
    "Low tertiary education share and shrinking labour supply": ["post_secondary_share_25_64", "employment_rate_20_64"],
}


def curate_challenges(ref: Path, sources: SourceRegistry) -> tuple[list[dict], list[dict], list[dict]]:
    areas = []
    for framework, number, sv, en, desc in ACTION_AREAS:
        url, title = ACTION_AREA_SOURCES[framework]
        sid = sources.add(url, title, via="shared/reference/s3.md")
        areas.append({"action_area_id": f"{framework}-{number}", "framework": framework, "number": number,
                      "name_sv": sv, "name_en": en, "description_sv": desc,
                      "known": "true" if sv else "false", "source_id": sid})
    challenges, links = [], []
    for i, x in enumerate(_read(ref / "challenges.csv"), start=1):
        urls = _split_urls(x["source_url"])
        sids = [sources.add(u, f"Page cited for challenge: {x['challenge_en'][:80]}",
                            via="shared/reference/challenges.csv") for u in urls]
        action_area_id = ""
        m = re.match(r"Focus Industry action area (\d)", x["action_area"])
        if m:
            action_area_id = f"focus_industry-{m.group(1)}"
        cid = f"C{i:02d}"
        challenges.append({"challenge_id": cid, "scope_region_code": x["scope"], "name_sv": x["challenge_sv"],
                           "name_en": x["challenge_en"], "description": x["description"],
                           "action_area_id": action_area_id, "action_area_note": x["action_area"],
                           "source_id": sids[0], "other_source_ids": ";".join(sids[1:])})
        for rank, ind in enumerate(CHALLENGE_INDICATORS.get(x["challenge_en"], []), start=1):
            links.append({"challenge_id": cid, "indicator_id": ind, "sort_order": rank})
    return challenges, areas, links


# --------------------------------------------------------------------------------------
# Funding
# --------------------------------------------------------------------------------------

CONFLICTS = {
    # (project prefix) -> conflict group: published figures that cannot all be right.
    "Paper Province 2.0": "paper-province-vinnvaxt-amount",
    "ABC - Across Border Collaboration": "abc-across-border-support",
}


def _amount_kind(note: str, currency: str, amount: str) -> tuple[str, str]:
    """Map the reference's free-text amount description to (kind, basis)."""
    low = note.lower()
    basis = "total"
    if "per year" in low:
        basis = "per_year"
    elif "(up to)" in low or low.startswith("max "):
        basis = "maximum"
    if currency == "%":
        return "share_pct", basis
    if not amount:
        return "not_stated", basis
    if low.startswith("total ec funding"):
        return "eu_funding", basis
    if low.startswith(("total budget", "total cost", "total programme")):
        return "total_budget", basis
    if "co-financing" in low and low.startswith("regional"):
        return "co_financing", basis
    if low.startswith(("programme size", "call budget")):
        return "programme_budget", basis
    if "norwegian" in low and "ir funds" in low:
        return "national_grant", basis
    if low.startswith(("vinnova", "vinnväxt", "max vinnova", "stated ten-year financing")):
        return "national_grant", basis
    if low.startswith(("eu", "erdf", "ec funding", "support from interreg", "sum of eu funding")):
        return "eu_funding", basis
    raise ValueError(f"funding.csv: cannot classify amount kind {note!r}; add a rule in etl/curate.py")


def _level(x: dict[str, str]) -> str:
    p, b = x["project_or_initiative"], x["beneficiary"]
    if p.startswith("SFP NMS decision") or " round" in p:
        return "decision_round"
    if b == "Call" or p.startswith(("Call ", "Utlysning", "Vinnväxt 2017 call")):
        return "call"
    if (b.startswith("Programme") or "(programme)" in p or "programme (rules)" in p
            or p.startswith(("Regionalfondsprogram", "Operational Programme", "Sverige: regionalfonden",
                             "Norra Mellansverige insatsområde"))):
        return "programme"
    if "share of Swedish" in p or p.startswith("Sweden total") or p.startswith("Mål 2 Västra"):
        return "aggregate"
    return "project"


#: Analyst classification of project rows into the shared S3 themes, by keywords in the
#: project's theme text and name (first match wins). Not from a source; rows that match
#: nothing stay unclassified and the funding page lists them for staff to classify.
FUNDING_THEME_RULES = [
    ("games", ("game", "dataspel", "spelifier")),
    ("food", ("food", "smak", "matlok", "livsmedel", "måltid")),
    ("experiences", ("visitor", "tourism", "destination", "music", "experience", "besöks", "upplev",
                     "trail", "event", "albergo", "byhotell", "place & visitor", "turism")),
    ("construction", ("bygg", "housing", "construction", "testmiljöer i bygg")),
    ("bioeconomy", ("bioeconom", "forest", "skog", "wood", "packag", "emballage", "paper", "bio-based",
                    "bioväx", "biogas", "bioraff", "tre i regionen", "med tre", "geo")),
    ("energy", ("energ", "solar", "solel", "elkraft", "electri", "elektrifiering", "low-carbon")),
    ("manufacturing", ("manufactur", "steel", "material", "additive", "tillverk", "industri", "underhåll",
                       "process")),
    ("digital_health", ("digital", "health", "welfare", "välfärd", "ict", "privacy", "it security",
                        "fibre", "crisis", "telecom")),
]


def funding_theme(theme: str, project: str) -> str:
    text = f"{theme} {project}".lower()
    return next((tid for tid, words in FUNDING_THEME_RULES if any(w in text for w in words)), "")


def curate_funding(ref: Path, sources: SourceRegistry) -> list[dict]:
    out = []
    for x in _read(ref / "funding.csv"):
        amount = x["amount"].strip()
        kind, basis = _amount_kind(x["amount_kind"], x["currency"].strip(), amount)
        sid = sources.add(x["source_url"], f"{x['programme']}: {x['project_or_initiative']}",
                          via="shared/reference/funding.csv")
        group = next((g for prefix, g in CONFLICTS.items() if x["project_or_initiative"].startswith(prefix)), "")
        if group == "abc-across-border-support" and kind != "eu_funding":
            group = ""
        if group == "paper-province-vinnvaxt-amount" and kind not in ("total_budget", "national_grant"):
            group = ""
        fid = _slug(x["programme"], x["project_or_initiative"], x["amount_kind"], amount, x["source_url"],
                    prefix="fund_")
        out.append({
            "funding_id": fid, "programme": x["programme"], "programme_period": x["period"],
            "level": _level(x), "project": x["project_or_initiative"], "beneficiary": x["beneficiary"],
            "region_codes": x["region_code"], "theme": x["theme"],
            "s3_theme_id": funding_theme(x["theme"], x["project_or_initiative"]) if _level(x) == "project" else "",
            "year_start": x["year_start"],
            "year_end": x["year_end"], "amount": _num(amount) if amount else "",
            "currency": "" if x["currency"].strip() == "%" else x["currency"].strip(),
            "amount_kind": kind, "amount_basis": basis,
            "is_approx": str("approx" in x["amount_kind"].lower() or "drygt" in x["amount_kind"].lower()
                             or "nästan" in x["amount_kind"].lower() or "närmare" in x["amount_kind"].lower()).lower(),
            "amount_note": x["amount_kind"], "conflict_group": group, "source_id": sid,
            "evidence": " ".join(x["evidence"].split()),
        })
    return out


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------

FILES = {
    "sources.csv": ["source_id", "publisher", "title", "table_id", "url", "retrieved_on", "licence",
                    "accessed_via", "note"],
    "indicator_values.csv": ["region_code", "indicator_id", "year", "value", "flag", "source_id", "note"],
    "employment.csv": ["region_code", "year", "classification", "industry_code", "employed", "basis", "flag",
                       "source_id"],
    "industries.csv": ["classification", "industry_code", "name_sv", "name_en", "nace_sections", "is_aggregate"],
    "specialisations.csv": ["area_id", "region_code", "area_sv", "area_en", "status", "status_verified",
                            "strategy", "period", "theme_id", "description", "clusters", "nace_codes",
                            "nace_note", "source_id", "other_source_ids"],
    "challenges.csv": ["challenge_id", "scope_region_code", "name_sv", "name_en", "description",
                       "action_area_id", "action_area_note", "source_id", "other_source_ids"],
    "action_areas.csv": ["action_area_id", "framework", "number", "name_sv", "name_en", "description_sv",
                         "known", "source_id"],
    "challenge_indicators.csv": ["challenge_id", "indicator_id", "sort_order"],
    "funding.csv": ["funding_id", "programme", "programme_period", "level", "project", "beneficiary",
                    "region_codes", "theme", "s3_theme_id", "year_start", "year_end", "amount", "currency", "amount_kind",
                    "amount_basis", "is_approx", "amount_note", "conflict_group", "source_id", "evidence"],
}


def curate(reference: Path, out_dir: Path = DATA_DIR, log=print) -> dict[str, int]:
    """Write the curated files into ``out_dir``; return row counts per file."""
    reference = Path(reference)
    if not (reference / "regional_stats.csv").exists():
        raise FileNotFoundError(
            f"No reference facts at {reference}. Pass --reference pointing at shared/reference.")
    regions = _read(DATA_DIR / "regions.csv")
    sources = SourceRegistry()
    decisions: list[str] = []

    log("curate: indicator values")
    values = curate_indicator_values(reference, sources, regions, decisions)
    log("curate: employment by industry")
    employment, industries = curate_employment(reference, sources)
    log("curate: specialisations, challenges, funding")
    specialisations = curate_specialisations(reference, sources)
    challenges, areas, links = curate_challenges(reference, sources)
    funding = curate_funding(reference, sources)

    # Default source per indicator: the source most of its values cite.
    indicators = _read(DATA_DIR / "indicators.csv")
    by_ind: dict[str, Counter] = {}
    for v in values:
        by_ind.setdefault(v["indicator_id"], Counter())[v["source_id"]] += 1
    for ind in indicators:
        counts = by_ind.get(ind["indicator_id"])
        ind["default_source_id"] = (sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                                    if counts else "")

    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "sources.csv": sorted(sources.rows.values(), key=lambda r: r["source_id"]),
        "indicator_values.csv": values, "employment.csv": employment, "industries.csv": industries,
        "specialisations.csv": specialisations, "challenges.csv": challenges,
        "action_areas.csv": areas, "challenge_indicators.csv": links,
        "funding.csv": sorted(funding, key=lambda r: (r["programme"], r["programme_period"], r["project"],
                                                       r["funding_id"])),
    }
    for name, rows in tables.items():
        _write(out_dir / name, FILES[name], rows)
    if out_dir != DATA_DIR:
        _write(out_dir / "indicators.csv", list(indicators[0].keys()), indicators)
    else:
        _write(DATA_DIR / "indicators.csv", list(indicators[0].keys()), indicators)
    (out_dir / "curation_decisions.md").write_text(
        "# Curation decisions made by `python -m etl curate`\n\n"
        "Where two reference rows gave different values for the same region, indicator and year, "
        "this is the one kept (see `SOURCE_PRIORITY` in `etl/curate.py`).\n\n"
        + ("\n".join(decisions) if decisions else "- none") + "\n",
        encoding="utf-8")
    counts = {name: len(rows) for name, rows in tables.items()}
    for name, n in counts.items():
        log(f"  {name}: {n} rows")
    return counts
