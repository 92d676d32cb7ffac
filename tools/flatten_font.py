#!/usr/bin/python3
# Copied from /work/shared/bench/flatten_font.py (scta benchmark tools); used at build
# time by cmake/pdf_fonts.cmake to make the CJK font libharu 2.3.0 can embed.
"""Work-around for libharu's composite-glyph subsetting bug: write a copy of a
TrueType font (or one face of a .ttc) with every composite glyph decomposed
into plain outlines, so libharu's subsetter needs no component glyphs.
usage: flatten_font.py IN.ttf|IN.ttc[:index] OUT.ttf   (needs python3-fonttools)"""
import sys
from fontTools.ttLib import TTFont
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
src, out = sys.argv[1], sys.argv[2]
idx = 0
if ":" in src:
    src, idx = src.rsplit(":", 1); idx = int(idx)
f = TTFont(src, fontNumber=idx)
glyf = f["glyf"]; gs = f.getGlyphSet()
n = 0
for name in f.getGlyphOrder():
    g = glyf[name]
    if g.isComposite():
        rec = DecomposingRecordingPen(gs)   # resolves components to outlines
        gs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        glyf[name] = pen.glyph()
        n += 1
f["maxp"].maxComponentElements = 0
f["maxp"].maxComponentDepth = 0
f.save(out)
print(f"decomposed {n} composite glyphs -> {out}", file=sys.stderr)
