#!/usr/bin/python3
"""An independent reference for balprobe's loop figures.

Reads a loop take saved with 'balprobe loop --save DIR' (the stimulus and
the recording) and measures it again by the AES17 / IEC 61606-3
definitions with scipy, sharing no code and no method detail with
balprobe's analysers where a standard method exists:

  latency    the sweep's transfer by spectral division, the delay from a
             weighted straight-line fit of its unwrapped phase over
             100 Hz .. 10 kHz
  response   |H|^2 interpolated between bins at each third octave,
             re 1 kHz
  noise      Welch PSD (Hann) of the silence integrated over 20 Hz ..
             20 kHz; A-weighted through the IEC 61672 analogue filter
             mapped by scipy.signal.bilinear at 4x the rate (where the
             bilinear warp is negligible in the audio band)
  THD+N      a time-domain notch (scipy.signal.iirnotch, run forwards and
             backwards), the residual band-limited to 20 Hz .. 20 kHz
             (a brick wall in its DFT), RMS re the tone's RMS
  DR         AES17: -(THD+N of the -60 dBFS tone) - the tone's level
  IMD        SMPTE by demodulation: the 7 kHz carrier high-passed, its
             envelope (Hilbert), the envelope's AC RMS re its mean
  gains      band power of each path's transfer, 100 Hz .. 10 kHz, weighted
             by the sweep's spectrum

Prints one JSON object with the same names as balprobe's "loop" object.
Usage: aes17-reference.py STIMULUS.wav RECORDING.wav
"""
import json
import sys

import numpy as np
from scipy import signal
from scipy.io import wavfile


def plan_of(path):
    """The plan line balprobe writes into the stimulus's comment."""
    data = open(path, "rb").read()
    at = data.find(b"balprobe-plan/1 ")
    if at < 0:
        sys.exit("%s: no balprobe plan in its comment" % path)
    line = data[at:data.index(b"\0", at) if b"\0" in data[at:] else len(data)]
    words = line.decode("ascii", "replace").split()
    head = dict(w.split("=") for w in words[1:4])
    segs = []
    for w in words[4:]:
        kind, ch, start, length, f1, f2, level, fade = w.split(":")
        segs.append(dict(kind=kind, ch=int(ch), start=int(start), length=int(length),
                         f1=float(f1), f2=float(f2), level=float(level), fade=int(fade)))
    return float(head["rate"]), segs


def dbfs(ms):
    """AES17: a full-scale sine (mean square 1/2) reads 0 dBFS."""
    return 10 * np.log10(2 * ms)


def transfer(x, y, n):
    X = np.fft.rfft(x, n)
    Y = np.fft.rfft(y, n)
    P = np.abs(X) ** 2
    return Y * np.conj(X) / (P + 1e-9 * P.max()), P


def band_gain(H, P, f, lo=100.0, hi=10000.0):
    m = (f >= lo) & (f <= hi)
    return 10 * np.log10(np.sum(np.abs(H[m]) ** 2 * P[m]) / np.sum(P[m]))


def latency(H, P, f, n):
    ir = np.fft.irfft(H, n)
    d0 = int(np.argmax(np.abs(ir)))
    m = (f >= 100.0) & (f <= 10000.0)
    w = 2 * np.pi * f[m]
    # The phase with the whole-sample delay taken out is nearly flat:
    # unwrap it and fit phase = a - w tau / fs by weighted least squares.
    ph = np.unwrap(np.angle(H[m] * np.exp(1j * w * d0 / RATE)))
    wt = np.abs(H[m]) ** 2 * P[m]
    A = np.vstack([np.ones_like(w), -w / RATE]).T * np.sqrt(wt)[:, None]
    sol = np.linalg.lstsq(A, ph * np.sqrt(wt), rcond=None)[0]
    return d0 + sol[1]


def third_octaves():
    return [f for f in (20, 25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400,
                        500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 4000, 5000,
                        6300, 8000, 10000, 12500, 16000, 20000)]


def response(H, f, lo, hi):
    def at(fc):
        # |H|^2 interpolated linearly between bins at each third octave.
        return 10 * np.log10(np.interp(fc, f, np.abs(H) ** 2))
    ref = at(1000.0)
    return [[fc, at(fc) - ref] for fc in third_octaves() if lo <= fc <= hi]


def a_weighting_sos(rate):
    """IEC 61672-1 A weighting: poles 20.6, 107.7, 737.9, 12194 Hz."""
    f1, f2, f3, f4 = 20.598997, 107.65265, 737.86223, 12194.217
    k = (2 * np.pi * f4) ** 2 * 10 ** (1.9997 / 20)
    num = [k, 0, 0, 0, 0]
    den = np.polymul([1, 4 * np.pi * f4, (2 * np.pi * f4) ** 2],
                     [1, 4 * np.pi * f1, (2 * np.pi * f1) ** 2])
    den = np.polymul(np.polymul(den, [1, 2 * np.pi * f3]), [1, 2 * np.pi * f2])
    b, a = signal.bilinear(num, den, rate)
    return signal.tf2sos(b, a)


