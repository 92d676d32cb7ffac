#!/usr/bin/python3
# Copied from /work/shared/bench/check_glyphs.py (scta benchmark tools); used by
# tests/unit/test_pdf.c to prove no CJK glyph prints blank.
"""Check that the TrueType fonts libharu embedded (Type0 / CIDFontType2,
Identity-H, CIDToGIDMap stream, CID = Unicode code point with
HPDF_UseUTFEncodings) really carry outlines for every character the first
PAGES pages draw with them (components of composite glyphs included).
Catches libharu's subsetting bug (component glyph ids > 32767 are read as
negative and left out: the glyph renders blank).
usage: check_glyphs.py FILE.pdf [PAGES=1]      (needs python3-fonttools)
Prints one line per font used; exit 1 if a drawn character is empty or has
an empty component."""
import io, re, sys, zlib
from fontTools.ttLib import TTFont

pdf = open(sys.argv[1], "rb").read()
npages = int(sys.argv[2]) if len(sys.argv) > 2 else 1


def obj(n):
    m = re.search(rb"(?<![0-9])%d 0 obj" % n, pdf)
    return pdf[m.start():pdf.find(b"endobj", m.start())]


def stream(n):
    o = obj(n)
    i = o.find(b"stream") + 6
    i += 2 if o[i:i + 2] == b"\r\n" else 1
    m = re.search(rb"/Length (\d+) 0 R", o)
    ln = int(obj(int(m.group(1))).split(b"obj")[1].split()[0]) if m else int(re.search(rb"/Length (\d+)", o).group(1))
    data = o[i:i + ln]
    return zlib.decompress(data) if b"/FlateDecode" in o[:o.find(b"stream")] else data


# which CIDs each font resource draws on the first pages
used = {}   # Type0 font object number -> set of CIDs
pages = [int(n) for n, body in re.findall(rb"(\d+) 0 obj\s*(<<(?:(?!endobj).)*?)endobj", pdf, re.S)
         if re.search(rb"/Type\s*/Page(?![s\w])", body)]
for pn in pages[:npages]:
    po = obj(pn)
    res = po
    rm = re.search(rb"/Resources (\d+) 0 R", po)
    if rm: res = obj(int(rm.group(1)))
    fm = re.search(rb"/Font\s*<<(.*?)>>", res, re.S)
    if not fm:
        fm2 = re.search(rb"/Font (\d+) 0 R", res); fm = re.search(rb"<<(.*?)>>", obj(int(fm2.group(1))), re.S)
    fonts = {k.decode(): int(v) for k, v in re.findall(rb"/(\S+?) (\d+) 0 R", fm.group(1))}
    content = stream(int(re.search(rb"/Contents (\d+) 0 R", po).group(1)))
    cur = None
    for tok in re.finditer(rb"/(\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj", content):
        if tok.group(1): cur = fonts.get(tok.group(1).decode())
        elif cur is not None:
            h = tok.group(2).decode()
            used.setdefault(cur, set()).update(int(h[k:k + 4], 16) for k in range(0, len(h), 4))

bad = 0
for t0, cids in used.items():
    dm = re.search(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", obj(t0))
    if not dm:
        continue  # simple (base-14) font
    o = obj(int(dm.group(1)))
    name = re.search(rb"/BaseFont /(\S+)", o).group(1).decode()
    c2g = stream(int(re.search(rb"/CIDToGIDMap (\d+) 0 R", o).group(1)))
    fd = obj(int(re.search(rb"/FontDescriptor (\d+) 0 R", o).group(1)))
    font = TTFont(io.BytesIO(stream(int(re.search(rb"/FontFile2 (\d+) 0 R", fd).group(1)))))
    loca, glyf, order = font["loca"], font["glyf"], font.getGlyphOrder()
    problems = []
    for cp in sorted(cids):
        ch = chr(cp)
        gid = int.from_bytes(c2g[2 * cp:2 * cp + 2], "big") if 2 * cp + 2 <= len(c2g) else 0
        if gid == 0:
            problems.append(f"{ch} U+{cp:04X} not in font (.notdef)"); continue
        if loca[gid + 1] - loca[gid] == 0 and cp != 0x20:
            problems.append(f"{ch} gid {gid} empty"); continue
        g = glyf[order[gid]]
        if g.isComposite():
            for c in g.components:
                cg = order.index(c.glyphName)
                if loca[cg + 1] - loca[cg] == 0:
                    problems.append(f"{ch} gid {gid}: component gid {cg} empty")
    bad += bool(problems)
    print(f"{name}: {len(cids)} distinct chars drawn, " + ("OK" if not problems else "BROKEN: " + "; ".join(problems)))
sys.exit(1 if bad else 0)
