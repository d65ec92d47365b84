#!/usr/bin/python3
"""Grade balprobe on the material of gen-programme.py, field by field.

Usage: programme-grade.py [--verbose] BALPROBE DIR

For every DIR/NAME.truth.json, runs 'BALPROBE analyse --probe P
--input-fs-dbu X --json - NAME.wav' for each probe the truth names and
grades each field (truth format: the top of gen-programme.py):
  RIGHT           the tool's answer agrees with the truth;
  HONEST-UNKNOWN  null/unknown where the truth is hidden or undecidable;
  UNANSWERED      null/unknown where the recording made it plain;
  WRONG           a confident answer against the truth (hum claimed where
                  there is none or denied where there is some, the wrong
                  mains, ground loop, jack or polarity, a polarity claimed
                  on symmetric programme, a level more than 1 dB outside
                  the truth's span, the wrong class).
A recording passes when none of its fields is WRONG or UNANSWERED.  Then
the false-alarm check (set "false-alarm": hum.present never true) and the
sensitivity check (set "sensitivity": the line found, at the right mains).
Last line: 'programme: N passed, M failed'.  Exit status 0 when nothing
failed, 1 otherwise, 99 on a broken set-up.  Needs no numpy.
"""

import glob
import json
import os
import subprocess
import sys

RIGHT, HONEST, UNANSWERED, WRONG = "RIGHT", "HONEST-UNKNOWN", "UNANSWERED", "WRONG"
CATEGORIES = [RIGHT, HONEST, UNANSWERED, WRONG]
FIELDS = ["jack", "polarity", "level", "class", "hum", "mains", "ground_loop"]
LEVEL_TOL_DB = 1.0


def unknown(v):
    return v is None or v == "unknown"


def grade(truth, status, tool):
    """One field: @status is decidable / either / hidden / undecidable."""
    if unknown(tool):
        return UNANSWERED if status in ("decidable", "visible") else HONEST
    if status == "undecidable":
        return WRONG
    return RIGHT if tool == truth else WRONG


def grade_run(t, r):
    """{field: (category, what the tool said, the tool's explanation)}."""
    g = {}
    jack = r.get("jack") or {}
    pol = r.get("polarity") or {}
    lvl = r.get("level") or {}
    hum = r.get("hum") or {}
    probe = r.get("probe")
    if probe == "listen" and t["jack"]:
        g["jack"] = (grade(t["jack"]["value"], t["jack"]["status"], jack.get("verdict")),
                     jack.get("verdict"), jack.get("explanation"))
        g["polarity"] = (grade(t["polarity"]["value"], t["polarity"]["status"],
                               pol.get("verdict")),
                         pol.get("verdict"), pol.get("explanation"))
        d = lvl.get("dbfs")
        tl = t["level"]
        if d is None:
            cat = UNANSWERED
        elif tl["low_dbfs"] - LEVEL_TOL_DB <= d <= tl["high_dbfs"] + LEVEL_TOL_DB:
            cat = RIGHT
        else:
            cat = WRONG
        g["level"] = (cat, d, "truth %.2f dBFS (span %.2f..%.2f)"
                      % (tl["dbfs"], tl["low_dbfs"], tl["high_dbfs"]))
        c = lvl.get("class")
        g["class"] = (UNANSWERED if c is None else RIGHT if c in tl["classes"] else WRONG,
                      c, "truth %s (%.1f dBu)" % ("/".join(tl["classes"]), tl["dbu"]))
    th = t["hum"]
    present = hum.get("present")
    why = hum.get("explanation")
    status = "decidable" if th["status"] in ("visible", "decidable") else th["status"]
    g["hum"] = (grade(th["present"], status, present), present, why)
    mains = hum.get("mains_hz")
    if th["present"]:
        if unknown(mains):
            cat = UNANSWERED if th["mains_status"] == "decidable" and present else HONEST
        else:
            cat = RIGHT if int(mains) == th["mains_hz"] else WRONG
        g["mains"] = (cat, mains, why)
    loop = hum.get("ground_loop")
    if th["ground_loop"] is None:
        g["ground_loop"] = (WRONG if loop is True else RIGHT, loop, why)
    elif present is True or loop is not None:
        # Where the tool finds no hum, its hum field carries the grade.
        g["ground_loop"] = (grade(th["ground_loop"], th["ground_loop_status"], loop),
                            loop, why)
    return g


def run(balprobe, d, t, probe):
    cmd = [balprobe, "analyse", "--probe", probe] + t["args"] + \
          ["--json", "-", os.path.join(d, t["file"])]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    try:
        return p.returncode, json.loads(p.stdout), p.stderr
    except ValueError:
        return p.returncode, None, p.stderr


