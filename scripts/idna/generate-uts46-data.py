#!/usr/bin/env python3
"""Generates src/JsWebSocketHost/Url/Idna/uts46.bin, the data of the host's UTS #46 processing (IDNA for the URL
Standard's "domain to ASCII").

Usage:
  apt-get install unicode-data          # the Unicode Character Database, in /usr/share/unicode
  pip install idna                      # for its transcription of IdnaMappingTable.txt
  python3 scripts/idna/generate-uts46-data.py [UCD_DIR]

Sources:
- The IDNA Mapping Table (UTS #46 section 5, IdnaMappingTable.txt) as the Python package idna carries it
  (idna/uts46data.py: one (first code point, status[, mapping]) row per range of the table, written out mechanically
  from the Unicode file; idna 3.13 carries version 17.0.0). No processing step of that package is used.
- From the Unicode Character Database in UCD_DIR (default /usr/share/unicode; Debian's unicode-data 15.0.0):
  UnicodeData.txt (canonical decompositions, Canonical_Combining_Class), DerivedNormalizationProps.txt
  (Full_Composition_Exclusion), extracted/DerivedBidiClass.txt (Bidi_Class, with its @missing defaults) and
  extracted/DerivedJoiningType.txt (Joining_Type). Code points assigned after that version take those defaults.

Layout of uts46.bin, little-endian, seven sections, each a 32-bit count and then its rows:
  1. mapping ranges: count N; N x int32 first code point; N x uint8 status (0 valid, 1 mapped, 2 deviation,
     3 ignored, 4 disallowed); N x int32 mapping (offset << 8 | length in UTF-16 units into section 2; -1 for none)
  2. mapping text: count M; M x uint16 UTF-16 code units
  3. canonical compositions (primary composites only): count C; C x (int32 first, int32 second, int32 composite)
  4. canonical decompositions: count D; D x (int32 code point, int32 first, int32 second or -1)
  5. nonzero combining classes: count K; K x (int32 code point, uint8 class)
  6. Bidi_Class ranges: count B; B x (int32 first code point, uint8 class), class numbered as BIDI below
  7. Joining_Type ranges: count J; J x (int32 first code point, uint8 type), type numbered as JOINING below
"""
import os
import re
import struct
import sys

import idna
import idna.uts46data

ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "JsWebSocketHost", "Url", "Idna",
                   "uts46.bin")

BIDI = ["L", "R", "AL", "AN", "EN", "ES", "CS", "ET", "ON", "BN", "NSM",
        "B", "S", "WS", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"]
BIDI_LONG = {
    "Left_To_Right": "L", "Right_To_Left": "R", "Arabic_Letter": "AL", "Arabic_Number": "AN",
    "European_Number": "EN", "European_Separator": "ES", "Common_Separator": "CS", "European_Terminator": "ET",
    "Other_Neutral": "ON", "Boundary_Neutral": "BN", "Nonspacing_Mark": "NSM", "Paragraph_Separator": "B",
    "Segment_Separator": "S", "White_Space": "WS", "Left_To_Right_Embedding": "LRE",
    "Left_To_Right_Override": "LRO", "Right_To_Left_Embedding": "RLE", "Right_To_Left_Override": "RLO",
    "Pop_Directional_Format": "PDF", "Left_To_Right_Isolate": "LRI", "Right_To_Left_Isolate": "RLI",
    "First_Strong_Isolate": "FSI", "Pop_Directional_Isolate": "PDI",
}
JOINING = ["U", "C", "D", "L", "R", "T"]
JOINING_LONG = {"Non_Joining": "U", "Join_Causing": "C", "Dual_Joining": "D", "Left_Joining": "L",
                "Right_Joining": "R", "Transparent": "T"}
STATUS = {"V": 0, "M": 1, "D": 2, "I": 3, "X": 4}
LIMIT = 0x110000


def ranges_of(path, names, default):
    """Reads a UCD property file with @missing lines into a per-code-point list."""
    values = [default] * LIMIT
    rows = []
    for line in open(path, encoding="utf-8"):
        missing = re.match(r"# @missing: ([0-9A-F]+)\.\.([0-9A-F]+); (\w+)", line)
        if missing:
            first, last, name = int(missing[1], 16), int(missing[2], 16), missing[3]
            values[first:last + 1] = [names[name]] * (last - first + 1)
            continue
        line = line.split("#")[0].strip()
        if line:
            rows.append(line)
    for line in rows:
        cps, name = [part.strip() for part in line.split(";")]
        first, _, last = cps.partition("..")
        first = int(first, 16)
        last = int(last, 16) if last else first
        value = names.get(name, name)
        values[first:last + 1] = [value] * (last - first + 1)
    return values


def runs(values, order):
    """Collapses a per-code-point list into (first code point, index in order) runs."""
    result = []
    for cp, value in enumerate(values):
        if not result or result[-1][1] != order.index(value):
            result.append((cp, order.index(value)))
    return result


# 1-2: the mapping table.
table = idna.uts46data.uts46data
assert idna.uts46data.__version__ == "17.0.0", idna.uts46data.__version__
text = []
starts, statuses, mappings = [], [], []
for row in table:
    starts.append(row[0])
    statuses.append(STATUS[row[1]])
    if len(row) == 3:
        units = row[2].encode("utf-16-le")
        length = len(units) // 2
        assert length < 256
        mappings.append(len(text) << 8 | length)
        text.extend(struct.unpack(f"<{length}H", units))
    else:
        mappings.append(-1)
assert starts[0] == 0 and starts == sorted(starts)

# 3-5: normalization data.
decompositions, classes = {}, {}
for line in open(os.path.join(ucd, "UnicodeData.txt"), encoding="utf-8"):
    fields = line.split(";")
    cp = int(fields[0], 16)
    if int(fields[3]):
        classes[cp] = int(fields[3])
    if fields[5] and not fields[5].startswith("<"):
        parts = [int(p, 16) for p in fields[5].split()]
        assert len(parts) in (1, 2)
        decompositions[cp] = parts
excluded = set()
for line in open(os.path.join(ucd, "DerivedNormalizationProps.txt"), encoding="utf-8"):
    line = line.split("#")[0].strip()
    if line.endswith("; Full_Composition_Exclusion"):
        cps = line.split(";")[0].strip()
        first, _, last = cps.partition("..")
        excluded.update(range(int(first, 16), int(last or first, 16) + 1))
compositions = sorted((parts[0], parts[1], cp) for cp, parts in decompositions.items()
                      if len(parts) == 2 and cp not in excluded)  # by (first, second): the loader's search key

# 6-7: Bidi_Class and Joining_Type.
bidi = runs(ranges_of(os.path.join(ucd, "extracted", "DerivedBidiClass.txt"), BIDI_LONG, "L"), BIDI)
joining = runs(ranges_of(os.path.join(ucd, "extracted", "DerivedJoiningType.txt"), JOINING_LONG, "U"), JOINING)

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
    for section in (bidi, joining):
        f.write(struct.pack("<i", len(section)))
        for first, value in section:
            f.write(struct.pack("<iB", first, value))

print(f"{out}: {len(starts)} mapping ranges, {len(text)} mapping units, {len(compositions)} compositions, "
      f"{len(decompositions)} decompositions, {len(classes)} combining classes, {len(bidi)} Bidi_Class runs, "
      f"{len(joining)} Joining_Type runs, {os.path.getsize(out)} bytes")
