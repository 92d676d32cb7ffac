#!/usr/bin/python3
"""read_xlsx.py - read a workbook back with independent clients, for tests.

Uses openpyxl for sheets, cells, styles, links, panes, filters, print setup
and merged cells, and reads the package parts (document properties, custom
properties, charts and their alt text) straight from the zip with
ElementTree, so nothing here shares code with the writer under test.

usage:
  read_xlsx.py dump FILE              everything as JSON on stdout
  read_xlsx.py check EXPECTED FILE    compare with an expected JSON (a subset
                                      of the dump; see below); exit 1 and list
                                      every difference when they disagree
  read_xlsx.py rows FILE              per sheet: row count, first and last row,
                                      and every row of sheets up to 200 rows
                                      (openpyxl read-only mode, for big files)
  read_xlsx.py check-rows EXPECTED FILE   compare "rows" output with EXPECTED
  read_xlsx.py records FILE SHEET HEADER  the rows under the header row that has a
                                      column HEADER, as JSON objects keyed by the
                                      header's names (to address cells by name)

As a module (sys.path.insert(0, "tests/tools"); import read_xlsx):
  read_xlsx.records(ws, header)       the same for an openpyxl worksheet
  read_xlsx.column(ws, header)        the values of one column, by its name

Expected files mirror the dump. Only the keys given are compared, except:
  - a sheet with "exact_cells": true must have no non-empty cell that is not
    listed in its "cells";
  - a cell may be written as [type, value] or [type, value, number_format];
  - a value may be a matcher: {"$len": N, "$startswith": S, "$endswith": S,
    "$contains": S} (all given must hold);
  - numbers compare with a relative tolerance of 1e-12; a type mismatch
    (number vs string) always fails.
"""
import datetime
import json
import math
import posixpath
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import get_column_letter

NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}


