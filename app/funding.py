"""Funding arithmetic that must never go wrong, as pure functions over the funding table.

* Amount kinds are never added together: every total is for one ``amount_kind``.
* Only project rows with a total amount count in totals (not programme envelopes,
  decision rounds, calls, per-year or maximum amounts).
* A project spanning several counties is counted once, under "several counties",
  never split between them.
* Figures that contradict each other (``conflict_group``) are shown, never summed.
* Currency conversion uses the ECB annual rate of the project's start year (in SQL).

The second half builds what the Finansiering / Funding page draws from the same table:
charts, tables, cards and lines, each a function of the frames and choices it is given.
"""

from __future__ import annotations

import pandas as pd

from app import charts, fmt, sources
from app.i18n import t
from etl.vocabulary import MONEY_KINDS, NMS_COUNTIES

MULTI = "MULTI"
#: The amount kinds a project can be summed by (a programme budget is not a project's).
PROJECT_KINDS: tuple[str, ...] = tuple(k for k in MONEY_KINDS if k != "programme_budget")
#: The currencies totals can be shown in, and the column of ``v_funding_amount`` holding each.
AMOUNT_COLUMNS: dict[str, str] = {"SEK": "amount_sek", "EUR": "amount_eur"}
#: What the page shows when the link says nothing: EU funding, in kronor.
DEFAULT_KIND, DEFAULT_CURRENCY = "eu_funding", "SEK"


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


def bucket(df: pd.DataFrame) -> pd.Series:
    """County for single-county rows in NMS, 'MULTI' for several regions touching NMS, else None."""
    def one(row):
        regions = list(row.region_codes)
        if len(regions) == 1 and regions[0] in NMS_COUNTIES:
            return regions[0]
        if len(regions) > 1 and any(r in NMS_COUNTIES for r in regions):
            return MULTI
        return None
    return df.apply(one, axis=1) if len(df) else pd.Series(dtype=object)


