"""Utmaningar / Challenges: the joint strategy's challenges, with evidence per county."""

import pandas as pd
import streamlit as st

from app import challenges, charts, components, fmt, queries, state
from app.i18n import col, t

lang = state.language()
f = state.current()
names = dict(zip(queries.regions().region_code, queries.regions()[col("name")]))
counties = list(queries.COUNTIES_NMS)
st.title(t("ch.title"))
st.caption(t("ch.intro"))

ch = queries.challenges()
with_ev = ch[ch.indicator_ids.map(len) > 0]
ind_ids = sorted({i for ids in with_ev.indicator_ids for i in ids})
ev = queries.evidence(ind_ids, counties + ["SE"])
long = challenges.matrix(with_ev, ev, counties)
inds = queries.indicators().set_index("indicator_id")

# 1/ Matrix ---------------------------------------------------------------------------
st.header(t("ch.matrix"))
status_labels = {s: t(f"ch.status.{s}") for s in challenges.COLOURS}


def _line(r) -> str:
    name = inds.loc[r.indicator_id, col("name")]
    if pd.isna(r.get("value")):
        return f"{name}: {t('ch.no_value')}"
    d = int(inds.loc[r.indicator_id, "decimals"])
    if r.basis == "rank":
        how = t("ch.basis.rank", rank=int(r["rank"]))
    elif r.basis == "sweden":
        how = t("ch.basis.sweden", se=fmt.number(r.se_value, d, lang))
    else:
        how = t("ch.no_value")
    return f"{name} {int(r.year)}: {fmt.number(r.value, d, lang)} ({how}) → {status_labels[r.assessment]}"


hover = {}
for (cid, region), grp in long.groupby(["challenge_id", "region_code"]):
    hover[(cid, region)] = "<br>".join(_line(r) for _, r in grp.iterrows())
cells = long.drop_duplicates(["challenge_id", "region_code"]).rename(
    columns={"challenge_id": "row_id", "region_code": "col_id", "cell": "status"})
src_ids = [s for ids in ev.source_ids for s in ids]
source_line = components.source_line(src_ids)
fig = charts.status_matrix(
    cells, row_labels=dict(zip(ch.challenge_id, ch[col("name")])), col_labels=names, status_labels=status_labels,
    colours=challenges.COLOURS, hover=hover, title=t("ch.matrix_title"), unit=t("ch.matrix_unit"),
    source_line=source_line, lang=lang)
table = long.assign(
    challenge=long.challenge_id.map(dict(zip(ch.challenge_id, ch[col("name")]))),
    county=long.region_code.map(names),
    indicator=long.indicator_id.map(lambda i: inds.loc[i, col("name")] if i in inds.index else ""),
    assessment_text=long.assessment.map(status_labels), cell_text=long.cell.map(status_labels),
)[["challenge", "county", "indicator", "year", "value", "rank", "se_value", "assessment_text", "cell_text"]].rename(
    columns={"challenge": t("ch.col.challenge"), "county": t("s3.col.county"), "indicator": t("ind.choose"),
             "year": t("common.year"), "value": t("common.value"), "rank": t("ch.col.rank"),
             "se_value": t("ch.col.sweden"), "assessment_text": t("ch.col.assessment"), "cell_text": t("ch.col.cell")})
table[t("common.year")] = table[t("common.year")].astype("Int64")
table[t("ch.col.rank")] = table[t("ch.col.rank")].astype("Int64")
components.chart_panel(fig, table, decimals={t("common.value"): 2, t("ch.col.sweden"): 2},
                       name="utmaningar" if lang == "sv" else "challenges", notes=[source_line], key="ch-matrix")
with st.expander(t("ch.rule_title"), expanded=False):
    st.markdown(t("ch.rule"))

without = ch[ch.indicator_ids.map(len) == 0]
if not without.empty:
    with st.expander(f"{t('ch.without_evidence')} ({len(without)})"):
        for r in without.itertuples():
            st.markdown(f"- **{getattr(r, col('name'))}** ({t('ch.scope')} {names.get(r.scope_region_code)}) — "
                        f"{t('ch.no_indicator')} [{r.publisher}]({r.source_url})")

# 2/ Per challenge over time -----------------------------------------------------------
st.header(t("ch.detail"))
labels = dict(zip(with_ev.challenge_id, with_ev[col("name")]))
state.from_url("challenge", with_ev.challenge_id.iloc[0], lambda raw: raw[-1], lambda v: v in labels)
cid = st.selectbox(t("ch.choose"), list(labels), format_func=labels.get, key="challenge")
state.to_url("challenge", with_ev.challenge_id.iloc[0])
chosen = ch.set_index("challenge_id").loc[cid]
st.caption(f"{chosen.description} [{chosen.publisher}]({chosen.source_url})")
regions = counties + ["SE"]
for ind in chosen.indicator_ids:
    meta = inds.loc[ind]
    df = queries.values(ind, regions, 1990, 2100)
    line = components.source_line(list(df.source_ids), derived=meta.kind == "derived")
    fig = charts.line(df[["region_code", "year", "value"]], labels=names, title=meta[col("name")],
                      unit=meta[col("unit")], source_line=line, lang=lang, decimals=int(meta.decimals), height=380)
    tbl = df.assign(region=df.region_code.map(names))[["region", "region_code", "year", "value"]].rename(columns={
        "region": t("common.region"), "region_code": t("common.code"), "year": t("common.year"),
        "value": f"{t('common.value')} ({meta[col('unit')]})"})
    components.chart_panel(fig, tbl, decimals={tbl.columns[3]: int(meta.decimals)}, name=f"{cid}_{ind}",
                           notes=[meta[col("name")], line], key=f"ch-{ind}")

# 3/ Action areas -----------------------------------------------------------------------
st.header(t("ch.action_areas"))
areas = queries.action_areas()
for framework, grp in areas.groupby("framework", sort=False):
    st.markdown(f"**{t('ch.framework.' + framework)}** — [{grp.publisher.iloc[0]}]({grp.source_url.iloc[0]})")
    for a in grp.itertuples():
        if a.known:
            st.markdown(f"{a.number}. {getattr(a, col('name'))}" + (f" — {a.description_sv}" if lang == "sv"
                                                                     and a.description_sv else ""))
        else:
            st.markdown(f"{a.number}. _{t('ch.unknown_area', n=a.number)}_")
