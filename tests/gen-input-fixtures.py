#!/usr/bin/python3
"""Fixtures for the in probe, from circuit models independent of the sim.

    /usr/bin/python3 tests/gen-input-fixtures.py BALPROBE OUTDIR

For each case, balprobe's own in stimulus at the case's rate (balprobe
stimulus --probe in) drives an input stage modelled here in the frequency
domain from its circuit: the return is IFFT(H_tip X_tip + H_ring X_ring),
delayed, with the noise and ground-loop hum of the case, written as
16-bit, 24-bit or float.  Beside each recording, NAME.truth.json holds the
verdict, the polarity and the analytic CMRR at 1 kHz,
|H_tip - H_ring| / (2 |H_tip + H_ring|), and the arguments for
'balprobe analyse --probe in'.  Needs numpy; sox converts to FLAC.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.io import wavfile

RNG = np.random.default_rng(20261206)


def stimulus(balprobe, rate):
    """balprobe's in stimulus at @rate: (frames, 2) float."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s.wav")
        subprocess.run([balprobe, "-q", "stimulus", "--probe", "in", "-r", str(rate),
                        "-o", path], check=True)
        _, x = wavfile.read(path)
    return x.astype(np.float64)


# Circuits: each returns (H_tip(f), H_ring(f)) for the left return and,
# for a stereo input, the right one; f in Hz (numpy array).

def difference_amp(tolerances, gain=1.0):
    """Four-resistor difference amplifier: R1 from the ring, R2 feedback,
    R3 from the tip, R4 to ground; each resistor off by its tolerance."""
    r1, r2, r3, r4 = (nominal * (1.0 + t) for nominal, t in
                      zip((1e4, gain * 1e4, 1e4, gain * 1e4), tolerances))

    def h(f):
        one = np.ones_like(f, dtype=complex)
        return r4 / (r3 + r4) * (1 + r2 / r1) * one, -r2 / r1 * one
    return h


def with_source_imbalance(h, z_in, r_tip, r_ring):
    """The cable's source resistances into an input of @z_in per leg."""
    def g(f):
        ht, hr = h(f)
        return ht * z_in / (z_in + r_tip), hr * z_in / (z_in + r_ring)
    return g


def transformer(c_w=100e-12, r_load=1e4, cmrr_lf_db=70.0):
    """Input transformer: differential gain 1 above its LF corner (20 Hz);
    common mode leaks through the inter-winding capacitance c_w into the
    secondary's load (j w c_w r_load) plus a flat residue."""
    flat = 10 ** (-cmrr_lf_db / 20)

    def h(f):
        w = 2 * np.pi * f
        s = 1j * w
        hp = s / (s + 2 * np.pi * 20.0)
        leak = flat + s * c_w * r_load
        return hp * (1 + leak / 2), hp * (-1 + leak / 2)
    return h


def inamp(gain_db=12.0, cmrr_db=95.0):
    """Three-op-amp instrumentation amplifier with a first-order pole."""
    g = 10 ** (gain_db / 20)
    c = g * 10 ** (-cmrr_db / 20)

    def h(f):
        pole = 1 / (1 + 1j * f / 80e3)
        return pole * (g + c / 2), pole * (-g + c / 2)
    return h


def unbalanced(gain=1.0, z_in=1e6, r_src=100.0):
    """TS socket (or Hi-Z instrument input): the ring is grounded."""
    def h(f):
        one = np.ones_like(f, dtype=complex)
        return gain * z_in / (z_in + r_src) * one, 0 * one
    return h


def pin3hot(h):
    def g(f):
        ht, hr = h(f)
        return -ht, -hr
    return g


def render(stim, rate, h, delay_s, right=None):
    """The returns of the drives @stim through @h (and @right), delayed."""
    n = 1 << int(np.ceil(np.log2(len(stim) + rate)))
    f = np.fft.rfftfreq(n, 1 / rate)
    f[0] = 1e-3
    xt = np.fft.rfft(stim[:, 0], n)
    xr = np.fft.rfft(stim[:, 1], n)
    shift = np.exp(-2j * np.pi * f * delay_s)
    outs = []
    for circuit in (h, right) if right else (h,):
        ht, hr = circuit(f)
        outs.append(np.fft.irfft((ht * xt + hr * xr) * shift, n)[:len(stim) + int(0.5 * rate)])
    return np.stack(outs, axis=1)


