#!/usr/bin/python3
"""Independent programme material for balprobe's listen and hum probes.

Usage: gen-programme.py OUTDIR [NAME-SUBSTRING]

Writes 2-channel WAV recordings (channel 1 = tip, channel 2 = ring, each
as an interface input records it against its own ground through a
TRS -> 2 x TS insert cable) and NAME.truth.json beside each.  Nothing here
comes from balprobe's own port model: the output stages, the cable and the
inputs are a nodal circuit solved per FFT bin (two nodes, tip and ring,
referred to the interface ground; the source's ground sits at the
ground-loop voltage), and every truth is computed from the generator's own
components of the recording.  Deterministic: every random draw comes from a
seed fixed in the case table.  Needs numpy, scipy and espeak-ng.

Truth file (NAME.truth.json):
  file, set ("main" | "false-alarm" | "sensitivity"), description,
  probes: ["listen"] or ["hum"] or both; args: extra CLI arguments
      (the calibration, --input-fs-dbu X: a sine of X dBu reads 0 dBFS),
  rate, format ("16" | "24" | "float"), duration_s, port, input, programme,
  jack:     {value, status}
  polarity: {value, status, asymmetry}
  level:    {dbfs, low_dbfs, high_dbfs, dbu, class, classes} or null
  hum:      {present, status, mains_hz, mains_status, ground_loop,
             ground_loop_status, mode, lines: [{hz, dbfs, snr_db, view}]}
Status words say what the recording lets a tool know:
  "decidable"   the answer is plain in the recording: it must be given
                and be right (null/unknown counts as unanswered);
  "either"      a right answer or null/unknown are both fine;
  "hidden"      the physics hides it (hum under programme): null is the
                honest answer; a right answer is accepted, a wrong one not;
  "undecidable" (polarity on symmetric programme: pink noise, tones) the
                tool must say unknown; any verdict is a wrong claim.
level.dbfs is AES17 (a full-scale sine is 0 dBFS) RMS of what a balanced
input receives (tip - ring for a balanced port, the signal leg otherwise,
the louder leg for stereo and dual-mono) over 100 ms blocks with the quiet
gaps left out; [low_dbfs, high_dbfs] spans the reasonable gates (relative
20 dB under the gated mean, 20 and 30 dB under the loudest block), with
and without the hum; classes are those within 1 dB of that span.
hum.mode ("common", "differential", "tip", joined by "/" when a ground
loop and ripple are both there) and hum.lines are for reading, not graded.
Hum "visible": at least two lines of the family stand 10 dB over the
programme and noise in a 1 Hz band (Hann, 1 s Welch) in the best view
(tip, ring, sum, difference, or the tip-ring cross-spectrum whose
independent programmes average out); "hidden": no line reaches -6 dB in
any view; "either" between.  Polarity is "decidable" for kick and click
programme whose positive peaks stand at least 1.5 times over the negative
ones in the signal view; "undecidable" for pink noise and tones.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from scipy import signal
from scipy.io import wavfile

DBU_V = 0.7746                # 0 dBu, V RMS
NOISE_DBFS = -110.0           # the interface's own input noise, per leg
PRE_S = 0.5                   # pre-roll cut off: circuit and hum settled
BLOCK_S = 0.1                 # level blocks (DESIGN.md, listen)
VISIBLE_DB, HIDDEN_DB = 10.0, -6.0
ASYM_DECIDABLE = 1.5

# Input impedances: (R ohm, C farad) per leg.
INPUTS = {"line": (10e3, 100e-12), "hiz": (1e6, 150e-12), "mic": (1.5e3, 0.0)}
# Insert cable, per metre: core to core, core to shield.
C_CORE_PER_M, C_SHIELD_PER_M = 60e-12, 110e-12

CLASSES = [(-35.0, "mic"), (-15.0, "instrument"), (-2.0, "consumer-line"),
           (15.0, "pro-line"), (1e9, "speaker")]

# Nominal levels, dBu RMS of the programme as a balanced input receives it.
LEVELS = {"mic": -50.0, "instrument": -22.0, "consumer": -7.8, "pro": 4.0,
          "speaker": 30.0}
# Calibration by input kind: the dBu that reads 0 dBFS.
FS_DBU = {"line": 24.0, "hiz": 16.0, "mic": -22.0}


def dbfs_of_rms(rms):
    return 20.0 * np.log10(max(rms, 1e-30) * np.sqrt(2.0))


def class_of(dbu):
    for top, name in CLASSES:
        if dbu <= top:
            return name
    return "speaker"


# ---------------------------------------------------------------- programmes

def pink(rng, n, rate):
    """Pink noise, 1/f power from 20 Hz to 20 kHz (FFT-shaped)."""
    spec = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
    f = np.fft.rfftfreq(n, 1.0 / rate)
    shape = np.where((f >= 20.0) & (f <= min(20e3, 0.45 * rate)),
                     1.0 / np.sqrt(np.maximum(f, 1.0)), 0.0)
    return np.fft.irfft(spec * shape, n)


def white(rng, n, rate):
    return rng.standard_normal(n)


def tone(freqs):
    def make(rng, n, rate):
        t = np.arange(n) / rate
        return sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi))
                   for f in freqs)
    return make


def pulse_train(rate, n, period_s, shape):
    x = np.zeros(n)
    for k, start in enumerate(range(int(0.05 * rate), n, int(period_s * rate))):
        seg = shape(k)
        end = min(n, start + len(seg))
        x[start:end] += seg[:end - start]
    return x


def click(rng, n, rate):
    """Unipolar clicks (raised-cosine, 0.6 ms), accent on every fourth."""
    w = int(0.0006 * rate)
    bump = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(w) / w)
    return pulse_train(rate, n, 0.25, lambda k: bump * (1.0 if k % 4 == 0 else 0.6))


def kick_shape(rate):
    """A kick: a positive beater thump and a fast-decaying pitch drop."""
    t = np.arange(int(0.25 * rate)) / rate
    thump = np.where(t < 0.004, 0.5 - 0.5 * np.cos(2 * np.pi * t / 0.004), 0.0)
    f = 45.0 + 90.0 * np.exp(-t / 0.02)
    body = np.sin(2 * np.pi * np.cumsum(f) / rate) * np.exp(-t / 0.035)
    return thump + 0.35 * body


def kick(rng, n, rate):
    shape = kick_shape(rate)
    return pulse_train(rate, n, 0.5, lambda k: shape)


def near_mains_notes(mains):
    """A440 notes with a partial (k <= 6) within 0.5 % of a mains harmonic
    (h <= 16).  In equal temperament these cluster at 350, 550 and 700 Hz
    (50 Hz mains) and at 660 and 780 Hz (60 Hz); the notes nearest the low
    harmonics (G2, D3, F#3, B3 by 100, 150, 180, 240 Hz) are 2-3 % off, and
    the bass line plays them."""
    out = []
    for midi in range(28, 89):
        f = 440.0 * 2.0 ** ((midi - 69) / 12.0)
        for k in range(1, 7):
            h = round(k * f / mains)
            if 1 <= h <= 16 and abs(k * f - h * mains) <= 0.005 * h * mains:
                out.append(f)
                break
    return out


def note(rate, f, dur_s, rng, bright):
    n = int((dur_s + 0.3) * rate)
    t = np.arange(n) / rate
    env = np.minimum(t / 0.01, 1.0) * (0.6 + 0.4 * np.exp(-t / 0.1))
    env *= np.where(t > dur_s, np.exp(-(t - dur_s) / 0.08), 1.0)
    x = np.zeros(n)
    for k in range(1, 9):
        if k * f < 0.45 * rate:
            x += np.sin(2 * np.pi * k * f * t + rng.uniform(0, 2 * np.pi)) / k ** bright
    return x * env


def music(mains, with_kick=False, hold=None):
    """A mix in A440: chords and a bass line, most notes near mains harmonics,
    notes coming and going; optionally a held note and a kick drum."""
    def make(rng, n, rate):
        near = near_mains_notes(mains)
        scale = [440.0 * 2.0 ** ((m - 69) / 12.0) for m in
                 (48, 50, 52, 53, 55, 57, 59, 60, 62, 64, 65, 67, 69, 71, 72)]
        beat = 60.0 / rng.uniform(96, 132)
        x = np.zeros(n)
        t0 = 0.0
        while t0 * rate < n:
            for _ in range(rng.integers(1, 4)):
                f = rng.choice(near) if rng.random() < 0.6 else rng.choice(scale)
                dur = beat * rng.integers(1, 4)
                seg = note(rate, f, dur, rng, rng.uniform(0.8, 1.6)) * rng.uniform(0.3, 1.0)
                s = int(t0 * rate)
                e = min(n, s + len(seg))
                x[s:e] += seg[:e - s]
            t0 += beat * rng.integers(1, 3)
        bass = [f for f in near if f < 130.0] + [98.0, 146.83, 185.0, 246.94]
        for k, s in enumerate(range(0, n, int(2 * beat * rate))):
            seg = 0.8 * note(rate, rng.choice(bass), 1.6 * beat, rng, 2.0)
            e = min(n, s + len(seg))
            x[s:e] += seg[:e - s]
        if hold:
            x += 0.7 * note(rate, hold, n / rate, rng, 1.2)[:n]
        if with_kick:
            x += 2.0 * kick(rng, n, rate)
        return x
    return make


SPEECH_TEXTS = [
    "The quick brown fox jumps over the lazy dog, and then it rests for a while.",
    "Check one, two. Check one, two. Can you hear me at the back of the hall?",
    "Tonight's programme starts at eight. Please switch off your phones.",
    "Balanced lines cancel the noise picked up on the way, most of the time.",
]
_speech_cache = {}


def speech(index):
    def make(rng, n, rate):
        key = (index, rate)
        if key not in _speech_cache:
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "s.wav")
                subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150",
                                "-w", path, SPEECH_TEXTS[index]], check=True)
                sr, y = wavfile.read(path)
            y = y.astype(float) / 32768.0
            g = np.gcd(int(rate), int(sr))
            _speech_cache[key] = signal.resample_poly(y, rate // g, sr // g)
        y = _speech_cache[key]
        reps = int(np.ceil(n / len(y)))
        return np.tile(y, reps)[:n]
    return make


SYMMETRIC = {"pink", "white", "tone"}
ASYMMETRIC = {"kick", "click"}


def programme(name):
    """name -> (maker, family).  Families: pink, white, tone, kick, click,
    music, speech."""
    if name == "pink":
        return pink, "pink"
    if name == "white":
        return white, "white"
    if name.startswith("tone"):
        return tone([float(f) for f in name[4:].split("+")]), "tone"
    if name == "kick":
        return kick, "kick"
    if name == "click":
        return click, "click"
    if name.startswith("speech"):
        return speech(int(name[6:] or 0)), "speech"
    if name.startswith("music"):
        mains = int(name[5:7])
        return music(mains, with_kick="kick" in name,
                     hold=349.23 if "f4" in name else None), "music"
    raise ValueError(name)


# ------------------------------------------------------------------- circuit

def hum_family(kind, mains_hz, rng):
    """(harmonic numbers, relative peak amplitudes, phases) of a hum family."""
    if kind == "line":   # a lone mains line (the sensitivity check)
        ks = [1]
    elif kind == "gl":     # ground loop: fundamental and odd harmonics
        ks = [1, 3, 5, 7, 9]
    else:                # full-wave rectifier ripple: 2x mains and multiples
        ks = [2, 4, 6, 8]
    amps = [10.0 ** (-6.0 * i / 20.0) for i in range(len(ks))]
    return ks, amps, rng.uniform(0, 2 * np.pi, len(ks))


class Port:
    """An output stage and the cable into two interface inputs.

    Each node (tip, ring) has an admittance to the interface ground (input
    impedance and cable capacitance to the shield), an admittance to its
    source (output impedance; 0 for a floating ring) whose voltage is the
    source's ground (the ground-loop voltage) plus the stage's drive, and the
    core-to-core capacitance between the nodes.  A transformer's floating
    secondary is a Norton source across the nodes, coupled to the source
    ground only through its interwinding capacitance."""

    def __init__(self, kind, inp, rng, cable_m=3.0):
        self.kind, self.inp = kind, inp
        self.r_in, self.c_in = INPUTS[inp]
        self.c_tr = C_CORE_PER_M * cable_m
        self.c_sh = C_SHIELD_PER_M * cable_m
        self.mismatch_db = 0.0
        if kind in ("balanced", "pin3hot", "bridged-pad"):
            self.mismatch_db = float(rng.uniform(0.05, 0.3))
        if kind == "cross-coupled":
            self.mismatch_db = float(rng.uniform(0.1, 0.5))
        self.z_out = {"balanced": 47.0, "pin3hot": 47.0, "cross-coupled": 50.0,
                      "impedance-balanced": 50.0, "unbal-sleeve": 470.0,
                      "unbal-float": 1000.0, "unbal-inverting": 470.0,
                      "stereo": 100.0, "dual-mono": 100.0, "transformer": 60.0,
                      "poweramp-pad": 2200.0 * 110.0 / 2310.0,
                      "bridged-pad": 2200.0 * 110.0 / 2310.0,
                      "instrument": 10e3}[kind]
        self.pad = 110.0 / 2310.0 if kind.endswith("pad") else 1.0

    def drives(self, s, s2, ripple):
        """Source drives (E_tip, E_ring, E_floating) for programme @s (@s2:
        the right channel of a stereo port) and supply ripple @ripple, which
        rides the signal path."""
        g = 10.0 ** (self.mismatch_db / 40.0)
        k = self.kind
        sig = s + ripple
        z = np.zeros_like(s)
        if k in ("balanced", "cross-coupled", "bridged-pad"):
            return g * sig / 2 * self.pad, -sig / (2 * g) * self.pad, z
        if k == "pin3hot":
            return -g * sig / 2, sig / (2 * g), z
        if k == "unbal-inverting":
            return -sig, z, z
        if k == "stereo":
            return s + ripple, s2 + ripple, z
        if k == "dual-mono":
            return sig, sig, z
        if k == "transformer":
            return z, z, sig
        return sig * self.pad, z, z      # unbalanced, impedance-balanced, pad

    def transfers(self, f):
        """At the frequencies @f (Hz): the tip and ring voltages per volt of
        each source (tip drive + ground, ring drive + ground, floating
        drive).  Nodal analysis: Y V = I with the nodes' 2 x 2 admittance
        matrix."""
        s = 2j * np.pi * np.asarray(f, dtype=float)
        yg = 1.0 / self.r_in + s * (self.c_in + self.c_sh)
        ytr = s * self.c_tr
        k = self.kind
        inj = np.zeros_like(s)
        ys_t = np.full_like(s, 1.0 / self.z_out)
        ys_r = np.full_like(s, 1.0 / self.z_out)
        if k == "unbal-float":
            ys_r = np.zeros_like(s)
        elif k in ("unbal-sleeve", "unbal-inverting", "poweramp-pad", "instrument"):
            ys_r = np.full_like(s, 1.0 / 0.05)      # ring on the sleeve
        elif k == "transformer":
            # Magnetising inductance (first-order high-pass at 12 Hz) and
            # leakage with winding capacitance (second order at 35 kHz); the
            # secondary is a Norton source across the nodes.
            wl, wh = 2 * np.pi * 12.0, 2 * np.pi * 35e3
            h = (s / wl) / (1 + s / wl) / (1 + s / (0.6 * wh) + (s / wh) ** 2)
            inj = h / self.z_out
            ytr = ytr + 1.0 / self.z_out
            ys_t = ys_r = s * 150e-12 / 2     # interwinding capacitance
        a11 = yg + ys_t + ytr
        a22 = yg + ys_r + ytr
        det = a11 * a22 - ytr * ytr
        return {"tt": ys_t * a22 / det, "tr": ytr * ys_r / det,
                "tf": inj * (a22 - ytr) / det,
                "rr": a11 * ys_r / det, "rt": ytr * ys_t / det,
                "rf": inj * (ytr - a11) / det}

    def hum_gains(self, kind, f):
        """Complex tip and ring gains at @f of a ground-loop voltage (@kind
        "gl") or of ripple on the signal path (otherwise)."""
        h = self.transfers(f)
        if kind == "gl":
            return h["tt"] + h["tr"], h["rr"] + h["rt"]
        one, zero = np.ones(1), np.zeros(1)
        d = [float(v[0]) for v in self.drives(one, one, zero)]
        return (h["tt"] * d[0] + h["tr"] * d[1] + h["tf"] * d[2],
                h["rr"] * d[1] + h["rt"] * d[0] + h["rf"] * d[2])

    def solve(self, rate, e_t, e_r, e_f, v_gl):
        """Tip and ring (volts against the interface ground) for the source
        drives and the ground-loop voltage (arrays of one length)."""
        n = len(e_t)
        h = self.transfers(np.fft.rfftfreq(n, 1.0 / rate))
        ft = np.fft.rfft(e_t + v_gl)
        fr = np.fft.rfft(e_r + v_gl)
        vt = h["tt"] * ft + h["tr"] * fr
        vr = h["rr"] * fr + h["rt"] * ft
        if np.any(e_f):
            ff = np.fft.rfft(e_f)
            vt += h["tf"] * ff
            vr += h["rf"] * ff
        return np.fft.irfft(vt, n), np.fft.irfft(vr, n)


# ------------------------------------------------------------------- truth

def active_blocks(x, rate):
    b = int(BLOCK_S * rate)
    nb = len(x) // b
    blk = x[:nb * b].reshape(nb, b)
    return np.mean((blk - blk.mean(axis=1, keepdims=True)) ** 2, axis=1)


def gated_levels(x, rate):
    """RMS levels (dBFS) of @x under the reasonable gates."""
    p = active_blocks(x, rate)
    p = p[p > 0]
    out = []
    mean = np.mean(p)
    sel = p[p >= mean / 100.0]
    out.append(np.mean(sel))
    for g in (20.0, 30.0):
        out.append(np.mean(p[p >= p.max() * 10 ** (-g / 10.0)]))
    return [10 * np.log10(v * 2.0) for v in out]


def gated_rms(x, rate):
    return np.sqrt(10 ** (gated_levels(x, rate)[0] / 10.0) / 2.0)


def asymmetry(x, rate):
    """Positive over negative peak: the mean over 100 ms blocks of the
    louder half of the blocks, from the 0.1 % extreme samples."""
    b = int(BLOCK_S * rate)
    nb = len(x) // b
    blk = x[:nb * b].reshape(nb, b)
    pos, neg = blk.max(axis=1), -blk.min(axis=1)
    loud = (pos + neg) >= np.median(pos + neg)
    return float(np.sum(pos[loud]) / max(np.sum(neg[loud]), 1e-30))


def views(tip, ring):
    return {"tip": tip, "ring": ring, "sum": (tip + ring) / 2, "diff": (tip - ring) / 2}


def welch(x, y, rate):
    f, p = signal.csd(x, y, fs=rate, window="hann", nperseg=int(rate),
                      noverlap=int(rate) // 2, detrend=False)
    return f, p


def background_densities(bg_t, bg_r, rate):
    """Power densities (per Hz, 1 Hz bins) of what may hide hum, in each
    view; for the cross-spectrum, its magnitude plus the spread of its
    estimate (independent programmes average out as 1/sqrt(segments))."""
    dens = {}
    for name, v in views(bg_t, bg_r).items():
        dens[name] = np.real(welch(v, v, rate)[1])
    ptr = welch(bg_t, bg_r, rate)[1]
    k = max(1, int(2 * len(bg_t) / rate) - 1)
    dens["cross"] = np.abs(ptr) + np.sqrt(dens["tip"] * dens["ring"] / k)
    return dens


def hum_snrs(dens, freqs, a_tip, a_ring):
    """Per line (complex peak amplitudes @a_tip, @a_ring at @freqs): (best
    SNR dB in a 1 Hz band, the view it is best in, the louder leg's dBFS)."""
    enbw = 1.5                    # Hann, 1 s segments
    res = []
    for hz, at, ar in zip(freqs, a_tip, a_ring):
        i = int(np.floor(hz))
        amp = {"tip": at, "ring": ar, "sum": (at + ar) / 2, "diff": (at - ar) / 2}
        best = (-np.inf, None)
        for name in dens:
            if name == "cross":
                line = np.abs(at * np.conj(ar)) / 2
            else:
                line = np.abs(amp[name]) ** 2 / 2
            bgp = max(dens[name][i], dens[name][i + 1]) * enbw
            snr = 10 * np.log10(max(line, 1e-40) / max(bgp, 1e-40))
            if snr > best[0]:
                best = (snr, name)
        res.append((best[0], best[1], 20 * np.log10(max(abs(at), abs(ar), 1e-20))))
    return res


def family_status(snrs, duration_s):
    """A family is visible when its second line stands VISIBLE_DB over the
    programme in a 6 s take.  A shorter take averages fewer spectra, whose
    spread grows as 1/sqrt(duration), so a line needs that much more
    margin to stand out at the same false-alarm rate."""
    need = VISIBLE_DB + 5.0 * np.log10(6.0 / duration_s)
    good = sorted((s for s, _, _ in snrs), reverse=True)
    if good and good[min(1, len(good) - 1)] >= need:
        return "visible"
    if not good or good[0] < HIDDEN_DB:
        return "hidden"
    return "either"


# Ports whose two legs show common-mode hum for what it is: the ring rides
# the source's ground (or is driven from it), so hum equal on both legs is
# told apart from hum in the signal.
COMMON_REVEALING = {"balanced", "pin3hot", "cross-coupled", "impedance-balanced",
                    "unbal-sleeve", "unbal-inverting", "stereo", "transformer",
                    "poweramp-pad", "bridged-pad"}
JACK = {"balanced": "balanced", "pin3hot": "balanced", "cross-coupled": "balanced",
        "transformer": "balanced", "bridged-pad": "balanced",
        "impedance-balanced": "unbalanced", "unbal-sleeve": "unbalanced",
        "unbal-float": "unbalanced", "unbal-inverting": "unbalanced",
        "instrument": "unbalanced", "poweramp-pad": "unbalanced",
        "stereo": "stereo", "dual-mono": "dual-mono"}


# --------------------------------------------------------------------- files

def write_wav(path, x, rate, fmt, rng):
    """Write @x (n x 2, full scale 1.0) as 16/24-bit PCM (TPDF dither) or
    32-bit float WAV, through a temporary name."""
    n, ch = x.shape
    if fmt == "float":
        data, bits, tag = x.astype("<f4").tobytes(), 32, 3
    else:
        bits = int(fmt)
        scale = 2.0 ** (bits - 1)
        d = rng.uniform(-0.5, 0.5, x.shape) + rng.uniform(-0.5, 0.5, x.shape)
        q = np.clip(np.round(x * scale + d), -scale, scale - 1).astype("<i4")
        if bits == 16:
            data = q.astype("<i2").tobytes()
        else:
            data = q.view(np.uint8).reshape(n, ch, 4)[:, :, :3].tobytes()
        tag = 1
    block = ch * bits // 8
    # A float format's fmt chunk carries a cbSize (0) and a fact chunk.
    fmt = tag.to_bytes(2, "little") + ch.to_bytes(2, "little")
    fmt += int(rate).to_bytes(4, "little") + (int(rate) * block).to_bytes(4, "little")
    fmt += block.to_bytes(2, "little") + bits.to_bytes(2, "little")
    extra = b""
    if tag == 3:
        fmt += (0).to_bytes(2, "little")
        extra = b"fact" + (4).to_bytes(4, "little") + n.to_bytes(4, "little")
    body = b"WAVEfmt " + len(fmt).to_bytes(4, "little") + fmt + extra
    body += b"data" + len(data).to_bytes(4, "little")
    hdr = b"RIFF" + (len(body) + len(data)).to_bytes(4, "little") + body
    tmp = path + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(hdr + data)
    os.replace(tmp, path)


# ---------------------------------------------------------------- one case

def make_case(outdir, c):
    """c: dict from the case table.  Writes NAME.wav and NAME.truth.json."""
    rng = np.random.default_rng(c["seed"])
    rate, dur = c["rate"], c["dur"]
    n = int(dur * rate)
    pre = int(PRE_S * rate)
    L = n + pre
    inp = c.get("input", "line")
    fs_dbu = c.get("fs_dbu", FS_DBU[inp])
    v_fs = DBU_V * 10 ** (fs_dbu / 20.0) * np.sqrt(2.0)   # volts at digital 1.0
    port = Port(c["port"], inp, rng, c.get("cable_m", 3.0))
    prog = c.get("prog")
    zero = np.zeros(L)

    def record(e):
        t, r = port.solve(rate, *e)
        return t[pre:] / v_fs, r[pre:] / v_fs

    # Programme, scaled so the balanced-input view sits at the wanted level.
    p_t = p_r = np.zeros(n)
    fam_name = None
    if prog:
        make, fam_name = programme(prog)
        # Each channel's programme at one level (a stereo right channel
        # 2 dB under the left) before the level is set.
        s = make(rng, L, rate)
        s /= gated_rms(s, rate)
        s2 = zero
        if c.get("prog2"):
            s2 = programme(c["prog2"])[0](rng, L, rate)
            s2 *= 10 ** (-2.0 / 20.0) / gated_rms(s2, rate)
        e = port.drives(s, s2, zero)
        p_t, p_r = record((e[0], e[1], e[2], zero))
        view = p_t - p_r if JACK[c["port"]] == "balanced" else p_t
        if JACK[c["port"]] in ("stereo", "dual-mono"):
            view = p_t if np.var(p_t) >= np.var(p_r) else p_r
        want_dbfs = LEVELS[c["level"]] + c.get("level_db", 0.0) - fs_dbu
        now = max(gated_levels(view, rate))
        g = 10 ** ((want_dbfs - now) / 20.0)
        p_t, p_r = p_t * g, p_r * g
        tip_rms = gated_rms(p_t if np.var(p_t) > 0 else p_r, rate)
        src_rms = gated_rms(g * s[pre:], rate)

    # Hum: a ground loop (the source's ground against the interface's) and
    # supply ripple (on the signal path), all lines locked to one drifted
    # mains frequency.
    mains = c.get("mains", 50)
    f0 = mains * (1.0 + c.get("drift", rng.uniform(-0.004, 0.004)))
    h_t, h_r = np.zeros(n), np.zeros(n)
    comps = {}
    t = np.arange(n) / rate
    for kind in ("gl", "rip"):
        if kind not in c:
            continue
        ks, amps, phases = hum_family(c.get("family", kind), mains, rng)
        freqs = f0 * np.array(ks, dtype=float)
        if kind == "gl":
            # The source's ground against the interface's, relative to the
            # programme on the tip leg.
            peak = 10 ** (c[kind] / 20.0) * (np.sqrt(2.0) * tip_rms if prog else 1.0)
        else:
            # Ripple rides the signal path, relative to the programme there.
            peak = 10 ** (c[kind] / 20.0) * (np.sqrt(2.0) * src_rms / v_fs if prog else 1.0)
        # Steady lines: each through the circuit at its own frequency, as
        # complex peak amplitudes (digital) on the tip and the ring.
        g_t, g_r = port.hum_gains(kind, freqs)
        src = peak * np.array(amps) * np.exp(1j * np.array(phases))
        a_t, a_r = src * g_t, src * g_r
        keep = freqs < 0.45 * rate
        comps[kind] = (freqs[keep], a_t[keep], a_r[keep])
        for hz, at, ar in zip(freqs[keep], a_t[keep], a_r[keep]):
            w = 2 * np.pi * hz * t
            h_t += np.abs(at) * np.sin(w + np.angle(at))
            h_r += np.abs(ar) * np.sin(w + np.angle(ar))

    noise = 10 ** (NOISE_DBFS / 20.0) / np.sqrt(2.0)
    if c.get("noise_dbfs") is not None:
        noise = 10 ** (c["noise_dbfs"] / 20.0) / np.sqrt(2.0)
    n_t = rng.standard_normal(n) * noise
    n_r = rng.standard_normal(n) * noise
    x = np.stack([p_t + h_t + n_t, p_r + h_r + n_r], axis=1)
    peak = np.max(np.abs(x))
    if peak > 0.9:
        raise SystemExit("%s: peak %.2f over 0.9 of full scale" % (c["name"], peak))
    path = os.path.join(outdir, c["name"] + ".wav")
    write_wav(path, x, rate, c["fmt"], rng)

    truth = {"file": c["name"] + ".wav", "set": c.get("set", "main"),
             "description": c["desc"], "probes": c["probes"],
             "args": ["--input-fs-dbu", "%g" % fs_dbu],
             "rate": rate, "format": c["fmt"], "duration_s": dur,
             "port": c["port"], "input": inp, "programme": prog,
             "programme2": c.get("prog2"), "mismatch_db": port.mismatch_db,
             "mains_drift": f0 / mains - 1.0}
    bg_t, bg_r = p_t + n_t, p_r + n_r
    jack = JACK[c["port"]]
    if prog:
        truth["jack"] = {"value": jack, "status": "decidable"}
        if jack == "balanced":
            view = (p_t + h_t + n_t) - (p_r + h_r + n_r)
            pview = p_t - p_r
        elif jack in ("stereo", "dual-mono"):
            louder = np.var(p_t) >= np.var(p_r)
            view = x[:, 0] if louder else x[:, 1]
            pview = p_t if louder else p_r
        else:
            view, pview = x[:, 0], p_t
        # As recorded (hum and noise in it), and the programme alone (a
        # meter may leave the hum it found out).
        lv = gated_levels(view, rate)
        mid = lv[0]
        lv += gated_levels(pview, rate)
        dbu = mid + fs_dbu
        classes = sorted({class_of(v + fs_dbu + d) for v in lv for d in (-1.0, 1.0)})
        truth["level"] = {"dbfs": round(mid, 2), "low_dbfs": round(min(lv), 2),
                          "high_dbfs": round(max(lv), 2), "dbu": round(dbu, 2),
                          "class": class_of(dbu), "classes": classes}
        inverted = c["port"] in ("pin3hot", "unbal-inverting")
        asym = asymmetry(pview, rate)
        pol = "inverted" if inverted else "normal"
        if fam_name in SYMMETRIC:
            status = "undecidable"
        elif (fam_name in ASYMMETRIC and jack in ("balanced", "unbalanced")
              and max(asym, 1.0 / asym) >= ASYM_DECIDABLE):
            status = "decidable"
        else:
            status = "either"
        truth["polarity"] = {"value": pol, "status": status,
                             "asymmetry": round(asym, 3)}
    else:
        truth["jack"] = truth["polarity"] = truth["level"] = None

    # Hum truth from the recorded hum components.
    lines = []
    fam_state = {}
    dens = background_densities(bg_t, bg_r, rate) if comps else None
    for kind, (freqs, a_t, a_r) in comps.items():
        snrs = hum_snrs(dens, freqs, a_t, a_r)
        strongest = max(d for _, _, d in snrs)
        fam_state[kind] = (family_status(snrs, c["dur"]), snrs, strongest)
        for hz, (snr, vname, d) in zip(freqs, snrs):
            lines.append({"hz": round(hz, 3), "family": kind, "dbfs": round(d, 1),
                          "snr_db": round(snr, 1), "view": vname})
    real = {k: v for k, v in fam_state.items() if v[2] > -125.0}
    hum = {"lines": lines}
    if not real:
        hum.update(present=False, mains_hz=None, mains_status="either",
                   ground_loop=None, ground_loop_status="either", mode=None,
                   status="either" if prog else "decidable")
    else:
        order = {"visible": 2, "either": 1, "hidden": 0}
        st = max((v[0] for v in real.values()), key=order.get)
        hum.update(present=True, status=st, mains_hz=mains,
                   mains_status="decidable" if st == "visible" else "either")
        gl = "gl" in real
        if gl:
            g_st = real["gl"][0]
            decidable = g_st == "visible" and c["port"] in COMMON_REVEALING
        else:
            # Hum on the tip alone, heard by the hum probe (which plays
            # nothing, so knows nothing of the port): the source's own, or
            # a loop past a ring the output leaves open -- both fit.
            tip_only_unknown_port = c["probes"] == ["hum"] and jack != "balanced"
            decidable = (st == "visible" and not tip_only_unknown_port and
                         c["port"] in COMMON_REVEALING - {"stereo"})
        hum.update(ground_loop=gl,
                   ground_loop_status="decidable" if decidable else "either")
        modes = set()
        if gl:
            modes.add("common")
        if "rip" in real:
            modes.add("differential" if jack == "balanced" else "tip")
        hum["mode"] = "/".join(sorted(modes))
    truth["hum"] = hum
    with open(os.path.join(outdir, c["name"] + ".truth.json.tmp"), "w") as fh:
        json.dump(truth, fh, indent=1)
    os.replace(os.path.join(outdir, c["name"] + ".truth.json.tmp"),
               os.path.join(outdir, c["name"] + ".truth.json"))
    return truth


# ---------------------------------------------------------------- the cases

RATES = [48000, 44100, 96000]
FORMATS = ["24", "16", "float"]
PAD_DB = 20.0 * np.log10(2310.0 / 110.0)

# name, port, input, level, programme, hum (gl / rip: dB re programme;
# programme-free: dBFS-like source level), mains.  A "+" in the programme
# names a stereo port's right channel.
MAIN = [
    ("bal-music50-gl50", "balanced", "line", "pro", "music50", {"gl": -12}, 50),
    ("bal-music60-gl60", "balanced", "line", "pro", "music60", {"gl": -20}, 60),
    ("bal-music50-gl60", "balanced", "line", "pro", "music50", {"gl": -15}, 60),
    ("bal-music60-clean", "balanced", "line", "pro", "music60", {}, 60),
    ("bal-f4-clean", "balanced", "line", "pro", "music50f4", {}, 50),
    ("bal-f4-rip50", "balanced", "line", "consumer", "music50f4", {"rip": -20}, 50),
    ("bal-pink-rip60", "balanced", "line", "pro", "pink", {"rip": -8}, 60),
    ("bal-pink-rip50-weak", "balanced", "line", "pro", "pink", {"rip": -45}, 50),
    ("bal-speech-gl50", "balanced", "line", "pro", "speech0", {"gl": -12}, 50),
    ("bal-speech-mic-gl60", "balanced", "mic", "mic", "speech1", {"gl": -12}, 60),
    ("bal-kick-clean", "balanced", "line", "pro", "kick", {}, 50),
    ("bal-click-gl50", "balanced", "line", "consumer", "click", {"gl": -20}, 50),
    ("bal-tone1k-gl50", "balanced", "line", "pro", "tone1000", {"gl": -20}, 50),
    ("bal-tones-rip60", "balanced", "line", "pro", "tone440+1000", {"rip": -20}, 60),
    ("bal-kickmix-glrip50", "balanced", "line", "pro", "music50kick", {"gl": -15, "rip": -25}, 50),
    ("pin3-kick-gl60", "pin3hot", "line", "pro", "kick", {"gl": -20}, 60),
    ("pin3-click-clean", "pin3hot", "line", "consumer", "click", {}, 50),
    ("pin3-music60-rip60", "pin3hot", "line", "pro", "music60", {"rip": -20}, 60),
    ("pin3-pink-gl50", "pin3hot", "line", "pro", "pink", {"gl": -12}, 50),
    ("impbal-pink-gl50", "impedance-balanced", "line", "consumer", "pink", {"gl": -12}, 50),
    ("impbal-music50-gl60", "impedance-balanced", "line", "pro", "music50", {"gl": -20}, 60),
    ("impbal-kick-rip50", "impedance-balanced", "line", "consumer", "kick", {"rip": -10}, 50),
    ("impbal-speech-clean", "impedance-balanced", "line", "pro", "speech2", {}, 50),
    ("impbal-music60-rip60-weak", "impedance-balanced", "line", "pro", "music60", {"rip": -55}, 60),
    ("xc-music50-gl50", "cross-coupled", "line", "pro", "music50", {"gl": -15}, 50),
    ("xc-pink-clean", "cross-coupled", "line", "pro", "pink", {}, 60),
    ("xc-kick-gl60", "cross-coupled", "line", "pro", "kick", {"gl": -20}, 60),
    ("xc-speech-rip50", "cross-coupled", "line", "pro", "speech3", {"rip": -10}, 50),
    ("xfmr-music60-gl60", "transformer", "line", "pro", "music60", {"gl": -6}, 60),
    ("xfmr-pink-rip50", "transformer", "line", "pro", "pink", {"rip": -10}, 50),
    ("xfmr-kick-clean", "transformer", "line", "pro", "kick", {}, 50),
    ("xfmr-speech-gl50", "transformer", "line", "pro", "speech0", {"gl": -6}, 50),
    ("unbs-music50-gl50", "unbal-sleeve", "line", "consumer", "music50", {"gl": -15}, 50),
    ("unbs-pink-rip50", "unbal-sleeve", "line", "consumer", "pink", {"rip": -10}, 50),
    ("unbs-kick-gl60", "unbal-sleeve", "line", "consumer", "kick", {"gl": -20}, 60),
    ("unbs-speech-glrip60", "unbal-sleeve", "line", "consumer", "speech1", {"gl": -15, "rip": -20}, 60),
    ("unbs-tone1k-clean", "unbal-sleeve", "line", "consumer", "tone1000", {}, 50),
    ("unbinv-kick-clean", "unbal-inverting", "line", "consumer", "kick", {}, 50),
    ("instr-music50-gl50", "instrument", "hiz", "instrument", "music50", {"gl": -20}, 50),
    ("instr-click-clean", "instrument", "hiz", "instrument", "click", {}, 60),
    ("float-hiz-speech-clean", "unbal-float", "hiz", "consumer", "speech2", {}, 50),
    ("float-hiz-music60-gl60", "unbal-float", "hiz", "consumer", "music60", {"gl": -15}, 60),
    ("float-hiz-pink-rip50", "unbal-float", "hiz", "consumer", "pink", {"rip": -10}, 50),
    ("float-hiz-kick-clean", "unbal-float", "hiz", "consumer", "kick", {}, 50),
    ("float-line-music50-clean", "unbal-float", "line", "consumer", "music50", {}, 50),
    ("float-line-kick-gl50", "unbal-float", "line", "consumer", "kick", {"gl": -20}, 50),
    ("float-mic-speech-clean", "unbal-float", "mic", "mic", "speech3", {}, 60),
    ("float-mic-pink-gl60", "unbal-float", "mic", "mic", "pink", {"gl": -5}, 60),
    ("st-music50+speech-gl50", "stereo", "line", "consumer", "music50+speech0", {"gl": -20}, 50),
    ("st-pink+music60-gl60", "stereo", "line", "pro", "pink+music60", {"gl": -12}, 60),
    ("st-music50+music60-clean", "stereo", "line", "consumer", "music50+music60", {}, 50),
    ("st-speech+kick-gl60", "stereo", "line", "consumer", "speech1+kick", {"gl": -20}, 60),
    ("st-pink+pink-gl50", "stereo", "line", "pro", "pink+pink", {"gl": -10}, 50),
    ("dm-music60-gl60", "dual-mono", "line", "consumer", "music60", {"gl": -15}, 60),
    ("dm-pink-clean", "dual-mono", "line", "consumer", "pink", {}, 50),
    ("dm-kick-gl50", "dual-mono", "line", "pro", "kick", {"gl": -20}, 50),
    ("amp-music50-rip50", "poweramp-pad", "line", "speaker", "music50", {"rip": -25}, 50),
    ("amp-kick-gl60", "poweramp-pad", "line", "speaker", "kick", {"gl": -30}, 60),
    ("btl-pink-rip60", "bridged-pad", "line", "speaker", "pink", {"rip": -10}, 60),
    ("btl-speech-gl50", "bridged-pad", "line", "speaker", "speech2", {"gl": -20}, 50),
    # Programme-free: the hum probe.  Levels: source dBFS.
    ("hum-bal-gl50", "balanced", "line", None, None, {"gl": -70}, 50),
    ("hum-bal-rip60", "balanced", "line", None, None, {"rip": -80}, 60),
    ("hum-unbs-glrip60", "unbal-sleeve", "line", None, None, {"gl": -75, "rip": -85}, 60),
    ("hum-impbal-rip50", "impedance-balanced", "line", None, None, {"rip": -85}, 50),
    ("hum-xfmr-gl50", "transformer", "line", None, None, {"gl": -30}, 50),
    ("hum-float-hiz-gl60", "unbal-float", "hiz", None, None, {"gl": -60}, 60),
    ("hum-bal-clean", "balanced", "line", None, None, {}, 50),
    ("hum-st-gl50", "stereo", "line", None, None, {"gl": -90}, 50),
]

FA_PORTS = ["balanced", "unbal-sleeve", "impedance-balanced", "stereo",
            "dual-mono", "unbal-float", "transformer", "pin3hot",
            "cross-coupled", "instrument"]
TONAL = ["music50", "music60", "music50f4", "tone349.23", "tone98+146.83+246.94",
         "music60kick", "tone123.47+185+440", "music50", "music60", "music50f4"]


def cases():
    out = []
    for i, (name, port, inp, level, prog, hum, mains) in enumerate(MAIN):
        c = {"name": name, "port": port, "input": inp, "level": level,
             "mains": mains, "seed": 1000 + i, "rate": RATES[i % 3],
             "fmt": FORMATS[(i // 3) % 3], "dur": 3.0 + (i % 4),
             "set": "main", "desc": "%s port, %s, %s" % (port, prog or "no programme",
                                                         ", ".join("%s %+d dB" % kv for kv in hum.items()) or "no hum")}
        c.update(hum)
        if prog and "+" in prog and not prog.startswith("tone"):
            c["prog"], c["prog2"] = prog.split("+", 1)
        else:
            c["prog"] = prog
        if port.endswith("pad"):
            c["fs_dbu"] = FS_DBU[inp] + PAD_DB
        c["probes"] = ["listen"] if prog else ["hum"]
        out.append(c)
    # False alarms: noise alone (half with no programme at all), then tonal
    # music; never any hum.
    for i in range(20):
        port = FA_PORTS[i % 10]
        c = {"name": "fa-noise-%02d-%s" % (i, port), "port": port,
             "input": "hiz" if port == "instrument" else "line",
             "level": "instrument" if port == "instrument" else ("pro", "consumer")[i % 2],
             "mains": 50, "seed": 5000 + i, "rate": RATES[i % 3],
             "fmt": FORMATS[(i // 3) % 3], "dur": 3.0 + (i % 3), "set": "false-alarm",
             "probes": ["listen", "hum"]}
        if i < 10:
            c.update(prog=None, noise_dbfs=-115.0 + 3.0 * i,
                     desc="%s port, no programme, noise at %g dBFS" % (port, -115.0 + 3.0 * i))
        else:
            c.update(prog=("pink", "white")[i % 2],
                     desc="%s port, %s noise programme" % (port, ("pink", "white")[i % 2]))
            if port == "stereo":
                c["prog2"] = "pink"
        out.append(c)
    for i in range(20):
        port = FA_PORTS[(i + 3) % 10]
        prog = TONAL[i % 10]
        c = {"name": "fa-tonal-%02d-%s" % (i, port), "port": port,
             "input": "hiz" if port == "instrument" else "line",
             "level": "instrument" if port == "instrument" else ("pro", "consumer")[i % 2],
             "mains": 50, "seed": 6000 + i, "rate": RATES[(i + 1) % 3],
             "fmt": FORMATS[(i // 2) % 3], "dur": 3.0 + (i % 4), "set": "false-alarm",
             "prog": prog, "probes": ["listen"],
             "desc": "%s port, tonal %s, no hum" % (port, prog)}
        if port == "stereo":
            c["prog2"] = TONAL[(i + 1) % 10]
        out.append(c)
    # Sensitivity: a lone 50 or 60 Hz line at -100 dBFS under -90 dBFS white
    # noise, 2 s; on both legs (ground loop) or the tip only.
    for i, (mains, kind) in enumerate([(50, "gl"), (60, "gl"), (50, "rip"), (60, "rip")]):
        port = "balanced" if kind == "gl" else "unbal-sleeve"
        c = {"name": "sens-%d-%s" % (mains, "common" if kind == "gl" else "tip"),
             "port": port, "input": "line", "level": None, "prog": None,
             "mains": mains, "seed": 7000 + i, "rate": RATES[i % 3], "fmt": "float",
             "dur": 2.0, "set": "sensitivity", "noise_dbfs": -90.0,
             kind: -100.0, "family": "line", "probes": ["hum"],
             "desc": "%d Hz line at -100 dBFS on %s, white noise -90 dBFS, 2 s"
                     % (mains, "both legs" if kind == "gl" else "the tip")}
        out.append(c)
    return out


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: gen-programme.py OUTDIR [NAME-SUBSTRING]\n")
        return 1
    if shutil.which("espeak-ng") is None:
        sys.stderr.write("gen-programme.py: espeak-ng is needed for the speech\n")
        return 1
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    want = argv[2] if len(argv) > 2 else ""
    tally = {}
    for c in cases():
        if want not in c["name"]:
            continue
        t = make_case(outdir, c)
        for field, key in (("hum", "status"), ("polarity", "status")):
            if t[field]:
                k = "%s %s" % (field, t[field][key])
                tally[k] = tally.get(k, 0) + 1
    print("gen-programme: " + ", ".join("%s: %d" % kv for kv in sorted(tally.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
