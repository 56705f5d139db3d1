"""Över gränsen / Across the border: Värmland and Dalarna beside Norway's border regions.

Norway's county reform of 1 January 2020 split its series in two: the counties before it
(Hedmark og Oppland, Hedmark, Oppland, Østfold, Akershus, Buskerud) and after it
(Innlandet, Viken). The view shows one set at a time, never both (Trøndelag, merged in
2018, is on both sides), and only the years the chosen set's boundaries hold (the region
model's ``valid_from``/``valid_to``); the Swedish counties are shown on the same years.

* population: index, first common year = 100 (sizes differ fivefold);
* GDP per inhabitant in PPS (EU27 = 100) or euro, both Eurostat's own; or GDP in million
  SEK, Norway's NOK converted with the ECB annual averages (a derived warehouse measure);
* employment structure and location quotients (NACE A*10), each region against its own
  country: Swedish counties against Sweden, Norwegian regions against mainland Norway;
* the seven key areas of the border region: which A*10 industries hold them (and that A*10
  cannot separate most), the counties' S3 areas and the Interreg Sverige-Norge projects
  in each.

Pure functions of their inputs and the language; no Streamlit session needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app import charts, db, fmt, funding, measures, queries, sources
from app.i18n import col, flag_text, t
from etl.vocabulary import (
    BORDER_NO_NEW,
    BORDER_NO_OLD,
    BORDER_SE,
    FIRST_YEAR,
    HEDMARK_OPPLAND,
    LAST_YEAR,
    NMS_COUNTIES,
    NORWAY_MAINLAND,
    OSTFOLD,
    SWEDEN,
    TRONDELAG,
)

#: The two sets of Norwegian boundaries (before and after the reform of 1 January 2020).
BOUNDS = ("old", "new")
NORWEGIAN = {"old": BORDER_NO_OLD, "new": BORDER_NO_NEW}
DEFAULT_NORWEGIAN = {"old": (HEDMARK_OPPLAND, OSTFOLD, TRONDELAG), "new": BORDER_NO_NEW}
#: The benchmarks drawn as dashed lines beside the regions.
BENCHMARKS = (SWEDEN, NORWAY_MAINLAND)
#: How GDP is compared: measure -> the indicators that hold it (a region has one of them).
GDP_MEASURES: dict[str, tuple[str, ...]] = {
    "pps": ("grp_pps_per_capita_index",),
    "eur": ("grp_eur_per_capita",),
    "sek": ("grp_msek", "gdp_msek_from_nok"),
}
#: Every indicator the view reads.
INDICATORS: tuple[str, ...] = ("population", *dict.fromkeys(i for ids in GDP_MEASURES.values() for i in ids))
#: NACE A*10 industries that partition the total (the structure); C is part of B-E.
MANUFACTURING = "C"


def norwegian_options(bounds: str) -> tuple[str, ...]:
    return NORWEGIAN[bounds]


def chosen_norwegian(bounds: str, chosen) -> list[str]:
    """The chosen Norwegian regions that belong to the boundary set (never a code of the other)."""
    return [c for c in chosen if c in NORWEGIAN[bounds]]


def period(bounds: str, boundaries: pd.DataFrame) -> tuple[int, int]:
    """The years every region of the set holds its boundaries (from the region model)."""
    own = boundaries[boundaries.region_code.isin(NORWEGIAN[bounds])]
    first = int(own.valid_from.dropna().max()) if own.valid_from.notna().any() else FIRST_YEAR
    last = int(own.valid_to.dropna().min()) if own.valid_to.notna().any() else LAST_YEAR
    return first, last


@dataclass
class Section:
    """One chart (or None with the reason in ``notes``) and what to say under it."""
    panel: charts.Panel | None
    notes: list[str] = field(default_factory=list)
    source_ids: list = field(default_factory=list)


def common_years(df: pd.DataFrame, regions) -> tuple[list[int], list[str]]:
    """Years in which every region that has the measure at all has a value, and the regions
    that never have one (said, not waited for)."""
    having = [r for r in regions if r in set(df.region_code)]
    without = [r for r in regions if r not in having]
    counts = df[df.region_code.isin(having)].groupby("year").region_code.nunique()
    return sorted(int(y) for y in counts[counts == len(having)].index), without


def _names(codes, names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes)


def _table(df: pd.DataFrame, names: dict[str, str], value_label: str, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("common.region", lang): df.region_code.map(lambda c: names.get(c, c)),
        t("common.code", lang): df.region_code,
        t("common.year", lang): df.year.astype("Int64"),
        value_label: df.value,
        t("common.flag", lang): df.flag.map(lambda f: flag_text(f, lang)),
    }).reset_index(drop=True)


def _room_for_legend(fig, n_entries: int):
    """The legend sits above the plot and wraps to more rows with many regions: give it room
    below the title so it never covers the title and unit."""
    rows = max(1, -(-n_entries // 4))
    extra = 0 if rows == 1 else 30 * rows
    fig.update_layout(margin={"t": fig.layout.margin.t + extra}, height=fig.layout.height + extra,
                      legend={"xref": "container", "x": 0.01})
    return fig


def _unit(text: str, bounds: str, lang: str) -> str:
    """A chart's unit line, which also states the Norwegian boundaries it shows."""
    return f"{text} · {t(f'bo.bounds_chart.{bounds}', lang)}"


