"""Funding arithmetic that must never go wrong, as pure functions over the funding table.

* Amount kinds are never added together: every total is for one ``amount_kind``.
* Only project rows with a total amount count in totals (not programme envelopes,
  decision rounds, calls, per-year or maximum amounts, nor sums of other rows).
* A project spanning several counties (or the whole of Norra Mellansverige) is counted
  once, under "several counties", never split between them.
* A project is one (programme, period, project): the Interreg partner rows of a project are
  its partners' shares, so their amounts add up but the project is counted once.
* Figures that contradict each other (``conflict_group``) are shown, never summed.
* Currency never changes what is counted. Amounts are converted with the ECB annual rate of
  the project's start year (in SQL); an amount without a start year cannot be converted, so
  in *both* currencies it is left out of the converted totals and counted and shown on its
  own, in the currency it was published in. Shares are computed in ``SHARE_CURRENCY``
  whatever currency the page shows.
* The page honours the shared region and year filters (``FILTERS``): the counties chosen
  (and projects in several counties that include one of them), and projects that start in
  the chosen years (a project without a start year: its programme period overlaps them).

The second half builds what the Finansiering / Funding page draws from the same table:
charts, tables, cards and lines, each a function of the frames and choices it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from app import charts, db, fmt, queries, sources
from app.i18n import TEXT, t
from etl.vocabulary import CURRENCIES, LANGS, MONEY_KINDS, NMS, NMS_COUNTIES, PROGRAMME_KINDS

#: The shared sidebar filters this page honours; the shell shows only these on this page.
FILTERS: tuple[str, ...] = ("regions", "years")
MULTI = "MULTI"
#: The amount kinds a project can be summed by (a programme budget is not a project's).
PROJECT_KINDS: tuple[str, ...] = tuple(k for k in MONEY_KINDS if k not in PROGRAMME_KINDS)
#: The currencies totals can be shown in, and the column of ``v_funding_amount`` holding each.
AMOUNT_COLUMNS: dict[str, str] = {"SEK": "amount_sek", "EUR": "amount_eur"}
#: Shares (S3 alignment) are computed in this currency whichever currency the page shows, so
#: that switching the currency never changes a share.
SHARE_CURRENCY = "SEK"
#: Project lists: the start of their ``list_coverage`` note -> the text (``fu.list.*``) that
#: says in either language what the list covers.
LISTS: dict[str, str] = {"Projektbanken (Tillväxtverket)": "projektbanken",
                         "Interregbarometern": "interregbarometern"}
#: Levels whose years are a span (a programme, a sum over a period), not one start year.
SPAN_LEVELS = ("programme", "aggregate")
#: What the page shows when the link says nothing: EU funding, in kronor.
DEFAULT_KIND, DEFAULT_CURRENCY = "eu_funding", "SEK"


def shown(df: pd.DataFrame, field: str, lang: str) -> pd.Series:
    """A funding column as the page shows it: the analyst's label in the language
    (``queries.funding``'s ``<field>_<lang>``) where there is one, else the recorded value."""
    column = f"{field}_{lang}"
    return df[column] if column in df else df[field]


def _label_columns(df: pd.DataFrame) -> list[str]:
    """The shown-programme and shown-period columns ``df`` carries (kept through the sums)."""
    return [f"{field}_{lang}" for field in ("programme", "programme_period") for lang in LANGS
            if f"{field}_{lang}" in df]


def amount_column(currency: str) -> str:
    """The converted-amount column for ``currency``; refuses a currency it has no column for."""
    if currency not in AMOUNT_COLUMNS:
        raise ValueError(f"Amounts can be shown in {' or '.join(AMOUNT_COLUMNS)}, not in {currency!r}.")
    return AMOUNT_COLUMNS[currency]


def countable(df: pd.DataFrame, amount_kind: str) -> pd.DataFrame:
    """Rows that may be summed for one amount kind. Figures in a conflict group are left
    out: summing one of two contradicting figures would silently pick it."""
    return df[(df.level == "project") & (df.amount_kind == amount_kind) & (df.amount_basis == "total")
              & df.amount.notna() & (df.conflict_group.fillna("") == "")]


def project_key(df: pd.DataFrame) -> pd.Series:
    """What makes a project one project: programme, period and name (partner rows share it)."""
    if df.empty:
        return pd.Series(dtype=object, index=df.index)
    return df.programme + "|" + df.programme_period.fillna("") + "|" + df.project


def converted(df: pd.DataFrame) -> pd.Series:
    """Rows whose amount has a value in every currency the page shows (a start year with a rate)."""
    return pd.concat([df[c].notna() for c in AMOUNT_COLUMNS.values()], axis=1).all(axis=1)


def bucket(df: pd.DataFrame) -> pd.Series:
    """County for single-county rows, 'MULTI' for rows in several counties or the whole of
    Norra Mellansverige (SE31 is all three), else None."""
    def one(regions) -> str | None:
        regions = list(regions)
        if len(regions) == 1 and regions[0] in NMS_COUNTIES:
            return regions[0]
        if any(r in NMS_COUNTIES or r == NMS for r in regions):
            return MULTI
        return None
    return pd.Series([one(rc) for rc in df.region_codes], index=df.index, dtype=object)


# --- the shared filters --------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The sidebar's regions and years as this page reads them."""
    counties: tuple[str, ...]        # the counties of Norra Mellansverige chosen (SE31 chosen: all three)
    year_from: int
    year_to: int
    other_regions: tuple[str, ...]   # chosen regions this page has no projects for (Sweden, other counties)


def selection(regions, year_from: int, year_to: int) -> Selection:
    regions = tuple(regions)
    counties = NMS_COUNTIES if NMS in regions else tuple(c for c in NMS_COUNTIES if c in regions)
    others = tuple(r for r in regions if r not in NMS_COUNTIES and r != NMS)
    return Selection(counties, int(year_from), int(year_to), others)


def period_years(period) -> tuple[int | None, int | None]:
    """'2014-2020' -> (2014, 2020); '2019-' -> (2019, None); '2003' -> (2003, 2003); else (None, None)."""
    m = re.match(r"\s*(\d{4})\s*(?:([-–])\s*(\d{4})?)?", str(period) if isinstance(period, str) else "")
    if not m:
        return None, None
    first = int(m.group(1))
    if m.group(3):
        return first, int(m.group(3))
    return (first, None) if m.group(2) else (first, first)


def _in_years(row, year_from: int, year_to: int) -> bool:
    """A project (call, decision round) by its start year; a programme or a sum over a period,
    or a row without a start year, by whether its span or programme period overlaps the years.
    A row that cannot be placed in time at all is kept (never dropped silently)."""
    if row.level not in SPAN_LEVELS and pd.notna(row.year_start):
        return year_from <= int(row.year_start) <= year_to
    lo, hi = period_years(row.programme_period)
    if pd.notna(row.year_start):
        lo = int(row.year_start)
        hi = int(row.year_end) if pd.notna(row.year_end) else hi
    if lo is None and hi is None:
        return True
    return (lo is None or lo <= year_to) and (hi is None or hi >= year_from)


def select(df: pd.DataFrame, sel: Selection) -> pd.DataFrame:
    """The rows of Norra Mellansverige that touch a chosen county and fall in the chosen years,
    with their ``bucket``. A row covering SE31 touches every county."""
    rows = df[df.in_nms].copy()
    if rows.empty or not sel.counties:
        return rows.iloc[0:0].assign(bucket=pd.Series(dtype=object))
    rows["bucket"] = bucket(rows)
    touches = [any(r in sel.counties or r == NMS for r in rc) for rc in rows.region_codes]
    in_years = [_in_years(r, sel.year_from, sel.year_to) for r in rows.itertuples()]
    return rows[pd.Series(touches, index=rows.index) & pd.Series(in_years, index=rows.index)]


# --- sums ----------------------------------------------------------------------------------


def _with_bucket(df: pd.DataFrame) -> pd.DataFrame:
    rows = df.copy()
    if "bucket" not in rows:
        rows["bucket"] = bucket(rows)
    return rows[rows.bucket.notna()]


def totals(df: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """Per programme, period and county bucket, for one amount kind: the converted sum in SEK
    or EUR, the projects counted, and those without a start year (not converted) with their
    amounts in the currency they were published in. Every column but ``amount`` is the same
    in both currencies."""
    col = amount_column(currency)
    rows = _with_bucket(countable(df, amount_kind))
    done = converted(rows)
    rows = rows.assign(
        key=project_key(rows), value=rows[col].where(done), unconverted_key=project_key(rows).where(~done),
        **{f"unconverted_{c}": rows.amount.where(~done & (rows.currency == c)) for c in CURRENCIES})
    return rows.groupby(["programme", "programme_period", "bucket"], dropna=False, sort=True).agg(
        amount=("value", lambda s: s.sum(min_count=1)), n_projects=("key", "nunique"),
        n_unconverted=("unconverted_key", "nunique"),
        **{f"unconverted_{c}": (f"unconverted_{c}", lambda s: s.sum(min_count=1)) for c in CURRENCIES},
        **{c: (c, "first") for c in _label_columns(rows)},
    ).reset_index()


def per_inhabitant(total_by_county: pd.Series, population: pd.DataFrame) -> pd.Series:
    pop = population.set_index("region_code").population
    return total_by_county / pop.reindex(total_by_county.index)


def alignment(df: pd.DataFrame, declared: pd.DataFrame, amount_kind: str, currency: str,
              counties: tuple[str, ...] = NMS_COUNTIES) -> pd.DataFrame:
    """Per county, its own (single-county) projects of one amount kind in three parts: in a
    theme the county has declared in its S3 strategy, in another theme, and not classified
    (its own category: not "outside S3"). ``share_aligned`` is the aligned part of the
    classified money, ``share_unclassified`` the unclassified part of all money, both in
    ``SHARE_CURRENCY`` whichever ``currency`` the amounts are shown in. Projects without a
    start year are counted (``n_unconverted``) but not in the amounts or shares."""
    rows = _with_bucket(countable(df, amount_kind))
    rows = rows[rows.bucket.isin(counties)]
    own = declared.groupby("region_code").theme_id.apply(set).to_dict()
    theme = rows.s3_theme_id.fillna("")
    rows = rows.assign(key=project_key(rows), done=converted(rows), classified=theme != "",
                       aligned=[bool(th) and th in own.get(b, set()) for th, b in zip(theme, rows.bucket, strict=True)])
    col, share_col = amount_column(currency), amount_column(SHARE_CURRENCY)
    out = []
    for code in counties:
        g = rows[rows.bucket == code]
        c = g[g.done]
        classified = c.loc[c.classified, share_col].sum()
        everything = c[share_col].sum()
        out.append({
            "region_code": code, "n_projects": g.key.nunique(), "n_unconverted": g.loc[~g.done, "key"].nunique(),
            "n_classified": g.loc[g.classified, "key"].nunique(),
            "n_unclassified": g.loc[~g.classified, "key"].nunique(),
            "total": c[col].sum(min_count=1), "unclassified": c.loc[~c.classified, col].sum(min_count=1),
            "share_aligned": c.loc[c.aligned, share_col].sum() / classified if classified else float("nan"),
            "share_unclassified": c.loc[~c.classified, share_col].sum() / everything if everything else float("nan"),
        })
    return pd.DataFrame(out, columns=["region_code", "n_projects", "n_unconverted", "n_classified", "n_unclassified",
                                      "total", "unclassified", "share_aligned", "share_unclassified"])


def unmatched(df: pd.DataFrame) -> pd.DataFrame:
    """Projects without an S3 theme (one row per project), so they can be classified."""
    rows = _with_bucket(df[df.level == "project"])
    rows = rows[rows.s3_theme_id.fillna("") == ""]
    return rows.assign(key=project_key(rows)).drop_duplicates("key")


def sankey_links(df: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """programme -> county bucket -> S3 theme ('' = not classified), summed for one amount kind
    over the converted projects (those without a start year are shown separately)."""
    rows = _with_bucket(countable(df, amount_kind))
    col = amount_column(currency)
    rows = rows[converted(rows)].assign(theme=lambda d: d.s3_theme_id.fillna(""))
    first = rows.groupby(["programme", "bucket"])[col].sum().reset_index()
    first.columns = ["source", "target", "value"]
    second = rows.groupby(["bucket", "theme"])[col].sum().reset_index()
    second.columns = ["source", "target", "value"]
    first["stage"], second["stage"] = 0, 1
    return pd.concat([first, second], ignore_index=True)


# --- coverage: how much of the programme the listed projects are --------------------------


def allocations(df: pd.DataFrame) -> pd.DataFrame:
    """A programme's own published amounts (allocation, budget) for Norra Mellansverige: level
    ``programme``, a total, in a currency the page converts to, and not a row of a project list
    (the technical assistance in Projektbanken is spending, not an allocation)."""
    return df[(df.level == "programme") & df.in_nms & (df.amount_basis == "total") & df.amount.notna()
              & df.currency.isin(list(AMOUNT_COLUMNS)) & df.external_id.isna()]


def coverage(all_rows: pd.DataFrame, selected: pd.DataFrame, amount_kind: str) -> pd.DataFrame:
    """Per programme and period with projects in the selection: what the programme's
    allocation of this kind is, and which part of it the listed projects make up, in the
    allocation's own currency (so the share is the same whichever currency the page shows):
    ``share`` for the projects in the selection, ``share_all`` for every listed project of the
    programme in Norra Mellansverige. ``status``: ``known``, ``unknown`` (no allocation of this
    kind published), ``conflict`` (allocations that disagree: no share is computed) or
    ``applied`` (amounts applied for are not a part of what a programme allocates: no share)."""
    sel = _with_bucket(countable(selected, amount_kind))
    every = _with_bucket(countable(all_rows, amount_kind))
    alloc = allocations(all_rows)
    alloc = alloc[alloc.amount_kind == amount_kind]
    out = []
    for (programme, period), g in sel.groupby(["programme", "programme_period"], dropna=False, sort=True):
        a = alloc[(alloc.programme == programme) & (alloc.programme_period.fillna("") == _p(period))]
        row = {"programme": programme, "programme_period": period, "status": "unknown", "allocation": float("nan"),
               "allocation_currency": None, "allocation_approx": False, "share": float("nan"),
               "share_all": float("nan"), "n_unconverted": 0}
        figures = a.drop_duplicates(["amount", "currency"])
        if amount_kind == "eu_funding_applied":
            row["status"] = "applied"
        elif len(figures) > 1:
            row["status"] = "conflict"
        elif len(figures) == 1:
            f = figures.iloc[0]
            col = amount_column(f.currency)
            mine = every[(every.programme == programme) & (every.programme_period.fillna("") == _p(period))]
            row.update(status="known", allocation=float(f.amount), allocation_currency=f.currency,
                       allocation_approx=bool(f.is_approx), share=g[col].sum() / f.amount,
                       share_all=mine[col].sum() / f.amount,
                       n_unconverted=int(project_key(g[g[col].isna()]).nunique()))
        out.append(row)
    return pd.DataFrame(out, columns=["programme", "programme_period", "status", "allocation", "allocation_currency",
                                      "allocation_approx", "share", "share_all", "n_unconverted"])


# --- what the page draws -------------------------------------------------------------------


def source_line(df: pd.DataFrame, kind: str, lang: str, full: bool = False) -> str:
    """The source line of the funding charts: the sources of the figures they count, and the
    ECB's rates (``full``: every source, for the downloads' notes)."""
    ids = source_ids(df, kind)
    return sources.line(ids, lang, max_items=len(ids)) + " · ECB" if full else sources.line(ids, lang) + " · ECB"


def main_panel(every: pd.DataFrame, sel: Selection, kind: str, currency: str, names: dict[str, str], lang: str,
               large: bool = False) -> tuple[charts.Panel | None, pd.DataFrame, pd.DataFrame]:
    """The page's main chart (totals by programme and county, with coverage) for a selection, as the
    page, the workshop deck and the county brief draw it. Returns (panel or None, totals, coverage)."""
    df = select(every, sel)
    tot = totals(df, kind, currency)
    cov = coverage(every, df, kind)
    if tot.empty:
        return None, tot, cov
    notes = [source_line(df, kind, lang, full=True), t("fu.kind_note", lang)]
    panel = totals_panel(tot, cov, bucket_names(names, lang), kind, currency, source_line(df, kind, lang), lang,
                         large, notes)
    return panel, tot, cov


def kind_name(kind: str, lang: str) -> str:
    """The amount kind in words; a kind the catalogue has no text for is named as another kind
    (never a KeyError, never the raw code)."""
    return t(f"fu.kind.{kind}", lang) if f"fu.kind.{kind}" in TEXT else t("fu.kind_other", lang)


def bucket_names(names: dict[str, str], lang: str) -> dict[str, str]:
    """County names plus the 'several counties' bucket."""
    return {**names, MULTI: t("fu.multi", lang)}


def n_projects(n: int, lang: str) -> str:
    """'1 project', '5 projects' (Swedish: '1 projekt', '5 projekt')."""
    return t("fu.one_project", lang) if int(n) == 1 else t("fu.n_projects", lang, n=int(n))


def percent(share: float, lang: str) -> str:
    """0.18 -> '18 %' (sv) / '18%' (en); a share under 10 % keeps one decimal (never a bare '0 %')."""
    if pd.isna(share):
        return fmt.MISSING
    return fmt.number(share * 100, 1 if abs(share) < 0.1 else 0, lang) + (" %" if lang == "sv" else "%")


def _p(period) -> str:
    """A programme period as a grouping key ('' for none)."""
    return period if isinstance(period, str) else ""


def _period(period) -> str:
    """'2014-2020' -> '2014–2020' (an en dash between years); '' for none."""
    return "" if not isinstance(period, str) else re.sub(r"(\d{4})-(\d{4})", r"\1–\2", period)


def _programme_label(programme: str, period, name: str | None = None) -> str:
    """'ERUF 2014–2020'; ``name``: the programme as shown (its label in the language)."""
    lo, hi = period_years(period)
    years = "" if lo is None else (f"{lo}–{hi}" if hi and hi != lo else (f"{lo}–" if hi is None else str(lo)))
    return f"{name or programme} {years}".strip()


def filter_caption(sel: Selection, names: dict[str, str], lang: str) -> str:
    """What of the sidebar's choice this page shows, in one sentence (or two)."""
    text = t("fu.filter_shown", lang, counties=", ".join(names.get(c, c) for c in sel.counties),
             years=f"{sel.year_from}–{sel.year_to}")
    if sel.other_regions:
        text += " " + t("fu.filter_others", lang, regions=", ".join(names.get(r, r) for r in sel.other_regions))
    return text


def rate_caption(df: pd.DataFrame, lang: str) -> str | None:
    """How amounts are kept apart and converted, with the latest rate as an example."""
    rates = df.dropna(subset=["eur_sek"]).drop_duplicates("rate_year").sort_values("rate_year")
    if rates.empty:
        return None
    r = rates.iloc[-1]
    return t("fu.kind_note", lang) + " " + t("fu.rate_note", lang, rate=fmt.number(r.eur_sek, 4, lang),
                                             year=int(r.rate_year), share_currency=SHARE_CURRENCY)


def source_ids(df: pd.DataFrame, amount_kind: str) -> list[str]:
    """The sources of the figures a chart of this kind counts (for its source line)."""
    return list(dict.fromkeys(countable(df, amount_kind).source_id))


def coverage_text(cov: pd.Series, lang: str, short: bool = False) -> str:
    """'Listade projekt i urvalet: 18 % av programmets tilldelning (ca 147 milj. EUR).' or why there is none."""
    if cov.status == "unknown":
        return t("fu.cov.unknown_short", lang) if short else t("fu.cov.unknown", lang)
    if cov.status == "applied":
        return t("fu.cov.applied_short", lang) if short else t("fu.cov.applied", lang)
    if cov.status == "conflict":
        return t("fu.cov.conflict_short", lang) if short else t("fu.cov.conflict", lang)
    if short:
        return t("fu.cov.share_short", lang, share=percent(cov.share, lang))
    allocation = fmt.millions(cov.allocation, cov.allocation_currency, lang, 0)
    if cov.allocation_approx:
        allocation = t("fu.approx_amount", lang, amount=allocation)
    text = t("fu.cov.share", lang, share=percent(cov.share, lang), allocation=allocation)
    if abs(cov.share_all - cov.share) > 0.005:
        text += " " + t("fu.cov.share_all", lang, share=percent(cov.share_all, lang))
    if cov.n_unconverted:
        text += " " + t("fu.cov.unconverted", lang, projects=n_projects(cov.n_unconverted, lang))
    return text


def totals_panel(tot: pd.DataFrame, cov: pd.DataFrame, buckets: dict[str, str], kind: str, currency: str,
                 source_line: str, lang: str, large: bool = False, notes: list[str] | None = None) -> charts.Panel:
    """Bars per programme and period, one per county bucket, in millions, each programme
    labelled with how much of its allocation the listed projects are; the table in units,
    with the projects without a start year in their own columns (same in both currencies)."""
    cov_by = {(r.programme, _p(r.programme_period)): r for r in cov.itertuples()}

    def label(programme, period, name) -> str:
        key = (programme, _p(period))
        note = coverage_text(pd.Series(cov_by[key]._asdict()), lang, short=True) if key in cov_by else ""
        return _programme_label(programme, period, name) + (f"\n{note}" if note else "")  # charts.category_label
    order = {code: i for i, code in enumerate([*NMS_COUNTIES, MULTI])}  # counties first, then "several"
    tot = tot.assign(category=[label(p, q, n) for p, q, n in zip(tot.programme, tot.programme_period,
                                                                 shown(tot, "programme", lang), strict=True)],
                     _order=tot.bucket.map(order)).sort_values(["programme", "programme_period", "_order"],
                                                               kind="stable", na_position="first")
    chart_df = (tot.rename(columns={"bucket": "region_code", "amount": "value"})
                .groupby(["category", "region_code"], sort=False, as_index=False).value.sum(min_count=1)
                .assign(value=lambda d: d.value / 1e6))
    fig = charts.grouped_bars(chart_df, labels=buckets, title=t("fu.totals_title", lang, kind=kind_name(kind, lang)),
                              unit=t("fu.totals_unit", lang, currency=t("fu.millions", lang, currency=currency)),
                              source_line=source_line, lang=lang, decimals=1, large=large)
    conv = t("fu.col.converted", lang, currency=currency)
    columns = {"programme": t("fu.col.programme", lang), "period": t("fu.col.period", lang),
               "county": t("fu.col.counties", lang), "amount": conv, "n_projects": t("fu.col.n_projects", lang),
               "n_unconverted": t("fu.col.unconverted", lang)}
    extra = [c for c in CURRENCIES if tot[f"unconverted_{c}"].notna().any()]
    columns.update({f"unconverted_{c}": t("fu.col.unconverted_amount", lang, currency=c) for c in extra})
    table = tot.assign(county=tot.bucket.map(buckets), programme=shown(tot, "programme", lang),
                       period=shown(tot, "programme_period", lang).map(_period))[list(columns)]
    table = table.rename(columns=columns)
    decimals = {conv: 0, **{columns[f"unconverted_{c}"]: 0 for c in extra}}
    return charts.Panel(fig, table, decimals, f"finansiering_{kind}_{currency}", notes or [source_line])


def unconverted_caption(tot: pd.DataFrame, buckets: dict[str, str], lang: str) -> str | None:
    """The projects without a start year, per programme and county, with their amounts in the
    currency they were published in: the same sentence whichever currency the page shows."""
    parts = []
    for r in tot[tot.n_unconverted > 0].itertuples():
        amounts = " + ".join(fmt.millions(getattr(r, f"unconverted_{c}"), c, lang)
                             for c in CURRENCIES if pd.notna(getattr(r, f"unconverted_{c}")))
        name = getattr(r, f"programme_{lang}", r.programme)
        parts.append(f"{_programme_label(r.programme, r.programme_period, name)}, {buckets.get(r.bucket, r.bucket)}: "
                     + n_projects(r.n_unconverted, lang) + f" ({amounts})")
    return t("fu.unconverted", lang, items="; ".join(parts)) if parts else None


def applied_caption(df: pd.DataFrame, kind: str, lang: str) -> str | None:
    """With EU funding (granted) shown: how many projects in the selection have only the EU
    amount they applied for, which is its own kind and never in these sums."""
    if kind != "eu_funding":
        return None
    applied = _with_bucket(countable(df, "eu_funding_applied"))
    n = int(project_key(applied).nunique()) if not applied.empty else 0
    return t("fu.applied_note", lang, projects=n_projects(n, lang)) if n else None


def n_conflicting(df: pd.DataFrame) -> int:
    return int((df.conflict_group.fillna("") != "").sum())


def county_cards(tot: pd.DataFrame, population: pd.DataFrame, names: dict[str, str], kind: str, currency: str,
                 lang: str, counties: tuple[str, ...] = NMS_COUNTIES) -> tuple[list[charts.Card], str]:
    """A card per chosen county with its converted total (and per inhabitant), what is left
    out for want of a start year, and the caption saying which population year each county's
    figure is divided by."""
    mine = tot[tot.bucket.isin(counties)]
    by_county = mine.groupby("bucket").amount.sum(min_count=1)
    per_cap = per_inhabitant(by_county, population)
    cards = []
    # the projects in the sum (those without a start year are said separately below)
    n_by_county = mine.assign(n=mine.n_projects - mine.n_unconverted).groupby("bucket").n.sum()
    for code in counties:
        lines = []
        if n_by_county.get(code, 0):
            lines.append(n_projects(n_by_county[code], lang))
        if pd.notna(per_cap.get(code)):
            lines.append(f"{fmt.number(per_cap[code], 1, lang)} {currency} {t('fu.per_capita', lang)}")
        left = mine[(mine.bucket == code) & (mine.n_unconverted > 0)]
        if not left.empty:
            amounts = " + ".join(fmt.millions(left[f"unconverted_{c}"].sum(), c, lang)
                                 for c in CURRENCIES if left[f"unconverted_{c}"].notna().any())
            lines.append(t("fu.card_unconverted", lang, projects=n_projects(left.n_unconverted.sum(), lang),
                           amounts=amounts))
        cards.append(charts.Card(f"{names[code]} · {kind_name(kind, lang)}",
                                 fmt.millions(by_county.get(code), currency, lang), " · ".join(lines) or None))
    pop = population[population.region_code.isin(counties)]
    years = ", ".join(f"{names[r.region_code]} {int(r.year)}" for r in pop.itertuples())
    return cards, t("fu.per_capita_caption", lang, years=f"({years})")


def programme_cards(tot: pd.DataFrame, cov: pd.DataFrame, kind: str, currency: str, lang: str) -> list[charts.Card]:
    """A card per programme and period in the selection: the listed projects' sum and how much
    of the programme's allocation they are (or that the allocation is not known)."""
    cards = []
    for r in cov.itertuples():
        part = tot[(tot.programme == r.programme) & (tot.programme_period.fillna("") == _p(r.programme_period))]
        counted = n_projects((part.n_projects - part.n_unconverted).sum(), lang)  # the projects in the sum
        name = shown(part, "programme", lang).iloc[0] if len(part) else None
        cards.append(charts.Card(f"{_programme_label(r.programme, r.programme_period, name)} · {kind_name(kind, lang)}",
                                 fmt.millions(part.amount.sum(min_count=1), currency, lang),
                                 f"{counted} · {coverage_text(pd.Series(r._asdict()), lang)}"))
    return cards


def level_name(level: str, lang: str) -> str:
    return t(f"fu.level.{level}", lang) if f"fu.level.{level}" in TEXT else t("fu.kind_other", lang)


def describe_amount(row, lang: str) -> str:
    """What an amount is, in the language: in English the source's own words; in Swedish the
    kind, its basis and whether it is approximate (the source's words are English)."""
    if lang == "en" and isinstance(row.amount_note, str) and row.amount_note:
        return row.amount_note
    parts = [kind_name(row.amount_kind, lang)]
    if row.amount_basis in ("per_year", "maximum"):
        parts.append(t(f"fu.basis.{row.amount_basis}", lang))
    if bool(row.is_approx):
        parts.append(t("fu.approx", lang))
    return ", ".join(parts)


def list_text(note, lang: str) -> str:
    """What the project list a row comes from covers, in the language ('' for a row from no list)."""
    if not isinstance(note, str) or not note:
        return ""
    key = next((k for prefix, k in LISTS.items() if note.startswith(prefix)), None)
    if key is None:
        return note if lang == "en" else t("fu.list_other", lang)
    return t(f"fu.list.{key}", lang)


def role_name(role, lang: str) -> str:
    return t(f"fu.role.{role}", lang) if isinstance(role, str) and f"fu.role.{role}" in TEXT else ""


def _years(a, b, lang: str) -> str:
    """'2018–2020', '2018', or that the source gives no start year (such a row is counted, not converted)."""
    if pd.notna(a) and pd.notna(b):
        return f"{int(a)}–{int(b)}" if int(a) != int(b) else str(int(a))
    return str(int(a)) if pd.notna(a) else t("fu.no_start_year", lang)


def programme_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Programme, call and decision-round figures and sums of other rows (never added to the projects)."""
    prog = df[df.level != "project"]
    table = pd.DataFrame({
        t("fu.col.programme", lang): shown(prog, "programme", lang),
        t("fu.col.period", lang): shown(prog, "programme_period", lang).map(_period),
        t("fu.col.level", lang): prog.level.map(lambda v: level_name(v, lang)),
        t("fu.col.project", lang): shown(prog, "project", lang), t("fu.col.amount", lang): prog.amount,
        t("fu.col.currency", lang): prog.currency.fillna(""),
        t("fu.col.kind", lang): [describe_amount(r, lang) for r in prog.itertuples()],
        t("src.url", lang): prog.source_url})
    return table


def projects_table(df: pd.DataFrame, names: dict[str, str], search: str, currency: str, lang: str) -> pd.DataFrame:
    """Every project row in the selection (an Interreg project has a row per partner), matching
    a free-text search, with the list it comes from and what that list covers."""
    projects = df[df.level == "project"].copy()
    projects["counties"] = [
        names.get(rc[0], rc[0]) if len(rc) == 1 and rc[0] != NMS
        else f"{t('fu.multi', lang)}: " + ", ".join(names.get(c, c) for c in rc)
        for rc in projects.region_codes]
    if search:  # the values as recorded and as shown
        fields = ["project", "beneficiary", "theme", "programme", "counties", "municipalities", "external_id"]
        fields += [c for c in (f"{f}_{lang}" for f in ("project", "beneficiary", "programme")) if c in projects]
        hay = projects[fields].fillna("").astype(str).agg(" ".join, axis=1)
        projects = projects[hay.str.lower().str.contains(search.lower(), regex=False)]
    col = amount_column(currency)
    columns = {
        t("fu.col.programme", lang): shown(projects, "programme", lang),
        t("fu.col.period", lang): shown(projects, "programme_period", lang).map(_period),
        t("fu.col.project", lang): shown(projects, "project", lang),
        t("fu.col.beneficiary", lang): shown(projects, "beneficiary", lang).fillna(""),
        t("fu.col.role", lang): projects.partner_role.map(lambda r: role_name(r, lang)),
        t("fu.col.counties", lang): projects.counties,
        t("fu.col.municipalities", lang): projects.municipalities.fillna(""),
        t("fu.col.s3", lang): projects[f"s3_theme_{lang}"].fillna(t("fu.unclassified", lang)),
        t("fu.col.years", lang): [_years(a, b, lang)
                                  for a, b in zip(projects.year_start, projects.year_end, strict=True)],
        t("fu.col.amount", lang): projects.amount, t("fu.col.currency", lang): projects.currency.fillna(""),
        t("fu.col.kind", lang): [describe_amount(r, lang) for r in projects.itertuples()],
        t("fu.col.converted", lang, currency=currency): projects[col],
        t("fu.col.rate_year", lang): projects.rate_year.astype("Int64"),
        t("fu.col.external_id", lang): projects.external_id.fillna(""),
        t("fu.col.list", lang): projects.list_coverage.map(lambda n: list_text(n, lang)),
        t("src.url", lang): projects.source_url,
    }
    if lang == "en":  # the sources' own theme words are English: not shown in the Swedish UI
        columns = {**dict(list(columns.items())[:7]), t("fu.col.theme", lang): projects.theme.fillna(""),
                   **dict(list(columns.items())[7:])}
    return pd.DataFrame(columns)


def projects_caption(df: pd.DataFrame, lang: str) -> str:
    """'312 rows, 290 projects: an Interreg project has a row per partner.'"""
    projects = df[df.level == "project"]
    return t("fu.projects_count", lang, rows=len(projects), n=int(project_key(projects).nunique()))


def flows_panel(links: pd.DataFrame, node_labels: dict[str, str], kind: str, currency: str, source_line: str,
                lang: str, large: bool = False, notes: list[str] | None = None) -> charts.Panel:
    """The Sankey programme -> county -> S3 theme, and its links as a table."""
    fig = charts.sankey(links, node_labels=node_labels, title=t("fu.flows_title", lang, kind=kind_name(kind, lang)),
                        unit=t("fu.flows_unit", lang, currency=currency), source_line=source_line, lang=lang,
                        large=large)
    table = links.assign(source=links.source.map(lambda x: node_labels.get(x, x)),
                         target=links.target.map(lambda x: node_labels.get(x, x)))[["source", "target", "value"]]
    table.columns = [t("fu.col.programme", lang) + " / " + t("fu.col.counties", lang),
                     t("fu.col.counties", lang) + " / " + t("fu.col.s3", lang),
                     t("fu.col.converted", lang, currency=currency)]
    return charts.Panel(fig, table, {table.columns[2]: 0}, f"flodet_{kind}_{currency}", notes or [source_line])


def flow_labels(buckets: dict[str, str], theme_names: dict[str, str], lang: str,
                df: pd.DataFrame | None = None) -> dict[str, str]:
    """Node labels of the Sankey: counties, S3 themes and (from ``df``) programmes as shown."""
    programmes = {} if df is None else dict(zip(df.programme, shown(df, "programme", lang), strict=True))
    return {**programmes, **buckets, **theme_names, "": t("fu.unclassified", lang)}


def alignment_cards(al: pd.DataFrame, names: dict[str, str], currency: str, lang: str) -> list[charts.Card]:
    """Per county: the share of its classified projects' money in its declared S3 themes, and
    the projects not classified as their own category."""
    cards = []
    for r in al.itertuples():
        label = f"{names[r.region_code]} · {t('fu.aligned_share', lang)}"
        lines = []
        if r.n_classified:
            classified = r.total - (0 if pd.isna(r.unclassified) else r.unclassified)
            lines.append(t("fu.of_classified", lang, total=fmt.millions(classified, currency, lang),
                           projects=n_projects(r.n_classified, lang)))
        if r.n_unclassified:
            lines.append(t("fu.not_classified", lang, amount=fmt.millions(r.unclassified, currency, lang),
                           share=percent(r.share_unclassified, lang), projects=n_projects(r.n_unclassified, lang)))
        if r.n_unconverted:
            lines.append(t("fu.card_unconverted_short", lang, projects=n_projects(r.n_unconverted, lang)))
        if not r.n_projects:
            lines.append(t("fu.no_projects", lang))
        cards.append(charts.Card(label, percent(r.share_aligned, lang), " · ".join(lines) or None))
    return cards


def unmatched_table(unmatched_rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = {t("fu.col.programme", lang): shown(unmatched_rows, "programme", lang),
               t("fu.col.period", lang): shown(unmatched_rows, "programme_period", lang).map(_period),
               t("fu.col.project", lang): shown(unmatched_rows, "project", lang),
               t("fu.col.beneficiary", lang): shown(unmatched_rows, "beneficiary", lang).fillna("")}
    if lang == "en":
        columns[t("fu.col.theme", lang)] = unmatched_rows.theme.fillna("")
    return pd.DataFrame(columns)


def conflicts(df: pd.DataFrame, lang: str) -> list[tuple[str, list[str]]]:
    """Figures that contradict each other, per group: the project and one line per figure.
    A project list's partner rows are one figure (their sum: the partners' shares add up)."""
    conf = df[df.conflict_group.fillna("") != ""]
    out = []
    for _, grp in conf.groupby("conflict_group", sort=True):
        lines = []
        for r in grp[grp.partner_role.isna()].itertuples():
            lines.append(f"{fmt.number(r.amount, 0, lang)} {r.currency} — {describe_amount(r, lang)} "
                         f"([{r.publisher}]({r.source_url}))")
        partners = grp[grp.partner_role.notna()]
        for (_, currency, _), p in partners.groupby(["source_id", "currency", "amount_kind"], sort=True):
            r = p.iloc[0]
            partner_text = t("fu.partner_sum", lang, n=len(p)) if len(p) > 1 else t("fu.partner_one", lang)
            lines.append(f"{fmt.number(p.amount.sum(), 0, lang)} {currency} — {describe_amount(r, lang)}, "
                         f"{partner_text} ([{r.publisher}]({r.source_url}))")
        names = shown(grp, "project", lang)
        title = names[grp.partner_role.isna()].iloc[0] if grp.partner_role.isna().any() else names.iloc[0]
        out.append((title, lines))
    return out


def coverage_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per programme and period in the selection: how many figures and projects the warehouse
    holds, the projects' first and last start years, and the project list they come from."""
    is_project = df.level == "project"
    rows = df.assign(key=project_key(df).where(is_project), start=df.year_start.where(is_project),
                     list_note=df.list_coverage.map(lambda n: list_text(n, lang)))
    cov = rows.groupby(["programme", "programme_period"], dropna=False, sort=True).agg(
        n=("funding_id", "nunique"), projects=("key", "nunique"), first=("start", "min"),
        last=("start", "max"), lists=("list_note", lambda s: "; ".join(x for x in dict.fromkeys(s) if x)),
        **{c: (c, "first") for c in _label_columns(rows)},
    ).reset_index()
    cov["programme"] = shown(cov, "programme", lang)
    cov["programme_period"] = shown(cov, "programme_period", lang).map(_period)
    cov = cov[["programme", "programme_period", "n", "projects", "first", "last", "lists"]]
    cov.columns = [t("fu.col.programme", lang), t("fu.col.period", lang), t("fu.col.n_rows", lang),
                   t("fu.col.n_projects", lang), t("fu.col.first", lang), t("fu.col.last", lang),
                   t("fu.col.list", lang)]
    for c in cov.columns[4:6]:
        cov[c] = cov[c].astype("Int64")
    return cov


def download_name(lang: str) -> str:
    return "projekt" if lang == "sv" else "projects"


def step_title(kind: str, currency: str, lang: str) -> str:
    """What a workshop step of the totals shows: amount kind and currency."""
    return f"{t('fu.totals_title', lang, kind=kind_name(kind, lang))} · {currency}"


# --- the page's pieces, cached -------------------------------------------------------------


@dataclass
class PageView:
    """Everything the Finansiering page draws for one selection, amount kind and currency
    (``page_view``), except the project list, which also follows the search box."""
    rate_caption: str | None
    panel: charts.Panel | None
    unconverted_caption: str | None = None
    applied_caption: str | None = None     # projects whose source gives only the amount applied for
    n_conflicting: int = 0
    county_cards: list[charts.Card] = field(default_factory=list)
    per_capita_caption: str = ""
    programme_cards: list[charts.Card] = field(default_factory=list)
    programme_table: pd.DataFrame | None = None
    projects_caption: str = ""
    notes: list[str] = field(default_factory=list)
    flows: charts.Panel | None = None
    alignment_cards: list[charts.Card] = field(default_factory=list)
    n_unmatched: int = 0
    unmatched_table: pd.DataFrame | None = None
    conflicts: list[tuple[str, list[str]]] = field(default_factory=list)
    coverage_table: pd.DataFrame | None = None


@db.cached()
def page_view(sel: Selection, kind: str, currency: str, lang: str, large: bool = False) -> PageView:
    """The Finansiering page's charts, cards, tables and lines for a selection (the functions
    above, on the warehouse's funding table), cached in the app by the arguments and the
    warehouse version."""
    names = queries.region_names(lang)
    buckets = bucket_names(names, lang)
    every = queries.funding()
    df = select(every, sel)
    line = source_line(df, kind, lang)
    notes = [source_line(df, kind, lang, full=True), t("fu.kind_note", lang)]
    panel, tot, cov = main_panel(every, sel, kind, currency, names, lang, large)
    view = PageView(rate_caption(every, lang), panel, notes=notes, programme_table=programme_table(df, lang),
                    projects_caption=projects_caption(df, lang), conflicts=conflicts(df, lang),
                    coverage_table=coverage_table(df, lang))
    if panel is not None:
        view.unconverted_caption = unconverted_caption(tot, buckets, lang)
        view.applied_caption = applied_caption(df, kind, lang)
        view.n_conflicting = n_conflicting(df)
        view.county_cards, view.per_capita_caption = county_cards(
            tot, queries.latest_population(sel.counties), names, kind, currency, lang, sel.counties)
        view.programme_cards = programme_cards(tot, cov, kind, currency, lang)
    links = sankey_links(df, kind, currency)
    if not links.empty:
        labels = flow_labels(buckets, queries.theme_names(lang), lang, df)
        view.flows = flows_panel(links, labels, kind, currency, line, lang, large, notes)
    view.alignment_cards = alignment_cards(alignment(df, queries.declared_themes(), kind, currency, sel.counties),
                                           names, currency, lang)
    unmatched_rows = unmatched(df)
    view.n_unmatched, view.unmatched_table = len(unmatched_rows), unmatched_table(unmatched_rows, lang)
    return view


@db.cached()
def projects_view(sel: Selection, search: str, currency: str, lang: str) -> pd.DataFrame:
    """The project list of a selection matching the search (``projects_table``), cached in the
    app by the arguments and the warehouse version."""
    return projects_table(select(queries.funding(), sel), queries.region_names(lang), search, currency, lang)
