#!/usr/bin/python3
"""Checks of tests/survey.test on a survey's outputs.

survey-check.py json FILE EXPECT   every port's kind, polarity and mark as
                                   EXPECT says (label=kind/polarity/mark,...)
survey-check.py findings FILE SPEC findings KIND:LABEL+LABEL,... present
survey-check.py csv FILE N         N rows, the header, the marks
survey-check.py html FILE JSON     the port map's rows and columns, the
                                   findings, against the JSON
survey-check.py state FILE SPEC    entry statuses: measured,skipped,...
"""
import csv
import json
import sys
import xml.etree.ElementTree as ET


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_json(path, expect):
    doc = load(path)
    if doc.get("probe") != "survey":
        fail(f"{path}: probe is {doc.get('probe')!r}, not 'survey'")
    for key in ("title", "venue", "client", "equipment", "operator", "date", "ports",
                "findings"):
        if key not in doc:
            fail(f"{path}: no {key!r}")
    by_label = {p["label"]: p for p in doc["ports"]}
    for item in expect.split(","):
        label, want = item.split("=")
        kind, pol, mark = want.split("/")
        p = by_label.get(label)
        if p is None:
            fail(f"{path}: no port {label!r}")
        r = p["result"] or {}
        got = ((r.get("jack") or {}).get("verdict"), (r.get("polarity") or {}).get("verdict"),
               p["mark"])
        if got != (kind, pol, mark):
            fail(f"{path}: {label}: kind/polarity/mark {got}, expected {(kind, pol, mark)}")
        if r and r.get("probe") not in ("out", "in", "listen", "hum"):
            fail(f"{path}: {label}: the result is not a probe's own JSON")
    print(f"{path}: {len(doc['ports'])} ports as expected")


def check_findings(path, spec):
    doc = load(path)
    found = [(f["kind"], set(f["ports"])) for f in doc["findings"]]
    for item in spec.split(","):
        kind, labels = item.split(":")
        want = set(labels.split("+"))
        if not any(k == kind and want <= ports for k, ports in found):
            fail(f"{path}: no {kind} finding naming {sorted(want)}; found {found}")
        for f in doc["findings"]:
            if f["kind"] == kind and not f["explanation"]:
                fail(f"{path}: a {kind} finding without an explanation")
    print(f"{path}: findings {sorted(k for k, _ in found)}")


def check_csv(path, n):
    with open(path, newline="", encoding="utf-8") as f:
        raw = f.read()
    if "\r\n" not in raw:
        fail(f"{path}: lines do not end in CRLF (RFC 4180)")
    rows = list(csv.reader(raw.splitlines()))
    head = rows[0]
    for col in ("label", "port", "kind", "polarity", "level_dbfs", "hum", "latency_ms", "mark",
                "notes"):
        if col not in head:
            fail(f"{path}: no column {col!r}")
    if len(rows) != int(n) + 1:
        fail(f"{path}: {len(rows) - 1} rows, expected {n}")
    for r in rows[1:]:
        if len(r) != len(head):
            fail(f"{path}: a row of {len(r)} fields under {len(head)} columns")
        if r[head.index("mark")] not in ("pass", "attention", "fail", "none"):
            fail(f"{path}: mark {r[head.index('mark')]!r}")
    print(f"{path}: {n} rows of {len(head)} columns")


def text_of(el):
    return "".join(el.itertext()).strip()


def check_html(path, json_path):
    doc = load(json_path)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(path).getroot()
    tables = [t for t in root.iter("table") if t.get("class") == "map"]
    if len(tables) != 1:
        fail(f"{path}: {len(tables)} port maps, expected one")
    table = tables[0]
    heads = [text_of(th) for th in table.iter("th")]
    for col in ("Label", "Kind", "Polarity", "Level", "Hum", "Latency", "Result", "Notes"):
        if col not in heads:
            fail(f"{path}: no column {col!r} in {heads}")
    rows = [tr for tr in table.find("tbody").iter("tr")]
    if len(rows) != len(doc["ports"]):
        fail(f"{path}: {len(rows)} rows for {len(doc['ports'])} ports")
    for tr, port in zip(rows, doc["ports"]):
        cells = [text_of(td) for td in tr.iter("td")]
        if len(cells) != len(heads):
            fail(f"{path}: a row of {len(cells)} cells under {len(heads)} columns")
        if cells[heads.index("Label")] != port["label"]:
            fail(f"{path}: row {cells[0]} is {cells[heads.index('Label')]!r}, not {port['label']!r}")
        if tr.get("class") != port["mark"]:
            fail(f"{path}: row {port['label']} has class {tr.get('class')!r}, mark {port['mark']!r}")
        kind = ((port["result"] or {}).get("jack") or {}).get("verdict") or port["status"]
        if cells[heads.index("Kind")] != kind:
            fail(f"{path}: row {port['label']} kind {cells[heads.index('Kind')]!r}, not {kind!r}")
    items = [li for li in root.iter("li") if li.get("data-kind")]
    kinds = [li.get("data-kind") for li in items]
    if kinds != [f["kind"] for f in doc["findings"]]:
        fail(f"{path}: findings {kinds}, JSON {[f['kind'] for f in doc['findings']]}")
    sections = [s for s in root.iter("section") if s.get("class") == "port"]
    if len(sections) != len(doc["ports"]):
        fail(f"{path}: {len(sections)} detail pages for {len(doc['ports'])} ports")
    h1 = [text_of(h) for h in root.iter("h1")]
    if doc["title"] and doc["title"] not in h1:
        fail(f"{path}: the title {doc['title']!r} is not the heading ({h1})")
    for key in ("venue", "client", "equipment", "operator", "date"):
        if doc[key] and doc[key] not in "".join(root.itertext()):
            fail(f"{path}: the {key} {doc[key]!r} is not on the page")
    print(f"{path}: {len(rows)} rows x {len(heads)} columns, {len(kinds)} findings, "
          f"{len(sections)} detail pages")


def check_state(path, spec):
    doc = load(path)
    got = [e["status"] for e in doc["entries"]]
    want = spec.split(",")
    if got != want:
        fail(f"{path}: entries {got}, expected {want}")
    print(f"{path}: {','.join(got)}")


checks = {"json": check_json, "findings": check_findings, "csv": check_csv,
          "html": check_html, "state": check_state}
checks[sys.argv[1]](*sys.argv[2:])