def span_text(span: tuple[int, int], lang: str) -> str:
    """'t.o.m. 2019' / '2020–2023': the years the chosen boundaries hold."""
    first, last = span
    if first <= FIRST_YEAR:
        return t("bo.span_to", lang, last=last)
    return t("bo.span", lang, first=first, last=min(last, LAST_YEAR))


def population_section(values: pd.DataFrame, regions, bounds: str, span: tuple[int, int], names: dict[str, str],
                       lang: str, large: bool = False) -> Section:
    """Population as an index, first common year = 100, on the chosen boundaries' years."""
    df = values[(values.indicator_id == "population") & values.year.between(*span)]
    years, without = common_years(df, regions)
    notes = [t("bo.no_values", lang, regions=_names(without, names))] if without else []
    if len(years) < 2:
        return Section(None, notes + [t("bo.too_few_years", lang)])
    df = df[df.year.isin(years) & df.region_code.isin(regions)]
    index, _ = measures.to_index(df[["region_code", "year", "value"]], years[0])
    unit = _unit(t("bo.pop_unit", lang, year=years[0]), bounds, lang)
    line = sources.line(list(df.source_ids), lang)
    fig = _room_for_legend(charts.line(index, labels=names, title=t("bo.pop_title", lang, y0=years[0], y1=years[-1]),
                                       unit=unit, source_line=line, lang=lang, decimals=1, large=large),
                           index.region_code.nunique())
    table = _table(df, names, t("bo.col.population", lang), lang)
    table[t("bo.col.index", lang, year=years[0])] = index.value.to_numpy()
    panel = charts.Panel(fig, table, {t("bo.col.population", lang): 0, t("bo.col.index", lang, year=years[0]): 1},
                         f"befolkning_{bounds}" if lang == "sv" else f"population_{bounds}", [unit, line])
    return Section(panel, notes, list(df.source_ids))


