"""The brief as a Word document (DOCX, python-docx) and a PDF (reportlab), ready to paste
into a directive draft.

Both render the same blocks as ``report.md`` (:func:`partysim.outputs.report.brief_blocks`):
the title block (title naming what was changed, description, the changes), the answer,
tables, the charts (PNG files next to the brief, set at the text width) and the provenance
line, which is also the footer of every page. A4 pages with the margins of Vietnamese
administrative documents (left 3 cm, right 2 cm, top and bottom 2 cm); Times New Roman in
the DOCX (Word's own font for Vietnamese), DejaVu Sans embedded in the PDF (shipped with
matplotlib, every Vietnamese glyph).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from partysim.outputs.atomic import atomic_write
from partysim.outputs.document import Block, Figure, Heading, NumberedList, Paragraph, Raw, Rule, Table

__all__ = ["PAGE_MARGINS_CM", "png_size", "write_docx", "write_pdf"]

PAGE_MARGINS_CM = {"left": 3.0, "right": 2.0, "top": 2.0, "bottom": 2.0}
_TEXT_WIDTH_CM = 21.0 - PAGE_MARGINS_CM["left"] - PAGE_MARGINS_CM["right"]
_DOCX_FONT = "Times New Roman"
_LANG_TAGS = {"vi": "vi-VN", "en": "en-GB"}


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels of a PNG image."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def _figure_bytes(b: Figure, folder: Path) -> bytes:
    return b.png if b.png is not None else (folder / b.filename).read_bytes()


# --------------------------------------------------------------------------- DOCX


def _docx_styles(doc, lang: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name, size in (("Normal", 13), ("Title", 18), ("Heading 1", 16), ("Heading 2", 14), ("Caption", 11)):
        style = doc.styles[name]
        style.font.name = _DOCX_FONT
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), _DOCX_FONT)
        lang_el = rpr.makeelement(qn("w:lang"), {qn("w:val"): _LANG_TAGS[lang]})
        rpr.append(lang_el)


def _docx_page(doc, footer: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(PAGE_MARGINS_CM["left"]), Cm(PAGE_MARGINS_CM["right"])
    section.top_margin, section.bottom_margin = Cm(PAGE_MARGINS_CM["top"]), Cm(PAGE_MARGINS_CM["bottom"])
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = para.add_run(footer)
    run.font.size = Pt(8)


def _docx_table(doc, b: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    t = doc.add_table(rows=1 + len(b.rows), cols=len(b.header))
    t.style = "Table Grid"
    for r, row in enumerate([b.header, *b.rows]):
        for c, value in enumerate(row):
            cell = t.cell(r, c)
            cell.text = ""
            para = cell.paragraphs[0]
            run = para.add_run(str(value))
            run.font.size = Pt(10.5)
            run.bold = r == 0
            if c < len(b.align) and b.align[c] == "r":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _docx_block(doc, b: Block, folder: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    if isinstance(b, Heading):
        doc.add_heading(b.text, 0 if b.level == 1 else min(b.level - 1, 3))
    elif isinstance(b, (Paragraph, Raw)):
        run = doc.add_paragraph().add_run(b.text)
        if isinstance(b, Paragraph):
            run.italic = b.italic
            if b.small:
                run.font.size = Pt(9)
    elif isinstance(b, NumberedList):
        for item in b.items:
            doc.add_paragraph(item, style="List Number")
    elif isinstance(b, Table):
        _docx_table(doc, b)
    elif isinstance(b, Figure):
        doc.add_picture(io.BytesIO(_figure_bytes(b, folder)), width=Cm(_TEXT_WIDTH_CM))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(b.caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif isinstance(b, Rule):
        doc.add_paragraph("")


def write_docx(blocks: Sequence[Block], folder: Path, path: Path, *, title: str, footer: str, lang: str) -> Path:
    """Write the brief as a Word document, atomically.

    Args:
        blocks: The brief (:func:`partysim.outputs.report.brief_blocks`).
        folder: Where the chart files named by the figures are.
        path: The ``.docx`` file to write.
        title: Document title (file properties).
        footer: The provenance line, printed at the foot of every page.
        lang: ``"vi"`` or ``"en"`` (the text's language, for spelling and hyphenation).
    """
    import docx

    doc = docx.Document()
    _docx_styles(doc, lang)
    _docx_page(doc, footer)
    doc.core_properties.title = title
    doc.core_properties.author = "partysim"
    doc.core_properties.language = _LANG_TAGS[lang]
    for b in blocks:
        _docx_block(doc, b, folder)
    return atomic_write(path, lambda tmp: doc.save(str(tmp)))


# --------------------------------------------------------------------------- PDF

_PDF_FONT = "DejaVuSans"


def _pdf_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) from matplotlib's own fonts, once."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _PDF_FONT in pdfmetrics.getRegisteredFontNames():
        return
    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in (
        (_PDF_FONT, "DejaVuSans.ttf"),
        (f"{_PDF_FONT}-Bold", "DejaVuSans-Bold.ttf"),
        (f"{_PDF_FONT}-Oblique", "DejaVuSans-Oblique.ttf"),
        (f"{_PDF_FONT}-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(ttf / file)))
    addMapping(_PDF_FONT, 0, 0, _PDF_FONT)
    addMapping(_PDF_FONT, 1, 0, f"{_PDF_FONT}-Bold")
    addMapping(_PDF_FONT, 0, 1, f"{_PDF_FONT}-Oblique")
    addMapping(_PDF_FONT, 1, 1, f"{_PDF_FONT}-BoldOblique")


def _pdf_styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=_PDF_FONT, fontSize=10, leading=13.5, spaceAfter=5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor="#444444"),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cellr": ParagraphStyle("cellr", parent=base, fontSize=8, leading=10, spaceAfter=0, alignment=2),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8.5, alignment=1, textColor="#333333"),
        1: ParagraphStyle("h1", parent=base, fontName=f"{_PDF_FONT}-Bold", fontSize=16, leading=20, spaceAfter=8),
        2: ParagraphStyle("h2", parent=base, fontName=f"{_PDF_FONT}-Bold", fontSize=12, leading=15, spaceBefore=8),
        3: ParagraphStyle("h3", parent=base, fontName=f"{_PDF_FONT}-Bold", fontSize=10.5, leading=13, spaceBefore=6),
    }


def _column_widths(b: Table, total: float) -> list[float]:
    """Column widths (points): each at least its longest word (numbers never break), the rest
    of the line shared in proportion to what each column would need on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 8.0
    cols = list(zip(*[[str(v) for v in row] for row in [b.header, *b.rows]]))
    least = [
        max(stringWidth(w, f"{_PDF_FONT}-Bold", 8) for cell in col for w in cell.split() or [""]) + pad for col in cols
    ]
    full = [max(stringWidth(cell, f"{_PDF_FONT}-Bold", 8) for cell in col) + pad for col in cols]
    if sum(full) <= total:
        return [w * total / sum(full) for w in full]
    spare = max(total - sum(least), 0.0)
    extra = [f - m for f, m in zip(full, least)]
    return [m + spare * e / (sum(extra) or 1.0) for m, e in zip(least, extra)]


def _pdf_table(b: Table, styles: dict):
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as T
    from reportlab.platypus import TableStyle

    def cell(value: str, col: int, head: bool) -> P:
        style = styles["cellr" if col < len(b.align) and b.align[col] == "r" else "cell"]
        text = escape(str(value))
        return P(f"<b>{text}</b>" if head else text, style)

    data = [[cell(v, c, r == 0) for c, v in enumerate(row)] for r, row in enumerate([b.header, *b.rows])]
    t = T(data, colWidths=_column_widths(b, _TEXT_WIDTH_CM * cm), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, "#999999"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def _pdf_flowables(blocks: Sequence[Block], folder: Path, styles: dict) -> list:
    from reportlab.lib.units import cm
    from reportlab.platypus import HRFlowable, Image, ListFlowable, ListItem, Spacer
    from reportlab.platypus import Paragraph as P

    out: list = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(P(escape(b.text), styles[min(b.level, 3)]))
        elif isinstance(b, (Paragraph, Raw)):
            small = isinstance(b, Paragraph) and b.small
            text = escape(b.text)
            out.append(
                P(
                    f"<i>{text}</i>" if isinstance(b, Paragraph) and b.italic else text,
                    styles["small" if small else "body"],
                )
            )
        elif isinstance(b, NumberedList):
            out.append(
                ListFlowable(
                    [ListItem(P(escape(t), styles["body"])) for t in b.items],
                    bulletType="1",
                    bulletFontName=_PDF_FONT,
                    bulletFontSize=10,
                )
            )
        elif isinstance(b, Table):
            out += [_pdf_table(b, styles), Spacer(1, 6)]
        elif isinstance(b, Figure):
            data = _figure_bytes(b, folder)
            w, h = png_size(data)
            width = _TEXT_WIDTH_CM * cm
            out += [Image(io.BytesIO(data), width=width, height=width * h / w), P(escape(b.caption), styles["caption"])]
        elif isinstance(b, Rule):
            out.append(HRFlowable(width="100%", thickness=0.5, color="#888888"))
    return out


def write_pdf(blocks: Sequence[Block], folder: Path, path: Path, *, title: str, footer: str, page_label: str) -> Path:
    """Write the brief as a PDF (A4, fonts embedded), atomically.

    Args:
        blocks: The brief (:func:`partysim.outputs.report.brief_blocks`).
        folder: Where the chart files named by the figures are.
        path: The ``.pdf`` file to write.
        title: Document title (PDF properties).
        footer: The provenance line, printed at the foot of every page.
        page_label: ``"Page {n}"`` in the brief's language.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import SimpleDocTemplate

    _pdf_fonts()
    styles = _pdf_styles()

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        foot = P(escape(footer), styles["small"])
        _w, h = foot.wrap(_TEXT_WIDTH_CM * cm - 1.5 * cm, 3 * cm)
        foot.drawOn(canvas, PAGE_MARGINS_CM["left"] * cm, 0.9 * cm)
        canvas.setFont(_PDF_FONT, 7.5)
        canvas.drawRightString(A4[0] - PAGE_MARGINS_CM["right"] * cm, 0.9 * cm + h - 7.5, page_label.format(n=doc.page))
        canvas.restoreState()

    def build(tmp: Path) -> None:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=PAGE_MARGINS_CM["left"] * cm,
            rightMargin=PAGE_MARGINS_CM["right"] * cm,
            topMargin=PAGE_MARGINS_CM["top"] * cm,
            bottomMargin=PAGE_MARGINS_CM["bottom"] * cm + 0.6 * cm,
            title=title,
            author="partysim",
            creator="partysim",
            invariant=1,
        )
        doc.build(_pdf_flowables(blocks, folder, styles), onFirstPage=on_page, onLaterPages=on_page)

    return atomic_write(path, build)
