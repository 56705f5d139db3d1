"""The workshop sequence as a PowerPoint deck (python-pptx): one 16:9 slide per step with
its title, the view's main chart as a sharp picture (kaleido), the source line, and the
speaker notes in the slide's notes pane. Views without a chart get their headline figures
as a table (the overview) or a sentence."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from app import workshop
from app.i18n import t
from reports import render, views

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
#: The chart picture in pixels (before the scale): the slide's 16:9 body.
PICTURE_PX = (1500, 700)
GREY = RGBColor(0x44, 0x44, 0x44)
NEEDS = ("pptx", "kaleido")
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def unavailable() -> str | None:
    """None when a deck can be made here; else the reason (render.REASONS) why not."""
    return render.unavailable(NEEDS)


def _text(slide, left, top, width, height, text: str, size: int, bold: bool = False, colour=None) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    if colour is not None:
        run.font.color.rgb = colour


def _headline_table(slide, rows, top, height) -> None:
    """The overview's figures: one row per indicator, one column per region."""
    regions = [c.region_name for c in rows[0].cards]
    shape = slide.shapes.add_table(len(rows) + 1, len(regions) + 1, MARGIN, top, SLIDE_W - 2 * MARGIN, height)
    table = shape.table
    table.columns[0].width = Inches(3.6)
    for j, name in enumerate(regions, 1):
        table.columns[j].width = Emu(int((SLIDE_W - 2 * MARGIN - Inches(3.6)) / len(regions)))
        table.cell(0, j).text = name
    for i, row in enumerate(rows, 1):
        table.cell(i, 0).text = f"{row.name} ({row.unit})"
        for j, card in enumerate(row.cards, 1):
            table.cell(i, j).text = card.value_text + (f" ({card.year})" if card.year else "") + \
                (f"\n{card.note}" if card.note else "")
    for cell in (table.cell(i, j) for i in range(len(rows) + 1) for j in range(len(regions) + 1)):
        for paragraph in cell.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(12 if paragraph is cell.text_frame.paragraphs[0] else 9)


def build(steps: list[workshop.View], lang: str) -> bytes:
    """The deck as .pptx bytes. Raises ExportUnavailable (with a sentence key) when the
    packages or Debian's chromium are missing, or the sequence is empty."""
    render.check(NEEDS)
    if not steps:
        raise render.ExportUnavailable("no_steps")
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]
    titles = workshop.page_titles(lang)
    body_top, source_h = Inches(1.15), Inches(0.45)
    body_h = SLIDE_H - body_top - source_h - Inches(0.35)
    with render.session():
        for step in steps:
            step_lang = views.language(step.params, lang)
            shown = views.content(step.page, step.params, step_lang)
            slide = deck.slides.add_slide(blank)
            _text(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.8),
                  step.title or titles.get(step.page, step.page), 28, bold=True)
            if shown.figure is not None:
                picture = render.png(shown.figure, *PICTURE_PX)
                slide.shapes.add_picture(io.BytesIO(picture), MARGIN, body_top, width=SLIDE_W - 2 * MARGIN,
                                         height=body_h)
            elif shown.headline:
                _headline_table(slide, shown.headline, body_top, body_h)
            else:
                _text(slide, MARGIN, body_top, SLIDE_W - 2 * MARGIN, Inches(1),
                      t("export.no_chart", step_lang, page=titles.get(step.page, step.page)), 18)
            if shown.source_line:
                _text(slide, MARGIN, SLIDE_H - source_h - Inches(0.2), SLIDE_W - 2 * MARGIN, source_h,
                      shown.source_line, 11, colour=GREY)
            slide.notes_slide.notes_text_frame.text = step.notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