def gdp_section(values: pd.DataFrame, measure: str, regions, bounds: str, span: tuple[int, int],
                names: dict[str, str], lang: str, large: bool = False) -> Section:
    """GDP per inhabitant (PPS or EUR, Eurostat's own) or in million SEK, on common years."""
    df = values[values.indicator_id.isin(GDP_MEASURES[measure]) & values.year.between(*span)]
    years, without = common_years(df, regions)
    notes = [t("bo.no_values", lang, regions=_names(without, names))] if without else []
    if not years:
        return Section(None, notes + [t("common.no_data", lang)])
    df = df[df.year.isin(years) & df.region_code.isin(regions)]
    flags = flag_text(";".join(sorted({f for f in df.flag.dropna() if f})), lang)
    if flags:
        notes.append(t("bo.flags", lang, flags=flags))
    unit = _unit(t(f"bo.gdp_unit.{measure}", lang), bounds, lang)
    line = sources.line(list(df.source_ids), lang, derived=measure == "sek")
    title = f"{t(f'bo.gdp_title.{measure}', lang)}, {years[0]}–{years[-1]}"
    fig = _room_for_legend(charts.line(df[["region_code", "year", "value"]], labels=names, title=title, unit=unit,
                                       source_line=line, lang=lang, decimals=0, large=large), df.region_code.nunique())
    label = t(f"bo.gdp_col.{measure}", lang)
    panel = charts.Panel(fig, _table(df, names, label, lang), {label: 0}, f"bnp_{measure}_{bounds}"
                         if lang == "sv" else f"gdp_{measure}_{bounds}", [title, unit, line])
    return Section(panel, notes, list(df.source_ids))


def missing_cells(lq: pd.DataFrame, regions, industries: pd.DataFrame, names: dict[str, str]) -> list[str]:
    """'Hedmark: A, B-E' for every region whose file leaves industries of the partition unpublished."""
    parts = industries[~industries.is_aggregate].industry_code.tolist()
    out = []
    for code in regions:
        have = set(lq[lq.region_code == code].industry_code)
        gaps = [p for p in parts if p not in have]
        if gaps and have:
            out.append(f"{names.get(code, code)}: {', '.join(gaps)}")
    return out


def employment_sections(lq: pd.DataFrame, regions, year: int, bounds: str, industries: pd.DataFrame,
                        names: dict[str, str], lang: str, large: bool = False) -> tuple[Section, Section]:
    """The employment structure (shares of the partition) and the LQs, one year, own-country benchmark."""
    line = sources.line(list(lq.source_id.unique()), lang)
    labels = dict(zip(industries.industry_code, industries.industry_code + " " + industries[col("name", lang)],
                      strict=True))
    parts = lq[~lq.is_aggregate]
    structure = parts.assign(category=parts.industry_code.map(labels), value=parts.share * 100)
    unit = _unit(t("bo.structure_unit", lang), bounds, lang)
    fig = _room_for_legend(charts.grouped_bars(structure[["category", "region_code", "value"]], labels=names,
                                               title=t("bo.structure_title", lang, year=year), unit=unit,
                                               source_line=line, lang=lang, decimals=1, large=large),
                           structure.region_code.nunique())
    share, bench, employed = t("bo.col.share", lang), t("bo.col.benchmark_share", lang), t("s3.col.employed", lang)
    table = pd.DataFrame({
        t("common.region", lang): lq.region_code.map(lambda c: names.get(c, c)),
        t("bo.col.benchmark", lang): lq.benchmark_code.map(lambda c: names.get(c, c)),
        "NACE": lq.industry_code, t("s3.col.industry", lang): lq[col("name", lang)],
        employed: lq.employed, share: lq.share * 100, bench: lq.benchmark_share * 100, "LQ": lq.lq,
        t("common.flag", lang): lq.flag.map(lambda f: flag_text(f, lang)),
    }).reset_index(drop=True)
    decimals = {employed: 0, share: 1, bench: 1, "LQ": 2}
    name = f"sysselsatta_{year}_{bounds}" if lang == "sv" else f"employment_{year}_{bounds}"
    gaps = missing_cells(lq, regions, industries, names)
    notes = [t("bo.not_published", lang, cells="; ".join(gaps))] if gaps else []
    struct = Section(charts.Panel(fig, table, decimals, name, [unit, line]), notes, list(lq.source_id.unique()))
    shown = lq[(~lq.is_aggregate) | (lq.industry_code == MANUFACTURING)]
    lq_unit = _unit(t("bo.lq_unit", lang), bounds, lang)
    fig = _room_for_legend(charts.lq_bars(shown, labels=names, industry_labels=labels,
                                          title=t("bo.lq_title", lang, year=year), unit=lq_unit, source_line=line,
                                          lang=lang, large=large), shown.region_code.nunique())
    lq_name = f"lq_{year}_{bounds}"
    return struct, Section(charts.Panel(fig, table, decimals, lq_name, [lq_unit, line]), [],
                           list(lq.source_id.unique()))