def totals(df: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """Sum per programme, period and county bucket for one amount kind, in SEK or EUR.
    Also counts the projects and those whose amount could not be converted."""
    rows = countable(df, amount_kind).copy()
    rows["bucket"] = bucket(rows)
    rows = rows[rows.bucket.notna()]
    col = amount_column(currency)
    grouped = rows.groupby(["programme", "programme_period", "bucket"], dropna=False).agg(
        amount=(col, lambda s: s.sum(min_count=1)), n_projects=("funding_id", "nunique"),
        n_unconverted=(col, lambda s: int(s.isna().sum()))).reset_index()
    return grouped


def per_inhabitant(total_by_county: pd.Series, population: pd.DataFrame) -> pd.Series:
    pop = population.set_index("region_code").population
    return total_by_county / pop.reindex(total_by_county.index)


def alignment(df: pd.DataFrame, declared: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """Per county: the share of its single-county project funding (one amount kind) that goes
    to themes the county has declared. Multi-county projects are left out (not split)."""
    rows = countable(df, amount_kind).copy()
    rows["bucket"] = bucket(rows)
    rows = rows[rows.bucket.isin(NMS_COUNTIES)]
    col = amount_column(currency)
    rows = rows[rows[col].notna()]
    own = declared.groupby("region_code").theme_id.apply(set).to_dict()
    rows["aligned"] = [bool(t) and t in own.get(b, set()) for t, b in zip(rows.s3_theme_id.fillna(""), rows.bucket)]
    rows["classified"] = rows.s3_theme_id.fillna("") != ""
    out = rows.groupby("bucket").apply(lambda g: pd.Series({
        "total": g[col].sum(), "aligned": g.loc[g.aligned, col].sum(),
        "unclassified": g.loc[~g.classified, col].sum(), "n_projects": g.funding_id.nunique(),
    }), include_groups=False)
    out["share_aligned"] = out.aligned / out.total
    return out.reindex(list(NMS_COUNTIES)).rename_axis("region_code").reset_index()


def unmatched(df: pd.DataFrame) -> pd.DataFrame:
    rows = df[(df.level == "project")].copy()
    rows["bucket"] = bucket(rows)
    return rows[rows.bucket.notna() & (rows.s3_theme_id.fillna("") == "")].drop_duplicates("project")


def sankey_links(df: pd.DataFrame, amount_kind: str, currency: str) -> pd.DataFrame:
    """programme -> county bucket -> S3 theme ('' = unclassified), summed for one amount kind."""
    rows = countable(df, amount_kind).copy()
    rows["bucket"] = bucket(rows)
    col = amount_column(currency)
    rows = rows[rows.bucket.notna() & rows[col].notna()]
    rows["theme"] = rows.s3_theme_id.fillna("")
    first = rows.groupby(["programme", "bucket"])[col].sum().reset_index()
    first.columns = ["source", "target", "value"]
    second = rows.groupby(["bucket", "theme"])[col].sum().reset_index()
    second.columns = ["source", "target", "value"]
    first["stage"], second["stage"] = 0, 1
    return pd.concat([first, second], ignore_index=True)


# --- what the page draws -------------------------------------------------------------------


def source_line(df: pd.DataFrame, lang: str) -> str:
    """The source line of the funding charts: the rows' sources and the ECB's rates."""
    return sources.line(list(df.source_id.unique())[:50], lang) + " · ECB"


def kind_name(kind: str, lang: str) -> str:
    return t(f"fu.kind.{kind}", lang)


def bucket_names(names: dict[str, str], lang: str) -> dict[str, str]:
    """County names plus the 'several counties' bucket."""
    return {**names, MULTI: t("fu.multi", lang)}


def rate_caption(df: pd.DataFrame, lang: str) -> str | None:
    """How amounts are kept apart and converted, with the latest rate as an example."""
    rates = df.dropna(subset=["eur_sek"]).drop_duplicates("rate_year").sort_values("rate_year")
    if rates.empty:
        return None
    r = rates.iloc[-1]
    return t("fu.kind_note", lang) + " " + t("fu.rate_note", lang, rate=fmt.number(r.eur_sek, 4, lang),
                                             year=int(r.rate_year))


def totals_panel(tot: pd.DataFrame, buckets: dict[str, str], kind: str, currency: str, source_line: str,
                 lang: str, large: bool = False) -> charts.Panel:
    """Bars per programme and period, one per county bucket, in millions; the table in units."""
    period = tot.programme_period.fillna("").str.extract(r"^(\d{4}-\d{0,4})", expand=False).fillna("")
    tot = tot.assign(category=tot.programme + " " + period)
    chart_df = (tot.rename(columns={"bucket": "region_code", "amount": "value"})
                .groupby(["category", "region_code"], sort=False, as_index=False).value.sum(min_count=1)
                .assign(value=lambda d: d.value / 1e6))
    fig = charts.grouped_bars(chart_df, labels=buckets, title=t("fu.totals_title", lang, kind=kind_name(kind, lang)),
                              unit=t("fu.totals_unit", lang, currency=t("fu.millions", lang, currency=currency)),
                              source_line=source_line, lang=lang, decimals=1, large=large)
    converted = t("fu.col.converted", lang, currency=currency)
    table = tot.assign(county=tot.bucket.map(buckets))[
        ["programme", "programme_period", "county", "amount", "n_projects", "n_unconverted"]].rename(columns={
            "programme": t("fu.col.programme", lang), "programme_period": t("fu.col.period", lang),
            "county": t("fu.col.counties", lang), "amount": converted, "n_projects": t("fu.col.n_projects", lang),
            "n_unconverted": t("fu.col.unconverted", lang)})
    return charts.Panel(fig, table, {converted: 0}, f"finansiering_{kind}_{currency}", [source_line])


def n_conflicting(df: pd.DataFrame) -> int:
    return int((df.conflict_group.fillna("") != "").sum())


def county_cards(tot: pd.DataFrame, population: pd.DataFrame, names: dict[str, str], kind: str, currency: str,
                 lang: str) -> tuple[list[charts.Card], str]:
    """A card per county with its total (and per inhabitant), and the caption saying which
    population year each county's figure is divided by."""
    by_county = tot[tot.bucket.isin(NMS_COUNTIES)].groupby("bucket").amount.sum()
    per_cap = per_inhabitant(by_county, population)
    cards = []
    for code in NMS_COUNTIES:
        caption = None
        if pd.notna(per_cap.get(code)):
            caption = f"{fmt.number(per_cap[code], 1, lang)} {currency} {t('fu.per_capita', lang)}"
        cards.append(charts.Card(f"{names[code]} · {kind_name(kind, lang)}",
                          fmt.millions(by_county.get(code), currency, lang), caption))
    years = ", ".join(f"{names[r.region_code]} {int(r.year)}" for r in population.itertuples())
    return cards, t("fu.per_capita_caption", lang, years=f"({years})")


def programme_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Programme, call and decision-round figures (never added to the projects)."""
    prog = df[(df.level != "project") & df.in_nms]
    return prog.assign(kind_text=prog.amount_kind.map(lambda k: kind_name(k, lang)))[
        ["programme", "programme_period", "level", "project", "amount", "currency", "kind_text", "amount_note",
         "source_url"]].rename(columns={
            "programme": t("fu.col.programme", lang), "programme_period": t("fu.col.period", lang),
            "level": t("fu.col.level", lang), "project": t("fu.col.project", lang), "amount": t("fu.col.amount", lang),
            "currency": t("fu.col.currency", lang), "kind_text": t("fu.col.kind", lang),
            "amount_note": t("fu.col.note", lang), "source_url": t("src.url", lang)})


def projects_table(df: pd.DataFrame, names: dict[str, str], search: str, lang: str) -> pd.DataFrame:
    """Every project in Norra Mellansverige, matching a free-text search, as the page shows it."""
    projects = df[(df.level == "project") & df.in_nms].copy()
    projects["bucket"] = bucket(projects)
    projects["counties"] = [
        names.get(rc[0], rc[0]) if len(rc) == 1
        else f"{t('fu.multi', lang)}: " + ", ".join(names.get(c, c) for c in rc)
        for rc in projects.region_codes]
    projects["years"] = [f"{int(a)}–{int(b)}" if pd.notna(a) and pd.notna(b) else (str(int(a)) if pd.notna(a) else "")
                         for a, b in zip(projects.year_start, projects.year_end)]
    if search:
        hay = projects[["project", "beneficiary", "theme", "programme", "counties"]].fillna("").agg(" ".join, axis=1)
        projects = projects[hay.str.lower().str.contains(search.lower(), regex=False)]
    table = projects.assign(kind_text=projects.amount_kind.map(lambda k: kind_name(k, lang)),
                            s3=projects[f"s3_theme_{lang}"].fillna(""))[
        ["programme", "programme_period", "project", "beneficiary", "counties", "theme", "s3", "years", "amount",
         "currency", "kind_text", "amount_sek", "rate_year", "source_url"]].rename(columns={
            "programme": t("fu.col.programme", lang), "programme_period": t("fu.col.period", lang),
            "project": t("fu.col.project", lang), "beneficiary": t("fu.col.beneficiary", lang),
            "counties": t("fu.col.counties", lang), "theme": t("fu.col.theme", lang), "s3": t("fu.col.s3", lang),
            "years": t("fu.col.years", lang), "amount": t("fu.col.amount", lang),
            "currency": t("fu.col.currency", lang), "kind_text": t("fu.col.kind", lang),
            "amount_sek": t("fu.col.converted", lang, currency="SEK"), "rate_year": t("fu.col.rate_year", lang),
            "source_url": t("src.url", lang)})
    table[t("fu.col.rate_year", lang)] = table[t("fu.col.rate_year", lang)].astype("Int64")
    return table


def flows_panel(links: pd.DataFrame, node_labels: dict[str, str], kind: str, currency: str, source_line: str,
                lang: str, large: bool = False) -> charts.Panel:
    """The Sankey programme -> county -> S3 theme, and its links as a table."""
    fig = charts.sankey(links, node_labels=node_labels, title=t("fu.flows_title", lang, kind=kind_name(kind, lang)),
                        unit=currency, source_line=source_line, lang=lang, large=large)
    table = links.assign(source=links.source.map(lambda x: node_labels.get(x, x)),
                         target=links.target.map(lambda x: node_labels.get(x, x)))[["source", "target", "value"]]
    table.columns = [t("fu.col.programme", lang) + " / " + t("fu.col.counties", lang),
                     t("fu.col.counties", lang) + " / " + t("fu.col.s3", lang),
                     t("fu.col.converted", lang, currency=currency)]
    return charts.Panel(fig, table, {table.columns[2]: 0}, f"flodet_{kind}_{currency}", [source_line])


def flow_labels(buckets: dict[str, str], theme_names: dict[str, str], lang: str) -> dict[str, str]:
    return {**buckets, **theme_names, "": t("fu.unclassified", lang)}


def alignment_cards(al: pd.DataFrame, names: dict[str, str], currency: str, lang: str) -> list[charts.Card]:
    """Per county: the share of its own projects' money in its declared S3 themes."""
    cards = []
    for r in al.itertuples():
        if pd.isna(r.total) or r.total == 0:
            cards.append(charts.Card(names[r.region_code], fmt.MISSING))
            continue
        cards.append(charts.Card(f"{names[r.region_code]} · {t('fu.aligned_share', lang)}",
                          fmt.number(r.share_aligned * 100, 0, lang) + " %",
                          t("fu.of_total", lang, total=fmt.millions(r.total, currency, lang), n=int(r.n_projects))))
    return cards


def unmatched_table(unmatched_rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    return unmatched_rows[["programme", "project", "beneficiary", "theme"]].rename(columns={
        "programme": t("fu.col.programme", lang), "project": t("fu.col.project", lang),
        "beneficiary": t("fu.col.beneficiary", lang), "theme": t("fu.col.theme", lang)})


def conflicts(df: pd.DataFrame, lang: str) -> list[tuple[str, list[str]]]:
    """Figures that contradict each other, per group: the project and one line per figure."""
    conf = df[df.conflict_group.fillna("") != ""]
    return [(grp.project.iloc[0],
             [f"{fmt.number(r.amount, 0, lang)} {r.currency} — {r.amount_note} ([{r.publisher}]({r.source_url}))"
              for r in grp.itertuples()])
            for _, grp in conf.groupby("conflict_group")]


def coverage_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per programme: how many figures and projects the warehouse holds, and their years."""
    cov = df[df.in_nms].groupby("programme").agg(
        n=("funding_id", "nunique"), projects=("level", lambda s: int((s == "project").sum())),
        first=("year_start", "min"), last=("year_start", "max")).reset_index()
    cov.columns = [t("fu.col.programme", lang), t("fu.col.n_rows", lang), t("fu.col.n_projects", lang),
                   t("fu.col.first", lang), t("fu.col.last", lang)]
    for c in cov.columns[3:]:
        cov[c] = cov[c].astype("Int64")
    return cov


def download_name(lang: str) -> str:
    return "projekt" if lang == "sv" else "projects"


def step_title(kind: str, currency: str, lang: str) -> str:
    """What a workshop step of the totals shows: amount kind and currency."""
    return f"{t('fu.totals_title', lang, kind=kind_name(kind, lang))} · {currency}"
