#!/usr/bin/env python3
"""Malformed and hostile recordings for tests/bad-input.test, in DIR.

Each is a canonical WAV (RIFF, a 16-byte 'fmt ' chunk, 'data') with one
field wrong, cut short, or lying about its length; or not audio at all.
Usage: bad-input-files.py DIR
"""
import math
import os
import random
import struct
import sys


def header(channels=2, rate=48000, bits=16, data_bytes=0, fmt=1, block=None):
    """A 44-byte header; every field may be absurd, masked to its width."""
    if block is None:
        block = channels * bits // 8
    return (b"RIFF" + struct.pack("<I", (36 + data_bytes) & 0xFFFFFFFF) + b"WAVE" +
            b"fmt " + struct.pack("<IHHIIHH", 16, fmt, channels & 0xFFFF,
                                  rate & 0xFFFFFFFF,
                                  (rate * block) & 0xFFFFFFFF,
                                  block & 0xFFFF, bits) +
            b"data" + struct.pack("<I", data_bytes & 0xFFFFFFFF))


def noise16(frames, channels=2, seed=1):
    """Frames of 16-bit noise at about -10 dBFS, the same on every run."""
    rng = random.Random(seed)
    return struct.pack("<%dh" % (frames * channels),
                       *(rng.randint(-10000, 10000)
                         for _ in range(frames * channels)))


def float_pair(frames, bad_frame, bad_value):
    """Two float channels, tip +s and ring -s, one sample replaced."""
    rng = random.Random(2)
    samples = []
    for i in range(frames):
        s = rng.uniform(-0.3, 0.3)
        samples += [bad_value if i == bad_frame else s, -s]
    return struct.pack("<%df" % len(samples), *samples)


def main():
    d = sys.argv[1]
    second = noise16(48000)
    files = {
        # Channel counts: the most a WAV can claim, none, and 1024 (within
        # libsndfile's limit) for 2 ms.
        "ch65535.wav": header(channels=65535, data_bytes=65535 * 2 * 10) +
                       bytes(65535 * 2 * 10),
        "ch0.wav": header(channels=0, data_bytes=len(second)) + second,
        "ch1024.wav": header(channels=1024, data_bytes=1024 * 2 * 96) +
                      bytes(1024 * 2 * 96),
        # Sample rates: none, 1 Hz, 4 GHz, and just outside 8..384 kHz.
        "rate0.wav": header(rate=0, data_bytes=len(second)) + second,
        "rate1.wav": header(rate=1, data_bytes=len(second)) + second,
        "rate4g.wav": header(rate=4000000000, data_bytes=len(second)) + second,
        "rate7999.wav": header(rate=7999, data_bytes=len(second)) + second,
        "rate384001.wav": header(rate=384001, data_bytes=len(second)) + second,
        # Sample formats: 0 and 64 bits, an unknown format tag.
        "bits0.wav": header(bits=0, block=4, data_bytes=len(second)) + second,
        "bits64.wav": header(bits=64, data_bytes=len(second)) + second,
        "fmt99.wav": header(fmt=99, data_bytes=len(second)) + second,
        # Empty and cut short: no bytes, a header with no frames, a header
        # cut inside 'fmt ', a header with no 'data', 'RIFF' alone, half
        # of the data.
        "zero-bytes.wav": b"",
        "zero-frames.wav": header(),
        "cut-in-fmt.wav": header()[:24],
        "no-data-chunk.wav": header()[:36],
        "riff-only.wav": b"RIFF",
        "truncated.wav": header(data_bytes=4 * len(second)) + 2 * second,
        # Headers that claim hours: 3 h of 48 kHz 16-bit stereo (2 GB), and
        # the most a WAV can claim (4 GiB); both hold one second.
        "hours.wav": header(data_bytes=3 * 3600 * 48000 * 4) + second,
        "hours-max.wav": header(data_bytes=0xFFFFFFFF) + second,
        # Float recordings of 2 s with NaN, +inf or -inf in one sample.
        "nan.wav": header(fmt=3, bits=32, data_bytes=96000 * 8) +
                   float_pair(96000, 1000, math.nan),
        "inf.wav": header(fmt=3, bits=32, data_bytes=96000 * 8) +
                   float_pair(96000, 50000, math.inf),
        "neg-inf.wav": header(fmt=3, bits=32, data_bytes=96000 * 8) +
                       float_pair(96000, 95999, -math.inf),
        # 2 s of digital silence: no excitation to deconvolve by.
        "silent.wav": header(data_bytes=96000 * 4) + bytes(96000 * 4),
        # Not audio.
        "text.wav": b"This is a text file, not a recording.\n",
        "random.wav": bytes(random.Random(3).getrandbits(8)
                            for _ in range(65536)),
    }
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
