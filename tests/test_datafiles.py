"""Bad data files are reported as sentences with file, row, column and value."""

from __future__ import annotations

import pytest

from etl import datafiles, load


def _problems(data_copy):
    with pytest.raises(load.Invalid) as exc:
        datafiles.read_all(data_copy)
    return [str(p) for p in exc.value.problems]


def test_unquoted_comma_names_the_line(data_copy):
    path = data_copy / "themes.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra,Extra, med komma,Extra,11\n", encoding="utf-8")
    assert any("themes.csv, row 12: has 5 fields but the header has 4" in p for p in _problems(data_copy))


def test_duplicate_key(data_copy):
    path = data_copy / "themes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    assert any("themes.csv, row 12: repeats the key (theme_id)" in p for p in _problems(data_copy))


def test_empty_file(data_copy):
    (data_copy / "themes.csv").write_bytes(b"")
    assert "themes.csv: is empty; it needs a header row" in _problems(data_copy)


def test_not_utf8(data_copy):
    latin1 = "theme_id,name_sv,name_en,sort_order\nx,Bioekonomi,B,1\ny,\xe5\n".encode("latin-1")
    (data_copy / "themes.csv").write_bytes(latin1)
    assert any("is not valid UTF-8" in p for p in _problems(data_copy))


def test_bad_boolean_and_missing_required(data_copy):
    path = data_copy / "funding.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    import csv
    import io
    rows = list(csv.reader(io.StringIO("\n".join(text))))
    rows[1][header.index("is_approx")] = "kanske"
    rows[2][header.index("project")] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    problems = _problems(data_copy)
    assert "funding.csv, row 2, column 'is_approx': must be true or false (value: 'kanske')" in problems
    assert "funding.csv, row 3, column 'project': is empty but required" in problems


def _edit_indicators(data_copy, edit):
    import csv
    path = data_copy / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    edit({r["indicator_id"]: r for r in rows})
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return [r["indicator_id"] for r in rows]


def test_catalogue_bounds_and_kolada_ids_are_checked(data_copy):
    def edit(inds):
        inds["population"]["kolada_id"] = "1982"                                  # not a KPI id
        inds["unemployment_rate"]["kolada_id"] = "N01982"                         # post_secondary's id again
        inds["matching_rate"]["min_value"], inds["matching_rate"]["max_value"] = "50", "10"
        inds["rd_total_per_capita"]["kolada_id"] = "N85099"                       # derived: never loaded
        inds["new_firms"]["max_change_pct"] = "-5"

    order = _edit_indicators(data_copy, edit)
    row = {ind: order.index(ind) + 2 for ind in order}
    problems = _problems(data_copy)
    assert (f"indicators.csv, row {row['population']}, column 'kolada_id': "
            "must be a Kolada KPI id such as N01982 (value: '1982')") in problems
    assert (f"indicators.csv, row {row['unemployment_rate']}, column 'kolada_id': is also in another row; "
            "each value may appear once (value: 'N01982')") in problems
    assert (f"indicators.csv, row {row['matching_rate']}, column 'min_value': must not be larger than max_value "
            "(value: '50')") in problems
    assert (f"indicators.csv, row {row['rd_total_per_capita']}, column 'kolada_id': is for base indicators only "
            "(a derived indicator is computed, never loaded) (value: 'N85099')") in problems
    assert f"indicators.csv, row {row['new_firms']}, column 'max_change_pct': must not be negative (value: '-5')" \
        in problems


def test_every_percentage_and_count_in_the_catalogue_has_its_bounds(data_copy):
    tables = datafiles.read_all(data_copy)
    inds = tables["indicators.csv"].set_index("indicator_id")
    percent = inds[inds.unit_en.str.startswith("percent") & (inds.index != "population_projection_change")]
    assert len(percent) >= 8 and (percent.min_value == 0).all() and (percent.max_value == 100).all()
    counts = inds[inds.unit_en.isin(["persons", "number", "MSEK"])]
    assert len(counts) >= 5 and (counts.min_value == 0).all()
    assert inds.loc["population_projection_change", ["min_value", "max_value"]].isna().all()  # can fall
    assert set(inds.kolada_id.dropna()) == {"N85085", "N85086", "N85087", "N00914", "N03926", "N01982"}
