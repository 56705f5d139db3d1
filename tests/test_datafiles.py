"""Bad data files are reported as sentences with file, row, column and value."""

from __future__ import annotations

import pytest

from etl import datafiles


def _problems(data_copy):
    with pytest.raises(datafiles.DataFileErrors) as exc:
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
    (data_copy / "themes.csv").write_bytes("theme_id,name_sv,name_en,sort_order\nx,Bioekonomi,B,1\ny,\xe5\n".encode("latin-1"))
    assert any("is not valid UTF-8" in p for p in _problems(data_copy))


def test_bad_boolean_and_missing_required(data_copy):
    path = data_copy / "funding.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    import csv, io
    rows = list(csv.reader(io.StringIO("\n".join(text))))
    rows[1][header.index("is_approx")] = "kanske"
    rows[2][header.index("project")] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    problems = _problems(data_copy)
    assert "funding.csv, row 2, column 'is_approx': must be true or false (value: 'kanske')" in problems
    assert "funding.csv, row 3, column 'project': is empty but required" in problems