def jsonable(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


def cell_dump(cell):
    d = {"t": cell.data_type, "v": jsonable(cell.value)}
    d["fmt"] = cell.number_format
    d["bold"] = bool(cell.font and cell.font.b)
    d["wrap"] = bool(cell.alignment and cell.alignment.wrap_text)
    d["top"] = cell.border.top.style if cell.border and cell.border.top else None
    d["bottom"] = cell.border.bottom.style if cell.border and cell.border.bottom else None
    fill = cell.fill
    d["fill"] = fill.fgColor.rgb if fill is not None and fill.fill_type == "solid" else None
    return d


# ---------------------------------------------------------------- zip parts

def rels_of(z, part):
    """Relationships of a package part: {rId: absolute target}."""
    base = posixpath.dirname(part)
    rels_path = posixpath.join(base, "_rels", posixpath.basename(part) + ".rels")
    out = {}
    if rels_path not in z.namelist():
        return out
    root = ET.fromstring(z.read(rels_path))
    for rel in root.findall("rel:Relationship", NS):
        target = rel.get("Target")
        if rel.get("TargetMode") == "External":
            out[rel.get("Id")] = target
        else:
            out[rel.get("Id")] = posixpath.normpath(posixpath.join(base, target))
    return out


def rich_text(el):
    if el is None:
        return None
    return "".join(t.text or "" for t in el.iter("{%s}t" % NS["a"]))


def ref_dump(el):
    """A c:cat / c:val / c:tx element: formula and cached points."""
    if el is None:
        return None
    d = {}
    for kind in ("strRef", "numRef"):
        ref = el.find("c:" + kind, NS)
        if ref is not None:
            d["kind"] = kind
            f = ref.find("c:f", NS)
            d["f"] = f.text if f is not None else None
            cache = ref.find("c:strCache", NS)
            if cache is None:
                cache = ref.find("c:numCache", NS)
            if cache is not None:
                pts = []
                for pt in cache.findall("c:pt", NS):
                    v = pt.find("c:v", NS).text
                    pts.append(float(v) if kind == "numRef" else v)
                d["cache"] = pts
            else:
                d["cache"] = None
    v = el.find("c:v", NS)
    if v is not None:
        d["literal"] = v.text
    return d


def chart_dump(z, part):
    root = ET.fromstring(z.read(part))
    chart = root.find("c:chart", NS)
    d = {"title": rich_text(chart.find("c:title", NS))}
    plot = chart.find("c:plotArea", NS)
    bar = plot.find("c:barChart", NS)
    if bar is not None:
        d["type"] = "bar"
        d["barDir"] = bar.find("c:barDir", NS).get("val")
        d["grouping"] = bar.find("c:grouping", NS).get("val")
        series = bar.findall("c:ser", NS)
    else:
        first = list(plot)[1] if len(list(plot)) > 1 else None
        d["type"] = first.tag.split("}")[1] if first is not None else None
        series = plot.findall(".//c:ser", NS)
    d["series"] = []
    for ser in series:
        s = {"cat": ref_dump(ser.find("c:cat", NS)), "val": ref_dump(ser.find("c:val", NS))}
        tx = ser.find("c:tx", NS)
        s["name"] = ref_dump(tx) if tx is not None else None
        d["series"].append(s)
    axes = {}
    for ax in list(plot.findall("c:catAx", NS)) + list(plot.findall("c:valAx", NS)):
        tag = ax.tag.split("}")[1]
        orient = ax.find("c:scaling/c:orientation", NS)
        crosses = ax.find("c:crosses", NS)
        nf = ax.find("c:numFmt", NS)
        axes[tag] = {
            "title": rich_text(ax.find("c:title", NS)),
            "orientation": orient.get("val") if orient is not None else None,
            "crosses": crosses.get("val") if crosses is not None else None,
            "numFmt": nf.get("formatCode") if nf is not None else None,
        }
    d["axes"] = axes
    legend = chart.find("c:legend", NS)
    d["legend"] = legend.find("c:legendPos", NS).get("val") if legend is not None else None
    return d


def package_dump(path):
    """Document properties and, per sheet name, its charts with alt text."""
    out = {"core": {}, "app": {}, "custom": {}, "charts": {}}
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        out["zip_dates"] = sorted({"%04d-%02d-%02d %02d:%02d:%02d" % i.date_time for i in z.infolist()})
        if "docProps/app.xml" in names:
            app = ET.fromstring(z.read("docProps/app.xml"))
            for key in ("Company", "Manager", "Application"):
                el = app.find("ep:" + key, NS)
                if el is not None:
                    out["app"][key] = el.text
        if "docProps/custom.xml" in names:
            # custom properties: <property name="..."><vt:lpwstr>value</vt:lpwstr>
            for prop in ET.fromstring(z.read("docProps/custom.xml")):
                if len(prop):
                    out["custom"][prop.get("name")] = prop[0].text
        if "docProps/core.xml" in names:
            core = ET.fromstring(z.read("docProps/core.xml"))
            for el in core:
                out["core"][el.tag.split("}")[1]] = el.text
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        wb_rels = rels_of(z, "xl/workbook.xml")
        for sh in wb.findall("main:sheets/main:sheet", NS):
            name = sh.get("name")
            sheet_part = wb_rels[sh.get("{%s}id" % NS["r"])]
            charts = []
            sroot = ET.fromstring(z.read(sheet_part))
            srels = rels_of(z, sheet_part)
            for dr in sroot.findall("main:drawing", NS):
                drawing_part = srels[dr.get("{%s}id" % NS["r"])]
                droot = ET.fromstring(z.read(drawing_part))
                drels = rels_of(z, drawing_part)
                for anchor in droot:
                    frm = anchor.find("xdr:from", NS)
                    col = int(frm.find("xdr:col", NS).text)
                    row = int(frm.find("xdr:row", NS).text)
                    frame = anchor.find("xdr:graphicFrame", NS)
                    if frame is None:
                        continue
                    nv = frame.find("xdr:nvGraphicFramePr/xdr:cNvPr", NS)
                    cref = frame.find(".//c:chart", NS)
                    c = chart_dump(z, drels[cref.get("{%s}id" % NS["r"])])
                    c["anchor"] = "%s%d" % (get_column_letter(col + 1), row + 1)
                    c["descr"] = nv.get("descr")
                    charts.append(c)
            out["charts"][name] = charts
    return out


# ---------------------------------------------------------------- dump

def dump(path):
    wb = openpyxl.load_workbook(path)
    pkg = package_dump(path)
    p = wb.properties
    out = {
        "sheets": wb.sheetnames,
        "properties": {
            "title": p.title, "subject": p.subject, "creator": p.creator,
            "keywords": p.keywords, "description": p.description,
            "category": p.category, "created": jsonable(p.created),
            "modified": jsonable(p.modified),
        },
        "app": pkg["app"],
        "custom": pkg["custom"],
        "merged": sorted(ws.title + "!" + str(r) for ws in wb.worksheets
                         for r in ws.merged_cells.ranges),
        "zip_dates": pkg["zip_dates"],
        "sheet": {},
    }
    for ws in wb.worksheets:
        cells = {}
        links = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                cells[cell.coordinate] = cell_dump(cell)
                if cell.hyperlink is not None:
                    links[cell.coordinate] = cell.hyperlink.location or cell.hyperlink.target
        widths = {}
        for key, dim in ws.column_dimensions.items():
            if dim.width:
                for c in range(dim.min or 0, (dim.max or 0) + 1):
                    if c:
                        widths[get_column_letter(c)] = dim.width
        ps = ws.page_setup
        out["sheet"][ws.title] = {
            "cells": cells,
            "links": links,
            "freeze": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "print_title_rows": ws.print_title_rows,
            "landscape": ps.orientation == "landscape",
            "paper": int(ps.paperSize) if ps.paperSize is not None else None,
            "fit_to_page": bool(ws.sheet_properties.pageSetUpPr is not None
                                and ws.sheet_properties.pageSetUpPr.fitToPage),
            "fit_width": int(ps.fitToWidth) if ps.fitToWidth is not None else None,
            "fit_height": int(ps.fitToHeight) if ps.fitToHeight is not None else None,
            "footer": {
                "left": ws.oddFooter.left.text, "center": ws.oddFooter.center.text,
                "right": ws.oddFooter.right.text,
            },
            "widths": widths,
            "heights": {str(i): d.ht for i, d in ws.row_dimensions.items() if d.ht},
            "max_row": ws.max_row,
            "max_col": ws.max_column,
            "charts": pkg["charts"].get(ws.title, []),
        }
    return out


# ---------------------------------------------------------------- check

def num_equal(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def compare(exp, act, where, errors):
    if isinstance(exp, dict) and any(k.startswith("$") for k in exp):
        if not isinstance(act, str):
            errors.append("%s: expected text, got %r" % (where, act))
            return
        if "$len" in exp and len(act) != exp["$len"]:
            errors.append("%s: length %d, expected %d" % (where, len(act), exp["$len"]))
        if "$startswith" in exp and not act.startswith(exp["$startswith"]):
            errors.append("%s: %r does not start with %r" % (where, act[:80], exp["$startswith"]))
        if "$endswith" in exp and not act.endswith(exp["$endswith"]):
            errors.append("%s: %r does not end with %r" % (where, act[-80:], exp["$endswith"]))
        if "$contains" in exp and exp["$contains"] not in act:
            errors.append("%s: %r does not contain %r" % (where, act[:200], exp["$contains"]))
        return
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            errors.append("%s: expected an object, got %r" % (where, act))
            return
        for k, v in exp.items():
            if k == "exact_cells":
                continue
            if k not in act:
                if v is None:
                    continue
                errors.append("%s.%s: missing" % (where, k))
                continue
            compare(v, act[k], "%s.%s" % (where, k), errors)
        return
    if isinstance(exp, list):
        if not isinstance(act, list) or len(exp) != len(act):
            errors.append("%s: expected %r, got %r" % (where, exp, act))
            return
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, "%s[%d]" % (where, i), errors)
        return
    if isinstance(exp, bool) or exp is None or isinstance(exp, str):
        if exp != act or type(exp) is not type(act):
            errors.append("%s: expected %r, got %r" % (where, exp, act))
        return
    if isinstance(exp, (int, float)):
        if isinstance(act, bool) or not isinstance(act, (int, float)) or not num_equal(exp, act):
            errors.append("%s: expected %r, got %r" % (where, exp, act))
        return
    errors.append("%s: cannot compare %r" % (where, exp))


def expand_cell(spec):
    if isinstance(spec, list):
        d = {"t": spec[0], "v": spec[1]}
        if len(spec) > 2:
            d["fmt"] = spec[2]
        return d
    return spec


def check(expected_path, path):
    with open(expected_path, encoding="utf-8") as f:
        exp = json.load(f)
    act = dump(path)
    errors = []
    sheets = exp.pop("sheet", {})
    compare(exp, act, "workbook", errors)
    for name, es in sheets.items():
        if name not in act["sheet"]:
            errors.append("sheet %r: missing" % name)
            continue
        asheet = act["sheet"][name]
        cells = {k: expand_cell(v) for k, v in es.get("cells", {}).items()}
        rest = {k: v for k, v in es.items() if k != "cells"}
        compare(rest, asheet, "sheet %r" % name, errors)
        # Row heights a fixture lists are all the sheet may have.
        if "heights" in es and set(es["heights"]) != set(asheet.get("heights", {})):
            errors.append("sheet %r: rows with a height %s, expected %s"
                          % (name, sorted(asheet.get("heights", {})), sorted(es["heights"])))
        for coord, ec in cells.items():
            ac = asheet["cells"].get(coord, {"t": "n", "v": None})
            compare(ec, ac, "sheet %r %s" % (name, coord), errors)
        if es.get("exact_cells"):
            for coord, ac in asheet["cells"].items():
                if ac["v"] is not None and coord not in cells:
                    errors.append("sheet %r %s: unexpected %r" % (name, coord, ac["v"]))
    for e in errors:
        print("read_xlsx: " + e, file=sys.stderr)
    if errors:
        print("read_xlsx: %d difference(s) in %s" % (len(errors), path), file=sys.stderr)
    return 1 if errors else 0


# ---------------------------------------------------------------- by name

def records(ws, header):
    """The rows below ws's header row (the first row with a cell equal to header), each
    a dict keyed by the header's names, up to the first empty row: tests address
    columns by their names, not their positions."""
    names = None
    out = []
    for row in ws.iter_rows(values_only=True):
        if names is None:
            if row and header in row:
                names = [str(v) if v is not None else None for v in row]
            continue
        if not row or all(v is None for v in row):
            break
        out.append({n: v for n, v in zip(names, row) if n is not None})
    if names is None:
        raise KeyError("sheet %r has no header row with a column %r" % (ws.title, header))
    return out


def column(ws, header):
    """The values of the column named header, below its header row."""
    return [r.get(header) for r in records(ws, header)]


# ---------------------------------------------------------------- rows

def rows(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        n = 0
        first = last = None
        some = []
        for row in ws.iter_rows(values_only=True):
            n += 1
            if n == 1:
                first = list(row)
            if n <= 200:
                some.append(list(row))
            last = row
        out[ws.title] = {"rows": n, "first": first, "last": list(last) if last else None}
        if n <= 200:
            out[ws.title]["all"] = some
    wb.close()
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "dump":
        json.dump(dump(argv[2]), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if len(argv) == 4 and argv[1] == "check":
        return check(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "check-rows":
        with open(argv[2], encoding="utf-8") as f:
            exp = json.load(f)
        errors = []
        act = rows(argv[3])
        compare(exp, act, "rows", errors)
        if list(exp) != list(act):
            errors.append("sheets: expected %r, got %r" % (list(exp), list(act)))
        for e in errors:
            print("read_xlsx: " + e, file=sys.stderr)
        return 1 if errors else 0
    if len(argv) == 5 and argv[1] == "records":
        wb = openpyxl.load_workbook(argv[2], read_only=True)
        json.dump(records(wb[argv[3]], argv[4]), sys.stdout, ensure_ascii=False, default=str)
        print()
        return 0
    if len(argv) == 3 and argv[1] == "rows":
        json.dump(rows(argv[2]), sys.stdout, ensure_ascii=False)
        print()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
