"""Specialisering / Specialisation: declared S3 priorities against measured specialisation."""

import streamlit as st

from app import charts, components, fmt, queries, specialisation, state
from app.i18n import col, t

f = state.current()
lang = state.language()
names = dict(zip(queries.regions().region_code, queries.regions()[col("name")]))
st.title(t("s3.title"))
st.caption(t("s3.intro"))

# 1/ Declared priorities -------------------------------------------------------------
st.header(t("s3.priorities"))
state.from_url("old", False, lambda raw: raw[-1] == "1")
show_old = st.toggle(t("s3.show_superseded"), key="old")
state.to_url("old", False, lambda v: "1")
areas = queries.s3_areas(show_old)

st.subheader(t("s3.matrix"))
matrix = specialisation.theme_matrix(areas)
st.table(matrix.style.map(lambda v: "background-color: #E8F0F8" if v else ""))
st.caption(t("s3.matrix_note"))

cols = st.columns(len(specialisation.COUNTIES))
for column, code in zip(cols, specialisation.COUNTIES):
    with column:
        st.markdown(f"#### {names[code]}")
        for a in areas[areas.region_code == code].itertuples():
            status = t(f"s3.status.{a.status}") + ("" if a.status_verified else f", {t('s3.unverified')}")
            with st.expander(f"{getattr(a, col('area'))} · {status}"):
                st.caption(f"{a.strategy} ({a.period})")
                if a.description:
                    st.write(a.description)
                if a.clusters:
                    st.markdown(f"**{t('s3.clusters')}:** {a.clusters}")
                if a.nace_codes:
                    st.markdown(f"**{t('s3.nace')}:** {a.nace_codes.replace(';', ', ')}")
                st.markdown(f"{t('common.source')}: [{a.publisher}]({a.source_url})")

# 2/ Measured specialisation ---------------------------------------------------------
st.header(t("s3.measured"))
st.caption(t("s3.measured_note"))
chosen = [r for r in f.regions if r != "SE"]
with_data = set(queries.employment_regions())
missing = [r for r in chosen if r not in with_data]
if missing:
    st.info(t("s3.no_employment", regions=", ".join(names.get(r, r) for r in missing)), icon=":material/info:")
counties = [r for r in chosen if r in with_data]
datasets = queries.employment_datasets()
datasets = datasets[datasets.regions.map(lambda rs: any(r in list(rs) for r in counties))]

if not chosen:
    st.info(t("s3.choose_county"))
elif datasets.empty:
    pass
else:
    labels = {i: f"{r.publisher} {r.table_id or ''} · {r.classification} · {r.first_year}–{r.last_year}"
              for i, r in datasets.iterrows()}
    c1, c2, c3 = st.columns([3, 1, 1])
    pick = c1.selectbox(t("s3.dataset"), list(labels), format_func=labels.get, key="s3_dataset")
    ds = datasets.loc[pick]
    years = [int(y) for y in ds.years]
    year = c2.selectbox(t("s3.year"), years[::-1], key="s3_year")
    earlier = [y for y in years if y < year]
    base = c3.selectbox(t("s3.compare_year"), earlier[::-1] or [year], index=len(earlier) - 1 if earlier else 0,
                        key="s3_base")

    lq = queries.location_quotients(ds.classification, ds.source_id, year, counties)
    shown = lq[(~lq.is_aggregate) | (lq.industry_code == "C")]
    ind_labels = dict(zip(shown.industry_code, shown.industry_code + " " + shown[col("name")]))
    source_line = components.source_line([ds.source_id])
    fig = charts.lq_bars(shown, labels=names, industry_labels=ind_labels, title=t("s3.lq_title", year=year),
                         unit=t("s3.lq_unit"), source_line=source_line, lang=lang)
    table = shown.assign(region=shown.region_code.map(names))[
        ["region", "industry_code", col("name"), "employed", "share", "se_share", "lq", "flag"]].rename(columns={
            "region": t("s3.col.county"), "industry_code": "NACE", col("name"): t("s3.col.industry"),
            "employed": t("s3.col.employed"), "share": t("s3.col.share"), "se_share": t("s3.col.se_share"),
            "lq": "LQ", "flag": t("common.flag")})
    components.chart_panel(fig, table, decimals={"LQ": 2, t("s3.col.share"): 3, t("s3.col.se_share"): 3,
                                                 t("s3.col.employed"): 0},
                           name=f"lq_{ds.classification}_{year}", notes=[source_line], key="s3-lq")
    if ds.classification == "NACE_A10":
        st.caption(t("s3.low_precision"))

    kr = queries.krugman(ds.classification, ds.source_id, counties)
    kr_year = kr[kr.year == year]
    if not kr_year.empty:
        st.markdown(f"**{t('s3.krugman')}**", help=t("s3.krugman_help"))
        kcols = st.columns(max(len(kr_year), 1))
        for kc, r in zip(kcols, kr_year.itertuples()):
            prev = kr[(kr.region_code == r.region_code) & (kr.year == base)]
            delta = None if prev.empty or base == year else fmt.metric_delta(r.krugman - prev.krugman.iloc[0], 3, lang)
            kc.metric(f"{names[r.region_code]} · {year}", fmt.number(r.krugman, 3, lang), delta=delta,
                      delta_color="off", delta_description=t("overview.change", year=base) if delta else None)

    if base != year:
        change = queries.employment_change(ds.classification, ds.source_id, base, year, counties)
        bub = shown.merge(change, on=["region_code", "industry_code"], how="inner")
        fig2 = charts.bubble(bub, labels=names, industry_labels=ind_labels,
                             title=t("s3.bubble_title", y0=base, y1=year), unit=t("s3.bubble_unit", y1=year),
                             x_title=t("s3.bubble_x", y1=year), y_title=t("s3.bubble_y"),
                             source_line=source_line, lang=lang)
        btable = bub.assign(region=bub.region_code.map(names))[
            ["region", "industry_code", "lq", "employed_from", "employed_to", "change_pct"]].rename(columns={
                "region": t("s3.col.county"), "industry_code": "NACE", "lq": "LQ",
                "employed_from": f"{t('s3.col.employed')} {base}", "employed_to": f"{t('s3.col.employed')} {year}",
                "change_pct": t("s3.col.change")})
        components.chart_panel(fig2, btable, decimals={"LQ": 2, t("s3.col.change"): 1,
                                                       f"{t('s3.col.employed')} {base}": 0,
                                                       f"{t('s3.col.employed')} {year}": 0},
                               name=f"lq_change_{base}_{year}", notes=[source_line], key="s3-bubble")

# 3/ Declared against measured -------------------------------------------------------
st.header(t("s3.dm"))
st.caption(t("s3.dm_note"))
statements, dm_table = specialisation.declared_vs_measured(queries.s3_areas(False))
cols = st.columns(len(specialisation.COUNTIES))
for column, code in zip(cols, specialisation.COUNTIES):
    with column:
        st.markdown(f"#### {names[code]}")
        for s in (s for s in statements if s.region_code == code):
            st.markdown(f"- {s.text}")
if not dm_table.empty:
    with st.expander(t("common.table")):
        st.dataframe(components.styled(dm_table, {"LQ": 2, t("s3.col.employed"): 0}), hide_index=True,
                     key="s3-dm-table")
        components.downloads(dm_table, "s3_deklarerat_uppmatt" if lang == "sv" else "s3_declared_measured",
                             [], key="s3-dm")
