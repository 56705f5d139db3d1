"""Small pure helpers: number formats, safe exports, index and per-capita transforms."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from app import export, fmt, measures


def test_swedish_and_english_number_formats():
    assert fmt.number(1234567.891, 1, "sv") == "1\u00a0234\u00a0567,9"
    assert fmt.number(1234567.891, 1, "en") == "1,234,567.9"
    assert fmt.number(-0.5, 2, "sv") == "−0,50"
    assert fmt.number(None, 1, "sv") == fmt.MISSING
    assert fmt.number(float("nan"), 1, "en") == fmt.MISSING


def test_formula_like_text_is_neutralised_but_numbers_are_not():
    df = pd.DataFrame({"text": ["=1+1", "+46", "-x", "@SUM(A1)", "ok"], "n": [-5, 1, 2, 3, 4]})
    safe = export.neutralise(df)
    assert safe.text.tolist() == ["'=1+1", "'+46", "'-x", "'@SUM(A1)", "ok"]
    assert safe.n.tolist() == [-5, 1, 2, 3, 4]


def test_swedish_csv_round_trips_with_decimal_comma():
    df = pd.DataFrame({"Region": ["Värmland"], "År": [2021], "Värde": [1.26]})
    data = export.to_csv(df, "sv")
    assert data.startswith("\ufeff".encode())
    assert "1,26" in data.decode("utf-8-sig") and ";" in data.decode("utf-8-sig")
    pd.testing.assert_frame_equal(export.read_csv(data, "sv"), df)


def test_xlsx_never_contains_formulas():
    df = pd.DataFrame({"a": ["=HYPERLINK(\"http://x\",\"y\")", "b"], "v": [1.5, 2]})
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(df, notes=["=evil", "Källa: SCB"])))
    ws = wb.active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert ws.cell(2, 2).value == 1.5


SYNTHETIC = pd.DataFrame({"region_code": ["A", "A", "A", "B", "B"], "year": [2010, 2011, 2012, 2011, 2012],
                          "value": [50.0, 60.0, 75.0, 10.0, 20.0]})


def test_index_base_year_is_100_and_regions_without_base_are_reported():
    out, missing = measures.to_index(SYNTHETIC, 2010)
    assert missing == ["B"]
    assert out.value.tolist() == [100.0, 120.0, 150.0]


def test_per_capita_is_missing_where_population_is_missing():
    pop = pd.DataFrame({"region_code": ["A", "A"], "year": [2010, 2011], "population": [1000.0, 2000.0]})
    out = measures.per_capita(SYNTHETIC, pop, 1000)
    assert out.value.tolist()[:2] == [50.0, 30.0]
    assert out.value.isna().tolist() == [False, False, True, True, True]


def test_flag_text_handles_combined_and_unknown_flags():
    from app.i18n import flag_text

    assert flag_text("preliminary;caution") == "preliminärt, osäkert värde"  # derived values combine flags
    assert flag_text("caution;caution") == "osäkert värde"
    assert flag_text(None) == "" and flag_text(float("nan")) == "" and flag_text("") == ""
    # an unknown flag is never dropped silently: it is named (with its code, so it can be looked up)
    assert flag_text("unknown") == "okänd anmärkning ”unknown”"
    assert flag_text("preliminary;made_up", "en") == "preliminary, unknown note “made_up”"