def noise(x):
    f, p = signal.welch(x, RATE, window="hann", nperseg=8192)
    m = (f >= 20.0) & (f <= min(20000.0, 0.49 * RATE))
    unweighted = dbfs(np.sum(p[m]) * (f[1] - f[0]))
    up = signal.resample_poly(x, 4, 1)
    aw = signal.sosfilt(a_weighting_sos(4 * RATE), up)[len(up) // 5:]
    f, p = signal.welch(aw, 4 * RATE, window="hann", nperseg=32768)
    m = (f >= 20.0) & (f <= min(20000.0, 0.49 * RATE))
    return unweighted, dbfs(np.sum(p[m]) * (f[1] - f[0]))


def thdn(x, hz):
    """The notch on the whole segment (fades included), then the settled
    middle half's residual limited to 20 Hz .. 20 kHz by its own DFT (a
    brick wall: AES17's standard low-pass and a high-pass that does not
    ring on the tone's onset)."""
    b, a = signal.iirnotch(hz, 2.0, RATE)
    r = signal.filtfilt(b, a, x)
    trim = len(x) // 4
    r, t = r[trim:-trim], x[trim:-trim]
    R = np.fft.rfft(r)
    f = np.fft.rfftfreq(len(r), 1 / RATE)
    m = (f >= 20.0) & (f <= min(20000.0, 0.49 * RATE))
    residual = 2 * np.sum(np.abs(R[m]) ** 2) / len(r) ** 2
    return 10 * np.log10(residual / np.mean(t ** 2)), dbfs(np.mean(t ** 2))


def imd(x):
    hp = signal.butter(8, 2000.0, "highpass", fs=RATE, output="sos")
    c = signal.sosfiltfilt(hp, x)
    env = np.abs(signal.hilbert(c))
    lp = signal.butter(4, 1000.0, "lowpass", fs=RATE, output="sos")
    env = signal.sosfiltfilt(lp, env)
    trim = len(x) // 4
    env = env[trim:-trim]
    return 20 * np.log10(np.std(env) / np.mean(env))


def main():
    global RATE
    RATE, segs = plan_of(sys.argv[1])
    rate, stim = wavfile.read(sys.argv[1])
    rate2, rec = wavfile.read(sys.argv[2])
    if rate != RATE or rate2 != RATE:
        sys.exit("the files' rates differ from the plan's")
    stim = stim.astype(float)
    rec = rec.astype(float)
    rec = rec - np.median(rec, axis=0)
    sweeps = [s for s in segs if s["kind"] == "sweep"]
    n = 1 << int(np.ceil(np.log2(max(s["length"] for s in sweeps) + RATE * 0.6)))
    f = np.fft.rfftfreq(n, 1 / RATE)
    # Output 1's sweep on input 1 from the recording's start: the delay.
    s1 = sweeps[0]
    x1 = np.zeros(n)
    x1[s1["start"]:s1["start"] + s1["length"]] = stim[s1["start"]:s1["start"] + s1["length"], 0]
    # The recording up to where the second sweep could start arriving
    # (the search margin is a second).
    y1 = np.zeros(n)
    end = min(n, sweeps[1]["start"] if len(sweeps) > 1 else n)
    y1[:end] = rec[:end, 0]
    H, P = transfer(x1, y1, n)
    delay = latency(H, P, f, n)
    out = {"latency": {"samples": delay}}
    lo, hi = 2 * s1["f1"], 0.95 * s1["f2"]
    out["response"] = response(H, f, lo, hi)
    d = int(round(delay))
    paths = {}
    for s in sweeps:
        x = stim[s["start"]:s["start"] + s["length"], s["ch"]]
        a = s["start"] + d - int(0.01 * RATE)
        for inp in (0, 1):
            y = rec[a:a + int(0.01 * RATE) + s["length"] + int(0.1 * RATE), inp]
            Hs, Ps = transfer(np.concatenate([np.zeros(int(0.01 * RATE)), x]), y, n)
            paths[(s["ch"], inp)] = band_gain(Hs, Ps, f)
    out["paths_db"] = {"%d>%d" % (o + 1, i + 1): g for (o, i), g in paths.items()}
    for s in segs:
        x = rec[s["start"] + d:s["start"] + d + s["length"], 0]
        if s["kind"] == "silence":
            out["noise_dbfs"], out["noise_dbfs_a"] = noise(x)
        elif s["kind"] == "twotone":
            out["imd_db"] = imd(x)
        elif s["kind"] == "tone" and s["level"] > -20:
            out["thd_n_db"] = thdn(x, s["f1"])[0]
        elif s["kind"] == "tone":
            ratio, level = thdn(x, s["f1"])
            out["dynamic_range_db"] = -ratio - level
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