def add_noise_hum(y, rate, noise_dbfs, hum_dbfs, mains=50.0):
    t = np.arange(len(y)) / rate
    y = y + 10 ** (noise_dbfs / 20) * RNG.standard_normal(y.shape)
    if hum_dbfs is not None:
        hum = sum(10 ** ((hum_dbfs + rel) / 20) * np.sin(2 * np.pi * mains * k * t)
                  for k, rel in ((1, 0.0), (3, -8.0), (5, -14.0)))
        y = y + hum[:, None]
    return y


def write(path, rate, y, fmt):
    y = np.clip(y, -1.0, 1.0 - 2 ** -23)
    if fmt == "float":
        wavfile.write(path, rate, y.astype(np.float32))
        return path
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "x.wav")
        wavfile.write(wav, rate, (y * 2 ** 31).astype(np.int32))
        flac = path[:-4] + ".flac"
        subprocess.run(["sox", "-V1", wav, "-b", "16" if fmt == "16" else "24", flac],
                       check=True)
    return flac


def cmrr_1k(h):
    ht, hr = h(np.array([1000.0]))
    return float(20 * np.log10(abs(ht[0] - hr[0]) / 2 / abs(ht[0] + hr[0])))


CASES = [
    # name, rate, format, circuit, right, delay s, noise dBFS, hum dBFS, verdict, polarity
    ("in-diffamp-1pct", 48000, "16", difference_amp((0.01, -0.01, -0.01, 0.01)), None,
     0.0042, -100, None, "balanced", "normal"),
    ("in-diffamp-5pct-gl50", 96000, "24", difference_amp((0.05, 0.0, -0.03, 0.0), 2.0), None,
     0.0107, -100, -60, "balanced", "normal"),
    ("in-diffamp-0.1pct-pin3hot", 44100, "float",
     pin3hot(difference_amp((0.001, -0.0005, 0.0, 0.0005))), None,
     0.0021, -110, None, "balanced", "inverted"),
    ("in-transformer", 48000, "24", transformer(), None, 0.0031, -105, None,
     "balanced", "normal"),
    ("in-inamp", 48000, "24", inamp(), None, 0.0015, -100, -70, "balanced", "normal"),
    ("in-source-imbalance", 48000, "16",
     with_source_imbalance(difference_amp((0, 0, 0, 0)), 1e4, 50.0, 250.0), None,
     0.0063, -100, None, "balanced", "normal"),
    ("in-ts-unbalanced", 44100, "16", unbalanced(), None, 0.0052, -100, -60,
     "unbalanced", "normal"),
    ("in-hiz-unbalanced-latency", 96000, "24", unbalanced(2.0, 1e6, 1e4), None,
     0.0234, -100, None, "unbalanced", "normal"),
    ("in-stereo", 48000, "24", lambda f: (np.ones_like(f) * 0.9 + 0j, 0 * f + 0.001),
     lambda f: (0 * f + 0.001 + 0j, np.ones_like(f) * 0.9 + 0j), 0.0040, -100, None,
     "stereo", "normal"),
    ("in-dead", 48000, "16", lambda f: (0 * f + 0j, 0 * f + 0j), None, 0.0, -96, -70,
     "no-signal", "unknown"),
]


def main():
    balprobe, outdir = sys.argv[1], sys.argv[2]
    stims = {}
    for (name, rate, fmt, h, right, delay, noise, hum, verdict, polarity) in CASES:
        if rate not in stims:
            stims[rate] = stimulus(balprobe, rate)
        y = add_noise_hum(render(stims[rate], rate, h, delay, right), rate, noise, hum)
        path = write(os.path.join(outdir, name + ".wav"), rate, y, fmt)
        truth = {"file": os.path.basename(path), "args": [], "exit": 3 if verdict == "no-signal" else 0,
                 "jack": verdict, "polarity": polarity,
                 "cmrr_1k_db": None if verdict in ("stereo", "no-signal") else round(cmrr_1k(h), 2),
                 "description": "%s, %d Hz, %s, %.1f ms late" % (name, rate, fmt, delay * 1e3)}
        with open(os.path.join(outdir, name + ".truth.json"), "w") as out:
            json.dump(truth, out, indent=1)
            out.write("\n")
        print(name, truth["cmrr_1k_db"])


if __name__ == "__main__":
    main()