@db.cached()
def population_view(regions: tuple[str, ...], bounds: str, lang: str, large: bool = False) -> Section:
    """``population_section`` on the warehouse's values of the regions, cached in the app by
    the arguments and the warehouse version."""
    span = period(bounds, queries.region_boundaries())
    values = queries.border_values(INDICATORS, list(regions))
    return population_section(values, list(regions), bounds, span, queries.region_names(lang), lang, large)


@db.cached()
def gdp_view(measure: str, regions: tuple[str, ...], bounds: str, lang: str, large: bool = False) -> Section:
    """``gdp_section`` on the warehouse's values of the regions, cached in the app by the
    arguments and the warehouse version."""
    span = period(bounds, queries.region_boundaries())
    values = queries.border_values(INDICATORS, list(regions))
    return gdp_section(values, measure, list(regions), bounds, span, queries.region_names(lang), lang, large)


@db.cached()
def employment_view(regions: tuple[str, ...], year: int, bounds: str, lang: str,
                    large: bool = False) -> tuple[Section, Section]:
    """``employment_sections`` for the regions and year, cached in the app by the arguments
    and the warehouse version."""
    lq = queries.national_lq(list(regions), year)
    return employment_sections(lq, list(regions), year, bounds, queries.national_industries(),
                               queries.region_names(lang), lang, large)