def truth_note(t, field):
    """The truth behind a field, for --verbose."""
    th = t["hum"]
    if field in ("hum", "mains", "ground_loop"):
        lines = ", ".join("%s %.1f Hz %.0f dBFS snr %+.0f (%s)"
                          % (l["family"], l["hz"], l["dbfs"], l["snr_db"], l["view"])
                          for l in th["lines"][:6])
        return "truth: present %s (%s), mains %s, ground loop %s (%s), mode %s%s" % (
            th["present"], th["status"], th["mains_hz"], th["ground_loop"],
            th["ground_loop_status"], th["mode"], "; " + lines if lines else "")
    if field == "polarity":
        return "truth: %s (%s, asymmetry %.2f)" % (
            t["polarity"]["value"], t["polarity"]["status"], t["polarity"]["asymmetry"])
    if field == "jack":
        return "truth: %s (%s port, %s input)" % (t["jack"]["value"], t["port"], t["input"])
    return ""


def main(argv):
    verbose = "--verbose" in argv
    args = [a for a in argv[1:] if a != "--verbose"]
    if len(args) != 2:
        sys.stderr.write("usage: programme-grade.py [--verbose] BALPROBE DIR\n")
        return 99
    balprobe, d = args
    truths = sorted(glob.glob(os.path.join(d, "*.truth.json")))
    if not truths:
        sys.stderr.write("programme-grade.py: no *.truth.json in %s\n" % d)
        return 99
    counts = {f: dict.fromkeys(CATEGORIES, 0) for f in FIELDS}
    passed = failed = 0
    by_set = {}
    false_alarms, fa_runs, fa_recordings = [], 0, 0
    sens_found, sens_total = 0, 0
    wrong = []
    for path in truths:
        with open(path) as fh:
            t = json.load(fh)
        name = t["file"].rsplit(".", 1)[0]
        bad = False
        fa_recordings += t["set"] == "false-alarm"
        for probe in t["probes"]:
            status, r, err = run(balprobe, d, t, probe)
            if r is None:
                print("FAIL %s [%s]: exit %d, no JSON: %s"
                      % (name, probe, status, err.strip().splitlines()[-1:] or ""))
                bad = True
                continue
            g = grade_run(t, r)
            for f, (cat, _, _) in g.items():
                counts[f][cat] += 1
            bad = bad or any(c in (WRONG, UNANSWERED) for c, _, _ in g.values())
            print("%s %s [%s] %s" % (
                "FAIL" if any(c in (WRONG, UNANSWERED) for c, _, _ in g.values()) else "PASS",
                name, probe,
                " ".join("%s=%s" % (f, g[f][0]) for f in FIELDS if f in g)))
            for f in FIELDS:
                if f not in g:
                    continue
                cat, said, why = g[f]
                if cat == WRONG:
                    wrong.append("%s [%s] %s: said %s — %s" % (name, probe, f, said, why))
                if verbose and cat != RIGHT:
                    print("    %s %s: said %s (exit %d) — %s" % (f, cat, json.dumps(said),
                                                              status, why))
                    note = truth_note(t, f)
                    if note:
                        print("      " + note)
            if t["set"] == "false-alarm":
                fa_runs += 1
                if (r.get("hum") or {}).get("present") is True:
                    false_alarms.append("%s [%s]" % (name, probe))
            if t["set"] == "sensitivity":
                sens_total += 1
                h = r.get("hum") or {}
                if h.get("present") is True and h.get("mains_hz") == t["hum"]["mains_hz"]:
                    sens_found += 1
                else:
                    bad = True
        passed += not bad
        failed += bad
        tally = by_set.setdefault(t["set"], [0, 0])
        tally[bad] += 1

    print("")
    print("%-12s %6s %15s %11s %6s" % ("field", *CATEGORIES))
    for f in FIELDS:
        print("%-12s %6d %15d %11d %6d" % (f, *(counts[f][c] for c in CATEGORIES)))
    if wrong and not verbose:
        print("")
        print("WRONG fields:")
        for w in wrong:
            print("  " + w)
    print("")
    print("false-alarm: %d recordings without hum (%d runs), hum claimed in %d%s"
          % (fa_recordings, fa_runs, len(false_alarms),
             ": " + ", ".join(false_alarms) if false_alarms else ""))
    print("sensitivity: %d of %d lines at -100 dBFS under -90 dBFS noise found at the right mains"
          % (sens_found, sens_total))
    print("by set: " + ", ".join("%s %d passed, %d failed" % (k, v[0], v[1])
                                 for k, v in sorted(by_set.items())))
    print("programme: %d passed, %d failed" % (passed, failed))
    return 1 if failed or false_alarms or sens_found < sens_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
