"""Finansiering / Funding: Vinnväxt, ERUF, Horizon and Interreg across the three counties."""

import pandas as pd
import streamlit as st

from app import charts, components, fmt, funding, queries, state
from app.i18n import col, t

lang = state.language()
names = dict(zip(queries.regions().region_code, queries.regions()[col("name")]))
bucket_names = {**names, funding.MULTI: t("fu.multi")}
st.title(t("fu.title"))
st.caption(t("fu.intro"))
st.info(t("fu.honest"), icon=":material/info:")

df = queries.funding()
kinds = ["eu_funding", "total_budget", "national_grant", "co_financing"]
c1, c2 = st.columns([4, 1])
state.from_url("kind", "eu_funding", lambda raw: raw[-1], lambda v: v in kinds)
kind = c1.segmented_control(t("fu.kind"), kinds, key="kind", required=True,
                            format_func=lambda k: t(f"fu.kind.{k}")) or "eu_funding"
state.to_url("kind", "eu_funding")
state.from_url("cur", "SEK", lambda raw: raw[-1], lambda v: v in ("SEK", "EUR"))
currency = c2.segmented_control(t("fu.currency"), ["SEK", "EUR"], key="cur", required=True) or "SEK"
state.to_url("cur", "SEK")
rates = df.dropna(subset=["eur_sek"]).drop_duplicates("rate_year").sort_values("rate_year")
if not rates.empty:
    r = rates.iloc[-1]
    st.caption(t("fu.kind_note") + " " + t("fu.rate_note", rate=fmt.number(r.eur_sek, 4, lang), year=int(r.rate_year)))
source_line = components.source_line(list(df.source_id.unique())[:50]) + " · ECB"
kind_name = t(f"fu.kind.{kind}")

# 1/ By programme, county and period --------------------------------------------------
st.header(t("fu.overview"))
tot = funding.totals(df, kind, currency)
if tot.empty:
    st.warning(t("common.no_data"))
else:
    tot["category"] = tot.programme + " " + tot.programme_period.fillna("").str.extract(r"^(\d{4}-\d{0,4})",
                                                                                      expand=False).fillna("")
    chart_df = (tot.rename(columns={"bucket": "region_code", "amount": "value"})
                .groupby(["category", "region_code"], sort=False, as_index=False).value.sum(min_count=1)
                .assign(value=lambda d: d.value / 1e6))
    fig = charts.grouped_bars(chart_df, labels=bucket_names, title=t("fu.totals_title", kind=kind_name),
                              unit=t("fu.totals_unit", currency=t("fu.millions", currency=currency)),
                              source_line=source_line, lang=lang, decimals=1)
    table = tot.assign(county=tot.bucket.map(bucket_names))[
        ["programme", "programme_period", "county", "amount", "n_projects", "n_unconverted"]].rename(columns={
            "programme": t("fu.col.programme"), "programme_period": t("fu.col.period"), "county": t("fu.col.counties"),
            "amount": t("fu.col.converted", currency=currency), "n_projects": t("fu.col.n_projects"),
            "n_unconverted": t("fu.col.unconverted")})
    components.chart_panel(fig, table, decimals={t("fu.col.converted", currency=currency): 0},
                           name=f"finansiering_{kind}_{currency}", notes=[source_line], key="fu-totals")
    unconverted = int(tot.n_unconverted.sum())
    if unconverted:
        st.caption(t("fu.unconverted", n=unconverted, currency=currency))
    n_conflict = int((df.conflict_group.fillna("") != "").sum())
    if n_conflict:
        st.caption(t("fu.conflicts_excluded", n=n_conflict))

    by_county = tot[tot.bucket.isin(funding.NMS_COUNTIES)].groupby("bucket").amount.sum()
    pop = queries.latest_population(funding.NMS_COUNTIES)
    per_cap = funding.per_inhabitant(by_county, pop)
    cols = st.columns(3)
    for column, code in zip(cols, funding.NMS_COUNTIES):
        total = by_county.get(code)
        column.metric(f"{names[code]} · {kind_name}", fmt.millions(total, currency, lang))
        if pd.notna(per_cap.get(code)):
            column.caption(f"{fmt.number(per_cap[code], 1, lang)} {currency} {t('fu.per_capita')}")
    years = ", ".join(f"{names[r.region_code]} {int(r.year)}" for r in pop.itertuples())
    st.caption(t("fu.per_capita_caption", years=f"({years})"))