def key_area_table(areas: pd.DataFrame, lq: pd.DataFrame | None, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Each key area: the A*10 industries that hold it and what A*10 can say about it. Only an
    area A*10 separates gets LQs; for the others the table says why not, instead of a number."""
    rows = []
    for a in areas.itertuples():
        if a.a10_separable and lq is not None and not lq.empty:
            hits = lq[lq.industry_code == a.a10_industries]
            said = "; ".join(f"{names.get(r.region_code, r.region_code)} {fmt.number(r.lq, 2, lang)}"
                             for r in hits.itertuples())
            said = t("bo.key.lq", lang, industry=a.a10_industries, values=said) if said else getattr(
                a, col("a10_note", lang))
        else:
            said = getattr(a, col("a10_note", lang))
        rows.append({t("bo.col.key_area", lang): getattr(a, col("name", lang)),
                     t("bo.col.a10", lang): a.a10_industries.replace(";", ", "),
                     t("bo.col.separable", lang): t("bo.yes", lang) if a.a10_separable else t("bo.no", lang),
                     t("bo.col.what_a10_says", lang): said})
    return pd.DataFrame(rows)


def s3_matrix(areas: pd.DataFrame, s3: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Rows: the key areas and 'none of the seven'; columns: the three counties; cells: S3 areas."""
    rows = [(a.key_area_id, getattr(a, col("name", lang))) for a in areas.itertuples()]
    rows.append((None, t("bo.key.none", lang)))
    data = {}
    for code in NMS_COUNTIES:
        mine = s3[s3.region_code == code]
        data[names.get(code, code)] = ["; ".join(mine[(mine.key_area_id == k) if k else mine.key_area_id.isna()]
                                                  [col("area", lang)]) for k, _ in rows]
    out = pd.DataFrame(data, index=[label for _, label in rows])
    out.index.name = t("bo.col.key_area", lang)
    return out


def project_summary(projects: pd.DataFrame, areas: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Per key area and county: projects, partner rows and the EU funding (EUR) that may be summed:
    EU-funding rows only (another amount kind is never added), a multi-county row under 'several
    counties' (never split), figures in a conflict group counted but not summed."""
    area_names = dict(zip(areas.key_area_id, areas[col("name", lang)], strict=True))
    df = projects.assign(bucket=projects.county_bucket)
    summable = funding.countable(df, "eu_funding")
    rows = []
    for (key, bucket), part in df.groupby([df.key_area_id.fillna(""), "bucket"], sort=False):
        eu = summable[summable.funding_id.isin(part.funding_id)]
        rows.append({
            "order": list(area_names).index(key) if key in area_names else len(area_names),
            t("bo.col.key_area", lang): area_names.get(key, t("bo.key.none", lang)),
            t("fu.col.counties", lang): names.get(bucket, t("fu.multi", lang)),
            t("fu.col.n_projects", lang): part.project.nunique(),
            t("bo.col.partners", lang): int(part.partner_role.notna().sum()),
            t("bo.col.eu_eur", lang): eu.amount_eur.sum(min_count=1),
            # EU amounts left out of the sum: conflicts, no start year, and amounts applied for (another kind)
            t("bo.col.not_summed", lang): int(len(part[part.amount_kind.isin(["eu_funding", "eu_funding_applied"])])
                                              - eu.amount_eur.notna().sum()),
        })
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    return out.sort_values(["order", t("fu.col.counties", lang)]).drop(columns="order").reset_index(drop=True)


def project_table(projects: pd.DataFrame, areas: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Every Sverige-Norge project row as its source gives it, with the key area it is classified into."""
    area_names = dict(zip(areas.key_area_id, areas[col("name", lang)], strict=True))
    return pd.DataFrame({
        t("bo.col.key_area", lang): projects.key_area_id.map(lambda k: area_names.get(k, t("bo.key.none", lang))),
        t("fu.col.period", lang): projects.programme_period,
        t("fu.col.project", lang): funding.shown(projects, "project", lang),
        t("fu.col.beneficiary", lang): funding.shown(projects, "beneficiary", lang),
        t("bo.col.role", lang): projects.partner_role,
        t("fu.col.counties", lang): projects.region_codes.map(lambda rs: ", ".join(names.get(r, r) for r in rs)),
        t("fu.col.amount", lang): projects.amount,
        t("fu.col.currency", lang): projects.currency,
        t("fu.col.kind", lang): projects.amount_kind.map(lambda k: t(f"fu.kind.{k}", lang)),
        t("bo.col.why", lang): projects.key_area_note,
        t("common.source", lang): projects.publisher,
    }).reset_index(drop=True)


@db.cached()
def key_area_view(regions: tuple[str, ...], year: int | None, lang: str
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """The key-area tables for the regions' LQs in ``year`` (None: no year with LQs):
    (``key_area_table``, ``s3_matrix``, ``project_summary``, ``project_table``, the projects'
    source ids), cached in the app by the arguments and the warehouse version."""
    names, areas, projects = queries.region_names(lang), queries.key_areas(), queries.key_area_projects()
    lq = queries.national_lq(list(regions), year) if year is not None else None
    return (key_area_table(areas, lq, names, lang), s3_matrix(areas, queries.key_area_s3(), names, lang),
            project_summary(projects, areas, names, lang), project_table(projects, areas, names, lang),
            list(projects.source_id.unique()))


def boundary_table(boundaries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Norwegian regions of the view with their NUTS version and the years they hold."""
    own = boundaries[boundaries.region_code.isin({*BORDER_NO_OLD, *BORDER_NO_NEW, NORWAY_MAINLAND})]
    years = [f"{'' if pd.isna(a) else int(a)}–{'' if pd.isna(b) else int(b)}".strip("–") or t("bo.all_years", lang)
             for a, b in zip(own.valid_from, own.valid_to, strict=True)]
    return pd.DataFrame({t("common.region", lang): own[col("name", lang)], t("common.code", lang): own.region_code,
                         "NUTS": own.nuts_version, t("bo.col.valid", lang): years}).reset_index(drop=True)


def default_regions(bounds: str) -> list[str]:
    return list(DEFAULT_NORWEGIAN[bounds])


def shown_regions(norwegian) -> list[str]:
    """The regions of the charts: Värmland, Dalarna, the chosen Norwegian ones, then the benchmarks."""
    return [*BORDER_SE, *norwegian, *BENCHMARKS]


def download_name(lang: str) -> str:
    return "interreg_sverige_norge" if lang == "sv" else "interreg_sweden_norway"
