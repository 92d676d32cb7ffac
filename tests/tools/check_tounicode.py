#!/usr/bin/env python3
"""check_tounicode.py PDF [TEXT...] - every font's ToUnicode CMap is a real one.

Decompresses PDF with qpdf (--qdf), then for each Type0 font checks that its
ToUnicode stream maps codes with bfrange/bfchar only (no begincidrange, which
belongs to an encoding CMap, not a ToUnicode one), that each code maps to the
character with the same value (libharu's codes are UCS-2), and that every
character of each TEXT argument is mapped by at least one font. Prints one
line per font: name, codes mapped.
"""
import re
import subprocess
import sys
import tempfile


def objects(data):
    out = {}
    for m in re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S):
        out[int(m.group(1))] = m.group(2)
    return out


def parse_cmap(text):
    codes = {}
    if b"begincidrange" in text or b"begincidchar" in text:
        raise SystemExit("ToUnicode map uses cid operators")
    for block in re.findall(rb"beginbfrange\n(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-F]+)> <([0-9A-F]+)> <([0-9A-F]+)>", block):
            lo, hi, dst = int(lo, 16), int(hi, 16), int(dst, 16)
            if lo >> 8 != hi >> 8 or hi < lo:
                raise SystemExit(f"bad bfrange {lo:04X}-{hi:04X}")
            for c in range(lo, hi + 1):
                codes[c] = dst + c - lo
    for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(rb"<([0-9A-F]+)> <([0-9A-F]+)>", block):
            codes[int(src, 16)] = int(dst, 16)
    n = sum(int(x) for x in re.findall(rb"(\d+) begin(?:bfrange|bfchar)", text))
    return codes, n


def main():
    pdf, texts = sys.argv[1], sys.argv[2:]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, tmp.name], check=True)
        data = open(tmp.name, "rb").read()
    objs = objects(data)
    mapped = set()
    fonts = 0
    for body in objs.values():
        if b"/Subtype /Type0" not in body:
            continue
        fonts += 1
        name = re.search(rb"/BaseFont /(\S+)", body).group(1).decode()
        ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if not ref:
            raise SystemExit(f"{name}: no ToUnicode")
        stream = objs[int(ref.group(1))]
        cmap = stream.split(b"\nstream\n", 1)[1]
        codes, n = parse_cmap(cmap)
        if not codes:
            raise SystemExit(f"{name}: ToUnicode maps nothing")
        for c, u in codes.items():
            if c != u:
                raise SystemExit(f"{name}: code {c:04X} maps to U+{u:04X}")
        mapped |= set(codes)
        print(f"{name}: {len(codes)} codes in {n} entries")
    if not fonts:
        raise SystemExit("no Type0 fonts")
    for t in texts:
        for ch in t:
            if ord(ch) not in mapped:
                raise SystemExit(f"'{ch}' (U+{ord(ch):04X}) of '{t}' is mapped by no font")
    print(f"{fonts} fonts; every character of {len(texts)} texts mapped")


main()
