#!/usr/bin/env python3
"""pdf_struct.py PDF - the structure tree of a tagged PDF, read with qpdf --json.

Prints the catalog's tagging entries (Lang, MarkInfo Marked, ViewerPreferences
DisplayDocTitle), then one line per structure element in document order,
indented by depth: its role, then alt="..." and scope=... when present,
annotations=N for the annotations (OBJR) it holds, and
text="..." for the marked content it holds: the strings shown between the
page's "/Role <</MCID n>> BDC" and its EMC, decoded as UCS-2 (what the fonts'
ToUnicode maps say their codes are; check_tounicode.py checks that).
Fails (exit 1) when the tree is inconsistent: an element whose /P is not its
parent, a marked-content reference whose parent-tree entry does not name the
element that holds it, or a page without /StructParents.
"""
import base64
import json
import re
import subprocess
import sys


def text(v):
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        if raw.startswith(b"\xfe\xff"):
            return raw[2:].decode("utf-16-be")
        return raw.decode("latin-1")
    return v


def main():
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                          "--decode-level=generalized", sys.argv[1]],
                         check=True, capture_output=True).stdout
    objs = json.loads(out)["qpdf"][1]

    def get(ref):
        o = objs[f"obj:{ref}"]
        return o.get("value", o.get("stream", {}).get("dict"))

    root = get(objs["trailer"]["value"]["/Root"])
    print("Lang:", text(root.get("/Lang")))
    print("Marked:", root.get("/MarkInfo", {}).get("/Marked"))
    print("DisplayDocTitle:", root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"))
    tree_ref = root["/StructTreeRoot"]
    tree = get(tree_ref)

    # page object -> index, and the parent tree: (page key, mcid) -> element
    pages = []

    def walk_pages(ref):
        node = get(ref)
        if node.get("/Type") == "/Pages":
            for k in node["/Kids"]:
                walk_pages(k)
        else:
            pages.append(ref)
    walk_pages(root["/Pages"])
    parent_tree = {}
    nums = get(tree["/ParentTree"])["/Nums"] if isinstance(tree["/ParentTree"], str) \
        else tree["/ParentTree"]["/Nums"]
    for i in range(0, len(nums), 2):
        arr = nums[i + 1]
        if isinstance(arr, str) and get(arr).get("/S") is None:
            arr = get(arr)           # an indirect array; an element stays a reference
        parent_tree[nums[i]] = arr
    for n, p in enumerate(pages):
        if get(p).get("/StructParents") != n:
            sys.exit(f"page {n + 1}: /StructParents is {get(p).get('/StructParents')}")

    # (page key, mcid) -> text shown in that marked content
    mc_text = {}
    tok = re.compile(rb"/(\w+) <</MCID (\d+)>> BDC|/Artifact\b[^\n]*BDC|(EMC)|<([0-9A-Fa-f]*)> Tj")
    for n, p in enumerate(pages):
        contents = get(p)["/Contents"]
        data = base64.b64decode(objs[f"obj:{contents}"]["stream"]["data"])
        cur = None
        for m in tok.finditer(data):
            if m.group(2):
                cur = (n, int(m.group(2)))
                mc_text[cur] = ""
            elif m.group(3):
                cur = None
            elif m.group(4) is not None:
                if cur:
                    mc_text[cur] += bytes.fromhex(m.group(4).decode()).decode("utf-16-be")
            else:
                cur = None

    errors = []

    def visit(ref, parent_ref, depth):
        el = get(ref)
        if el.get("/P") != parent_ref:
            errors.append(f"{ref}: /P {el.get('/P')} is not {parent_ref}")
        line = "  " * depth + el["/S"][1:]
        if "/Alt" in el:
            line += f' alt="{text(el["/Alt"])}"'
        if "/A" in el and "/Scope" in el["/A"]:
            line += " scope=" + el["/A"]["/Scope"][1:]
        kids = el.get("/K", [])
        if not isinstance(kids, list):
            kids = [kids]
        content = ""
        elements = []
        annots = 0
        for k in kids:
            if isinstance(k, dict) and k.get("/Type") == "/OBJR":
                sp = get(k["/Obj"]).get("/StructParent")
                if parent_tree.get(sp) != ref:
                    errors.append(f"{ref}: annotation {k['/Obj']} /StructParent {sp} is not it")
                annots += 1
                continue
            if isinstance(k, int):
                pg, mcid = el["/Pg"], k
            elif isinstance(k, dict):
                pg, mcid = k["/Pg"], k["/MCID"]
            else:
                elements.append(k)
                continue
            key = get(pg)["/StructParents"]
            arr = parent_tree.get(key, [])
            if mcid >= len(arr) or arr[mcid] != ref:
                errors.append(f"{ref}: MCID {mcid} on page {key + 1} not in the parent tree")
            if (key, mcid) not in mc_text:
                errors.append(f"{ref}: MCID {mcid} on page {key + 1} is not in its content")
            content += mc_text.get((key, mcid), "")
        if content:
            line += f' text="{content}"'
        if annots:
            line += f" annotations={annots}"
        print(line)
        for k in elements:
            visit(k, ref, depth + 1)
    visit(tree["/K"], tree_ref, 0)
    if errors:
        sys.exit("\n".join(errors[:20]))


main()
