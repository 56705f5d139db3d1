"""Shift-share (#19.4): a county's employment change between two years split into the
growth it would have had growing as Sweden did (national growth), the effect of its
industry mix (its industries growing faster or slower than Sweden as a whole) and the rest,
its regional (competitive) effect.

For county r, industry i, years 0 and 1, E employment and N Sweden:
  national growth  NS = E0_ri · G,            G   = E1_N / E0_N − 1 (all industries used)
  industry mix     IM = E0_ri · (g_i − G),    g_i = E1_Ni / E0_Ni − 1
  regional effect  RS = (E1_ri − E0_ri) − NS − IM   (= E0_ri · (g_ri − g_i))
so NS + IM + RS is the actual change, per industry and in total. One dataset
(classification and source) for both years and all regions. The industries used are a
partition of the economy: the finest industries whose NACE sections do not overlap, an
industry replaced by its aggregate where the finer industries do not cover the aggregate
(NACE A*10: manufacturing C lies inside B–E, whose other sections have no row of their own,
so B–E is used). An industry without a value in either year for a region or for Sweden
cannot be decomposed: it is named, never dropped silently. Pure functions: the language
is an argument."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app import charts, db, fmt, queries, sources
from app.i18n import classification_name, col, t
from etl.vocabulary import SWEDEN

COMPONENTS = ("national", "mix", "regional")


def sections(text: str) -> frozenset[str]:
    return frozenset(s for s in str(text).split(";") if s)


def partition(industries: dict[str, frozenset[str]]) -> list[str]:
    """The finest non-overlapping industries that cover what they cover: start from the
    industries that contain no other; where an aggregate's sections are not all covered by
    the industries inside it, use the aggregate instead of them. ``industries``: code ->
    NACE sections (the total and industries without sections left out by the caller)."""
    codes = {c: s for c, s in industries.items() if s}
    chosen = {c for c, s in codes.items() if not any(o != c and codes[o] < s for o in codes)}
    changed = True
    while changed:
        changed = False
        for agg, s in sorted(codes.items(), key=lambda x: len(x[1])):
            inside = {c for c in chosen if codes[c] < s}
            covered = frozenset().union(*(codes[c] for c in inside)) if inside else frozenset()
            if inside and covered != s and not any(codes[c] & s and not codes[c] <= s for c in chosen):
                chosen = (chosen - inside) | {agg}
                changed = True
    # an aggregate whose parts are all chosen is not used beside them
    return sorted(c for c in chosen if not any(o != c and codes[o] < codes[c] for o in chosen))


@dataclass
class Decomposition:
    year_from: int
    year_to: int
    by_industry: pd.DataFrame      # region_code, industry_code, e0, e1, change, national, mix, regional
    totals: pd.DataFrame           # region_code, e0, e1, change, national, mix, regional
    growth: float                  # Sweden's growth G over the industries used
    industries: list[str]
    missing: list[tuple[str, str]] = field(default_factory=list)   # (region_code, industry_code) not decomposed


def decompose(emp: pd.DataFrame, year_from: int, year_to: int, regions: list[str], industries: list[str],
              nation: str = SWEDEN) -> Decomposition:
    """``emp``: region_code, year, industry_code, employed (long). Regions and the nation must
    have both years; a (region, industry) without both values is listed in ``missing``."""
    e = emp[emp.industry_code.isin(industries) & emp.year.isin([year_from, year_to])]
    wide = e.pivot_table(index=["region_code", "industry_code"], columns="year", values="employed", aggfunc="first")
    wide = wide.reindex(columns=[year_from, year_to])
    wide.columns = ["e0", "e1"]
    nat = wide.loc[nation] if nation in wide.index.get_level_values(0) else pd.DataFrame(columns=["e0", "e1"])
    nat = nat.reindex(industries)
    missing = [(nation, i) for i in industries if nat.loc[i].isna().any() or not nat.loc[i, "e0"] > 0]
    ok_ind = [i for i in industries if (nation, i) not in missing]
    G = nat.loc[ok_ind, "e1"].sum() / nat.loc[ok_ind, "e0"].sum() - 1 if ok_ind else float("nan")
    g = nat.e1 / nat.e0 - 1
    rows = []
    for r in regions:
        for i in ok_ind:
            v = wide.loc[(r, i)] if (r, i) in wide.index else pd.Series({"e0": None, "e1": None})
            if pd.isna(v.e0) or pd.isna(v.e1):
                missing.append((r, i))
                continue
            change = v.e1 - v.e0
            national = v.e0 * G
            mix = v.e0 * (g[i] - G)
            rows.append({"region_code": r, "industry_code": i, "e0": v.e0, "e1": v.e1, "change": change,
                         "national": national, "mix": mix, "regional": change - national - mix})
    by = pd.DataFrame(rows, columns=["region_code", "industry_code", "e0", "e1", "change", *COMPONENTS])
    totals = by.groupby("region_code", sort=False)[["e0", "e1", "change", *COMPONENTS]].sum().reindex(
        [r for r in regions if r in set(by.region_code)]).reset_index()
    return Decomposition(year_from, year_to, by, totals, float(G), ok_ind, missing)


@dataclass
class View:
    panels: list[tuple[str, charts.Panel]]
    notes: list[str]


@db.cached()
def build(classification: str, source_id: str, year_from: int, year_to: int, counties: tuple[str, ...],
          names: dict[str, str], lang: str, large: bool = False) -> View:
    emp = queries.shift_share_employment(classification, source_id, [year_from, year_to], [*counties, SWEDEN])
    meta = emp.drop_duplicates("industry_code").set_index("industry_code")
    industries = partition({c: sections(s) for c, s in meta.nace_sections.items() if not meta.loc[c, "is_total"]})
    d = decompose(emp, year_from, year_to, list(counties), industries)
    ind_names = {c: f"{meta.loc[c, col('name', lang)]} ({c.replace('_', '–')})" for c in meta.index}
    source_line = sources.line([source_id], lang)
    comp_names = {"national": t("ss.national", lang), "mix": t("ss.mix", lang), "regional": t("ss.regional", lang)}
    notes = [t("ss.note", lang, year_from=year_from, year_to=year_to, classification=classification_name(
        classification, lang), growth=fmt.number(d.growth * 100, 1, lang),
        industries=", ".join(c.replace("_", "–") for c in d.industries))]
    total_row = emp[emp.is_total & (emp.year.isin([year_from, year_to]))]
    for r in d.totals.itertuples():
        tot = total_row[total_row.region_code == r.region_code].set_index("year").employed
        if year_to in tot and year_from in tot and tot[year_to] - tot[year_from] != r.change:
            notes.append(t("ss.total_differs", lang, region=names.get(r.region_code, r.region_code),
                           published=fmt.number(tot[year_to] - tot[year_from], 0, lang),
                           summed=fmt.number(r.change, 0, lang)))
    if d.missing:
        notes.append(t("ss.missing", lang, items=", ".join(
            f"{names.get(r, r)} {i.replace('_', '–')}" for r, i in d.missing)))
    notes.append(t("ss.limits", lang))
    unit = t("ss.unit", lang)
    src_notes = [t("ss.method_short", lang), *sources.notes([source_id], lang)]
    panels = []
    if not d.totals.empty:
        fig = charts.shift_share_bars(d.totals, labels=names, components=comp_names, actual=t("ss.actual", lang),
                                      title=t("ss.title_total", lang, year_from=year_from, year_to=year_to),
                                      unit=unit, source_line=source_line, lang=lang, large=large)
        panels.append(("ss-total", charts.Panel(fig, _table(d, d.totals, names, None, comp_names, lang), _decimals(
            d, comp_names, lang), f"shift_share_{year_from}_{year_to}", src_notes)))
        fig = charts.shift_share_industries(d.by_industry, labels=names, industry_labels=ind_names,
                                            title=t("ss.title_industry", lang, year_from=year_from,
                                                    year_to=year_to, component=comp_names["regional"]),
                                            unit=unit, source_line=source_line, lang=lang, large=large)
        panels.append(("ss-industry", charts.Panel(fig, _table(d, d.by_industry, names, ind_names, comp_names, lang),
                                                   _decimals(d, comp_names, lang),
                                                   f"shift_share_{year_from}_{year_to}_industries", src_notes)))
    return View(panels, notes)


def _decimals(d: Decomposition, comp_names: dict[str, str], lang: str) -> dict[str, int]:
    return {c: 0 for c in [t("ss.employed", lang, year=d.year_from), t("ss.employed", lang, year=d.year_to),
                           t("ss.change", lang), *comp_names.values()]}


def _table(d: Decomposition, df: pd.DataFrame, names, ind_names, comp_names, lang: str) -> pd.DataFrame:
    out = pd.DataFrame({t("common.region", lang): df.region_code.map(lambda c: names.get(c, c))})
    if ind_names is not None:
        out[t("ss.industry", lang)] = df.industry_code.map(lambda c: ind_names.get(c, c))
    out[t("ss.employed", lang, year=d.year_from)] = df.e0.to_numpy()
    out[t("ss.employed", lang, year=d.year_to)] = df.e1.to_numpy()
    out[t("ss.change", lang)] = df.change.to_numpy()
    for c in COMPONENTS:
        out[comp_names[c]] = df[c].to_numpy()
    return out
