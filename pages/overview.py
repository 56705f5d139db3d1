"""Översikt / Overview: the three counties side by side with Sweden."""

import streamlit as st

from app import components, headline, state
from app.i18n import flag_text, t

f = state.current()
st.title(t("overview.title"))
st.caption(t("overview.intro"))
st.caption(t("overview.year_up_to", year=f.year_to))

rows = headline.build(f.year_from, f.year_to)
for row in rows:
    with st.container(border=True):
        st.markdown(f"**{row.name}** · {row.unit}", help=row.description)
        cols = st.columns(len(row.cards))
        for column, card in zip(cols, row.cards):
            with column:
                label = card.region_name if card.year is None else f"{card.region_name} · {card.year}"
                st.metric(label, card.value_text, delta=card.delta_text, delta_color=card.delta_color,
                          delta_description=card.delta_since, chart_data=card.sparkline or None,
                          chart_type="line")
                note = card.missing_reason or card.rank_text
                if flag_text(card.flag):
                    note = f"{note} · {flag_text(card.flag)}" if note else flag_text(card.flag)
                if note:
                    st.caption(note)
        st.caption(components.source_line(row.source_ids, derived=row.is_derived))

with st.expander(t("overview.table")):
    table = headline.table(rows)
    st.dataframe(components.styled(table, {t("common.value"): 2}), hide_index=True, key="overview-table")
    components.downloads(table, "oversikt" if state.language() == "sv" else "overview",
                         [components.source_line([s for r in rows for s in r.source_ids])], key="overview")
