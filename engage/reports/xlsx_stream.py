"""A small XLSX writer for big raw tables: each sheet's rows go into the zip as XML as they
arrive, so memory stays flat whatever the number of rows, and 100,000 responses take
seconds (XlsxWriter's per-cell Python took about a minute; docs/decisions/performance.md).

It writes only what a raw-data sheet needs: text as inline strings (never a formula or a
link, whatever a person typed), numbers, empty cells, and bold header rows that stay in
view. Formatted workbooks (the report) are written with XlsxWriter.
"""

import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# XML 1.0 cannot hold these control characters at all: they are dropped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel's limits: rows per sheet, characters per cell.
MAX_ROWS = 1_048_576
MAX_CELL = 32_767
# Style 1 is bold (styles.xml below).
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


class TooManyRows(ValueError):
    """A sheet would have more rows than Excel can open."""


def write_workbook(out, sheets, compresslevel=1):
    """Write an XLSX to the binary file `out`. `sheets` is a list of (name, header rows,
    rows): the header rows are bold and stay in view; rows is any iterable of lists."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as book:
        for number, (_name, header, rows) in enumerate(sheets, 1):
            with book.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
                write_sheet(part, header, rows)
        book.writestr("[Content_Types].xml", content_types(len(sheets)))
        book.writestr("_rels/.rels", package_rels())
        book.writestr("xl/workbook.xml", workbook([name for name, _header, _rows in sheets]))
        book.writestr("xl/_rels/workbook.xml.rels", workbook_rels(len(sheets)))
        book.writestr("xl/styles.xml", STYLES)


def write_sheet(part, header, rows):
    frozen = len(header)
    part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'.encode())
    if frozen:
        part.write(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{frozen}" topLeftCell="A{frozen + 1}"'
                   ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'.encode())
    part.write(b"<sheetData>")
    number = 0
    for number, row in enumerate(header, 1):
        part.write(row_xml(number, row, ' s="1"').encode())
    for number, row in enumerate(rows, number + 1):
        if number > MAX_ROWS:
            raise TooManyRows(f"more than {MAX_ROWS:,} rows: choose fewer responses with the filters")
        part.write(row_xml(number, row).encode())
    part.write(b"</sheetData></worksheet>")


def row_xml(number, row, style=""):
    return f'<row r="{number}">{"".join(cell_xml(value, style) for value in row)}</row>'


def cell_xml(value, style=""):
    """One cell, in its place in the row; None and "" are an empty cell."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<c{style}><v>{value}</v></c>"
    text = escape(NOT_XML.sub("", str(value if value is not None else ""))[:MAX_CELL])
    if not text:
        return f"<c{style}/>"
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def content_types(count):
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
                     for n in range(1, count + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheets}</Types>")


def package_rels():
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def workbook(names):
    sheets = "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}"'
            f' xmlns:r="{RELATIONSHIPS}"><sheets>{sheets}</sheets></workbook>')


def workbook_rels(count):
    sheets = "".join(f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                     for n in range(1, count + 1))
    styles = f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{sheets}{styles}</Relationships>'
