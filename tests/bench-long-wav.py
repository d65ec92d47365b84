#!/usr/bin/env python3
"""A long recording for make bench-long, written as it is made.

bench-long-wav.py FILE SECONDS: 48 kHz, 16-bit, two channels: a balanced
pair (tip +s, ring -s, s low-passed noise at about -22 dBFS) with the same
50 Hz hum on both legs at -40 dBFS (a ground loop), as tests/bench.sh's
recordings.  One minute of audio is made and written over and over (a
minute holds 3000 whole hum cycles, so the hum runs on without a jump);
memory stays at one minute's worth whatever SECONDS is.  FILE is written
under FILE.tmp and renamed when complete.
"""
import array
import math
import os
import random
import struct
import sys

RATE = 48000
BLOCK_S = 60


def block():
    """One minute of interleaved 16-bit frames."""
    rng = random.Random(1)
    hum_amp = 32767 * 10 ** (-40 / 20)   # AES17: a sine peaking at A reads A
    w = 2 * math.pi * 50 / RATE
    frames = array.array("h", bytes(4 * RATE * BLOCK_S))
    y = 0.0
    for i in range(RATE * BLOCK_S):
        y = 0.7 * y + 0.3 * rng.gauss(0.0, 5000.0)
        hum = hum_amp * math.sin(w * i)
        frames[2 * i] = int(y + hum)
        frames[2 * i + 1] = int(-y + hum)
    if sys.byteorder != "little":
        frames.byteswap()
    return frames.tobytes()


def main():
    path, seconds = sys.argv[1], int(sys.argv[2])
    data_bytes = seconds * RATE * 4
    if data_bytes + 36 > 0xFFFFFFFF:
        sys.exit("bench-long-wav.py: %d s does not fit in a WAV" % seconds)
    one = block()
    with open(path + ".tmp", "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt " +
                struct.pack("<IHHIIHH", 16, 1, 2, RATE, RATE * 4, 4, 16) +
                b"data" + struct.pack("<I", data_bytes))
        left = data_bytes
        while left > 0:
            f.write(one[:left])
            left -= len(one)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