with st.expander(t("fu.programme_level")):
    prog = df[(df.level != "project") & df.in_nms]
    ptable = prog.assign(kind_text=prog.amount_kind.map(lambda k: t(f"fu.kind.{k}")))[
        ["programme", "programme_period", "level", "project", "amount", "currency", "kind_text", "amount_note",
         "source_url"]].rename(columns={
            "programme": t("fu.col.programme"), "programme_period": t("fu.col.period"), "level": t("fu.col.level"),
            "project": t("fu.col.project"), "amount": t("fu.col.amount"), "currency": t("fu.col.currency"),
            "kind_text": t("fu.col.kind"), "amount_note": t("fu.col.note"), "source_url": t("src.url")})
    st.dataframe(ptable, hide_index=True, key="fu-programme",
                 column_config={t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗")})

# 2/ Projects and beneficiaries ---------------------------------------------------------
st.header(t("fu.projects"))
projects = df[(df.level == "project") & df.in_nms].copy()
projects["bucket"] = funding.bucket(projects)
projects["counties"] = [
    names.get(rc[0], rc[0]) if len(rc) == 1 else f"{t('fu.multi')}: " + ", ".join(names.get(c, c) for c in rc)
    for rc in projects.region_codes]
projects["years"] = [f"{int(a)}–{int(b)}" if pd.notna(a) and pd.notna(b) else (str(int(a)) if pd.notna(a) else "")
                     for a, b in zip(projects.year_start, projects.year_end)]
search = st.text_input(t("fu.search"), key="fu_q")
if search:
    hay = projects[["project", "beneficiary", "theme", "programme", "counties"]].fillna("").agg(" ".join, axis=1)
    projects = projects[hay.str.lower().str.contains(search.lower(), regex=False)]
ptab = projects.assign(kind_text=projects.amount_kind.map(lambda k: t(f"fu.kind.{k}")),
                       s3=projects[f"s3_theme_{lang}"].fillna(""))[
    ["programme", "programme_period", "project", "beneficiary", "counties", "theme", "s3", "years", "amount",
     "currency", "kind_text", "amount_sek", "rate_year", "source_url"]].rename(columns={
        "programme": t("fu.col.programme"), "programme_period": t("fu.col.period"), "project": t("fu.col.project"),
        "beneficiary": t("fu.col.beneficiary"), "counties": t("fu.col.counties"), "theme": t("fu.col.theme"),
        "s3": t("fu.col.s3"), "years": t("fu.col.years"), "amount": t("fu.col.amount"),
        "currency": t("fu.col.currency"), "kind_text": t("fu.col.kind"),
        "amount_sek": t("fu.col.converted", currency="SEK"), "rate_year": t("fu.col.rate_year"),
        "source_url": t("src.url")})
ptab[t("fu.col.rate_year")] = ptab[t("fu.col.rate_year")].astype("Int64")
st.dataframe(ptab, hide_index=True, key="fu-projects", column_config={
    t("src.url"): st.column_config.LinkColumn(t("src.url"), display_text="↗"),
    t("fu.col.amount"): st.column_config.NumberColumn(format="localized"),
    t("fu.col.converted", currency="SEK"): st.column_config.NumberColumn(format="%.0f"),
})
components.downloads(ptab, "projekt" if lang == "sv" else "projects", [source_line], key="fu-projects")

# 3/ Flows -------------------------------------------------------------------------------
st.header(t("fu.flows"))
links = funding.sankey_links(df, kind, currency)
if links.empty:
    st.warning(t("common.no_data"))
else:
    theme_names = dict(zip(queries.themes().theme_id, queries.themes()[col("name")]))
    node_labels = {**bucket_names, **theme_names, "": t("fu.unclassified")}
    fig = charts.sankey(links, node_labels=node_labels, title=t("fu.flows_title", kind=kind_name),
                        unit=currency, source_line=source_line, lang=lang)
    ltable = links.assign(source=links.source.map(lambda x: node_labels.get(x, x)),
                          target=links.target.map(lambda x: node_labels.get(x, x)))[["source", "target", "value"]]
    ltable.columns = [t("fu.col.programme") + " / " + t("fu.col.counties"), t("fu.col.counties") + " / " + t("fu.col.s3"),
                      t("fu.col.converted", currency=currency)]
    components.chart_panel(fig, ltable, decimals={ltable.columns[2]: 0}, name=f"flodet_{kind}_{currency}",
                           notes=[source_line], key="fu-sankey")

# 4/ Alignment with S3 ----------------------------------------------------------------------
st.header(t("fu.alignment"))
st.caption(t("fu.alignment_note", kind=kind_name))
al = funding.alignment(df, queries.declared_themes(), kind, currency)
cols = st.columns(3)
for column, r in zip(cols, al.itertuples()):
    if pd.isna(r.total) or r.total == 0:
        column.metric(names[r.region_code], fmt.MISSING)
        continue
    column.metric(f"{names[r.region_code]} · {t('fu.aligned_share')}", fmt.number(r.share_aligned * 100, 0, lang) + " %")
    column.caption(t("fu.of_total", total=fmt.millions(r.total, currency, lang), n=int(r.n_projects)))
um = funding.unmatched(df)
with st.expander(t("fu.unmatched", n=len(um))):
    st.dataframe(um[["programme", "project", "beneficiary", "theme"]].rename(columns={
        "programme": t("fu.col.programme"), "project": t("fu.col.project"), "beneficiary": t("fu.col.beneficiary"),
        "theme": t("fu.col.theme")}), hide_index=True, key="fu-unmatched")

# 5/ Conflicts -------------------------------------------------------------------------------
conf = df[df.conflict_group.fillna("") != ""]
if not conf.empty:
    st.header(t("fu.conflicts"))
    st.caption(t("fu.conflicts_note"))
    for group, grp in conf.groupby("conflict_group"):
        st.markdown(f"**{grp.project.iloc[0]}**")
        for r in grp.itertuples():
            st.markdown(f"- {fmt.number(r.amount, 0, lang)} {r.currency} — {r.amount_note} "
                        f"([{r.publisher}]({r.source_url}))")

# 6/ Coverage ---------------------------------------------------------------------------------
st.header(t("fu.coverage"))
cov = df[df.in_nms].groupby("programme").agg(
    n=("funding_id", "nunique"), projects=("level", lambda s: int((s == "project").sum())),
    first=("year_start", "min"), last=("year_start", "max")).reset_index()
cov.columns = [t("fu.col.programme"), t("fu.col.n_rows"), t("fu.col.n_projects"), t("fu.col.first"), t("fu.col.last")]
for c in cov.columns[3:]:
    cov[c] = cov[c].astype("Int64")
st.dataframe(cov, hide_index=True, key="fu-coverage")
st.caption(t("fu.gaps"))
st.markdown(t("fu.coverage_note"))
