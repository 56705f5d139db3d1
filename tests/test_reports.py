"""The exports: the workshop deck (.pptx) and the county brief (PDF), opened and read
back; the command line; and what the buttons say when an export cannot run here."""

from __future__ import annotations

import io
import json

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from app import workshop
from reports import __main__ as cli, brief, deck, render
from tests.test_pages import open_page

STEPS = [
    workshop.View("indikatorer", "FoU-intensitet i länen", "Dalarna faller efter 2013.",
                  {"indicator": ["rd_intensity"], "regions": ["SE311", "SE312", "SE313"]}),
    workshop.View("finansiering", "EU-stöd per program", "Notera ERUF 2014–2020."),
    workshop.View("utmaningar", "Utmaningarna", "Rött är sämre än riket."),
    workshop.View("oversikt", "Nyckeltal", "Börja här."),
    workshop.View("kallor", "Källor", ""),
]
CHART_STEPS = 3


def _needs_renderer():
    if reason := render.unavailable(("kaleido", "pptx", "typst")):
        pytest.skip(f"exports cannot run here ({reason}); run.sh/test.sh install Debian's chromium")


@pytest.fixture(scope="module")
def deck_file(warehouse) -> Presentation:
    _needs_renderer()
    return Presentation(io.BytesIO(deck.build(STEPS, "sv")))


@pytest.fixture(scope="module")
def brief_pdf(warehouse) -> PdfReader:
    _needs_renderer()
    return PdfReader(io.BytesIO(brief.build("SE312", "sv")))


def _texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def test_the_deck_has_one_slide_per_step_with_title_picture_source_and_notes(deck_file):
    slides = list(deck_file.slides)
    assert len(slides) == len(STEPS)
    for slide, step in zip(slides, STEPS, strict=True):
        assert step.title in _texts(slide)
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text == step.notes
    for slide in slides[:CHART_STEPS]:
        pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, "a chart step has its chart as a picture"
        assert pictures[0].image.content_type == "image/png"
        assert pictures[0].image.size[0] >= 2000, "sharp: rendered at twice the chart's pixels"
        assert any(x.startswith(("Källa: ", "Källor: ", "Beräknat från: ")) for x in _texts(slide)), _texts(slide)


def test_the_overview_step_is_a_table_of_the_headline_figures(deck_file):
    slide = list(deck_file.slides)[3]
    tables = [sh.table for sh in slide.shapes if sh.has_table]
    assert len(tables) == 1
    cells = [tables[0].cell(0, j).text for j in range(len(tables[0].columns))]
    assert "Dalarnas län" in cells and "Sverige" in cells
    assert any("av 21 län" in tables[0].cell(i, 2).text for i in range(1, len(tables[0].rows)))


def test_the_brief_names_the_county_its_ranks_sources_and_has_pictures(brief_pdf, con):
    assert 1 <= len(brief_pdf.pages) <= 2
    text = "\n".join(page.extract_text() for page in brief_pdf.pages)
    assert "Dalarnas län" in text
    assert text.count("av 21") >= 3, "ranks among the 21 counties"
    assert "Källa: SCB" in text and "Källor:" in text
    (pop, year) = con.execute("""SELECT value, year FROM v_indicator_value WHERE indicator_id = 'population'
        AND region_code = 'SE312' ORDER BY year DESC LIMIT 1""").fetchone()
    shown = f"{int(pop):,}".replace(",", " ")
    assert shown in text.replace("\u00a0", " "), "the county's population, from the warehouse"
    assert sum(len(page.images) for page in brief_pdf.pages) >= 2, "the chart pictures"
    for heading in ["Smart specialisering", "EU-stöd per program", "Utmaningarna i länet"]:
        assert heading in text


def test_the_brief_in_english(warehouse):
    _needs_renderer()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(brief.build("SE311", "en"))).pages)
    assert "Värmland County" in text or "Värmland" in text
    assert "of 21" in text and "Source: " in text


def test_a_code_that_is_not_one_of_the_three_counties_is_refused(warehouse, capsys):
    assert cli.main(["brief", "SE110", "--out", "x.pdf"]) == 2
    assert "SE311" in capsys.readouterr().err
    with pytest.raises(ValueError):
        brief.build("SE", "sv")


def test_the_cli_writes_a_deck_and_refuses_a_bad_file(warehouse, tmp_path, capsys):
    _needs_renderer()
    good = tmp_path / "workshop.json"
    good.write_bytes(workshop.dumps(STEPS[:1]))
    out = tmp_path / "deck.pptx"
    assert cli.main(["deck", str(good), "--out", str(out)]) == 0
    assert len(Presentation(str(out)).slides) == 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": workshop.FORMAT, "views": [{"page": "x"}]}))
    assert cli.main(["deck", str(bad), "--out", str(tmp_path / "no.pptx")]) == 2
    assert "sida som inte finns" in capsys.readouterr().err
    assert not (tmp_path / "no.pptx").exists()


def test_without_chromium_the_cli_says_why_and_writes_nothing(warehouse, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(render, "browser_path", lambda: None)
    assert cli.main(["brief", "SE312", "--out", str(tmp_path / "b.pdf")]) == 1
    assert "Chromium" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_without_chromium_the_buttons_are_disabled_and_say_why(warehouse, monkeypatch):
    monkeypatch.setattr(render, "browser_path", lambda: None)
    at = open_page()
    assert at.get("download_button")  # the brief's button is there ...
    button = next(b for b in at.get("download_button") if "brief" in str(b.proto.id))
    assert button.proto.disabled
    assert any("Chromium" in c.value for c in at.caption)  # ... and a sentence says why
    at = open_page("app_pages/workshop.py")
    at.session_state["ws_views"] = STEPS[:1]
    at.run()
    deck_button = next(b for b in at.get("download_button") if "ws_deck" in str(b.proto.id))
    assert deck_button.proto.disabled
    assert any("Chromium" in c.value for c in at.caption)


def _readme_examples() -> list[str]:
    import re

    from tests.conftest import ROOT
    return re.findall(r"python -m reports ([^\n`#]*)", (ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_shows_both_commands_and_they_parse():
    examples = _readme_examples()
    assert {e.split()[0] for e in examples} == {"deck", "brief"}
    for example in examples:
        tokens = example.replace("[", " ").replace("]", " ").split()
        cli.parser().parse_args([tok for tok in tokens if tok not in ("PATH",) and not tok.startswith("--db")])
