#!/usr/bin/env python3
"""Writes office-list.xlsx: a staff list as a Vietnamese office keeps it (title
block, a group heading, a hyphen where the registry has an en dash, a unit
name the registry does not know, the place, date and signatures under the
table). Used by the browser test of the staff import. Standard library only."""
import sys
import zipfile
from xml.sax.saxutils import escape

ROWS = [
    ["BAN DÂN TỘC TỈNH KHÁNH HÒA"],
    ["DANH SÁCH CÁN BỘ BỔ SUNG NĂM 2026"],
    [],
    ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Đơn vị"],
    ["I", "CÁC PHÒNG", "", "", "", ""],
    ["1", "Đặng Minh Khoa", "12/04/1991", "Nam", "Chuyên viên", "Phòng Kế hoạch - Tổng hợp"],
    ["2", "Lưu Thị Ngọc Ánh", "03/11/1994", "Nữ", "Chuyên viên", "Phòng Chính sách dân tộc"],
    [],
    ["", "", "", "", "Khánh Hòa, ngày 15 tháng 6 năm 2026"],
    ["", "NGƯỜI LẬP BIỂU", "", "", "TRƯỞNG BAN"],
    ["", "(Ký, ghi rõ họ tên)", "", "", "(Ký tên, đóng dấu)"],
    ["", "Trần Thị Bích", "", "", "Lê Văn Cường"],
]


def col(j):
    return chr(ord("A") + j)


def sheet_xml():
    rows = []
    for i, row in enumerate(ROWS, start=1):
        cells = "".join(
            f'<c r="{col(j)}{i}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for j, v in enumerate(row)
            if v
        )
        rows.append(f'<row r="{i}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:F{len(ROWS)}"/><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )


PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "office-list.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml())
