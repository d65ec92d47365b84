#!/bin/sh
# Make the sox-* fixtures: recordings built with sox alone, independent of
# balprobe's port model, each with a hand-derived NAME.expect.json.
#
#   gen-sox-fixtures.sh [OUTDIR]     (default: the fixtures/ beside tests/)
#
# sox conventions the truths rely on (SoX 14.4):
#   - synth sine has peak 1.0 before vol; a sine of peak A is 20 log10(A)
#     dBFS (AES17).
#   - synth whitenoise is uniform on [-A, A]: RMS A/sqrt(3), so its level
#     is 20 log10(A) - 4.771 + 3.010 = 20 log10(A) - 1.761 dBFS.
#   - synth pinknoise has no level that follows from its parameters: its
#     level is not judged.
#   - -R fixes the noise generator: every run gives the same samples, and
#     a 2-channel whitenoise draws the same sequence as a 1-channel one,
#     interleaved.  The interface noise below therefore comes from "trim 2"
#     into a longer take, past every draw a programme used.
#   - "-m" halves each input; "-m -v 1 a -v 1 b" adds them as they are.
#   - -D: no dither, so the files hold exactly what the effects made.
#   - -r before -n: synth runs at the fixture's rate (no resampling).
#   - remix 1 1v-1: ring = -tip (a balanced pair); vol -1 inverts.
set -eu

SOX=${SOX:-sox}
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../fixtures}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/soxfix.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# raw RATE [OUTPUT OPTIONS] FILE EFFECTS...: synthesise at RATE as float.
# The rate must stand before -n: given only for the output, sox would
# synthesise at its default rate and resample, filtering the noise.
raw() {
	r=$1
	shift
	"$SOX" -R -D -r "$r" -n -e floating-point -b 32 "$@"
}

# noise RATE SECONDS AMPLITUDE: independent uniform noise on both inputs,
# taken from 2 s into a 5 s take.
noise() {
	raw "$1" -c 2 "$tmp/noise.wav" synth 5 whitenoise whitenoise \
		trim 2 "$2" vol "$3"
}

# mix OUT BITS INPUT...: add the inputs unscaled.
mix() {
	o=$1 bits=$2
	shift 2
	if [ $# -eq 1 ]; then
		"$SOX" -D "$1" -b "$bits" "$out/$o"
		return
	fi
	set -- $(for f in "$@"; do printf -- '-v 1 %s ' "$f"; done)
	"$SOX" -D -m "$@" -b "$bits" "$out/$o"
}

# json_or_null VALUE [string]: VALUE as JSON; "-" is null.
json_or_null() {
	if [ "$1" = - ]; then
		printf null
	elif [ "${2:-}" = string ]; then
		printf '"%s"' "$1"
	else
		printf '%s' "$1"
	fi
}

# truth NAME FILE DESCRIPTION ARGS EXIT JACK LEVEL_DBFS LEVEL_DBU CLASS
#       HUM_PRESENT MAINS_HZ GROUND_LOOP HUM_MODE
# writes NAME.expect.json; ARGS is a JSON array's inside, "-" leaves a
# field unjudged (null).  Levels are judged to +-0.1 dB.
truth() {
	name=$1
	{
		printf '{\n  "file": "%s",\n  "description": "%s",\n' "$2" "$3"
		printf '  "args": [%s],\n  "exit": %s,\n' "$4" "$5"
		printf '  "jack": "%s",\n  "polarity": null,\n' "$6"
		printf '  "level_dbfs": %s,\n' "$(json_or_null "$7")"
		[ "$7" = - ] || printf '  "level_tol_db": 0.1,\n'
		printf '  "level_dbu": %s,\n' "$(json_or_null "$8")"
		printf '  "class": %s,\n' "$(json_or_null "$9" string)"
		shift 9
		printf '  "clipping": false,\n  "hum_present": %s,\n' "$1"
		printf '  "mains_hz": %s,\n' "$(json_or_null "$2")"
		printf '  "ground_loop": %s,\n' "$(json_or_null "$3")"
		printf '  "hum_mode": %s\n}\n' "$(json_or_null "$4" string)"
	} >"$out/$name.expect.json.tmp"
	mv "$out/$name.expect.json.tmp" "$out/$name.expect.json"
}

# 1. Balanced 1 kHz at +4 dBu.  Legs: sine peak 0.1 (-20 dBFS) and its
#    negative; tip - ring is a sine of peak 0.2: 20 log10(0.2) = -13.98 dBFS.
#    Noise (uniform 2e-5: -95.7 dBFS per leg) adds 6e-8 dB.  +18 -> +4.02 dBu.
raw 48000 "$tmp/sig.wav" synth 2 sine 1000 vol 0.1 remix 1 1v-1
noise 48000 2 0.00002
mix sox-bal-1k-48k.flac 24 "$tmp/sig.wav" "$tmp/noise.wav"
truth sox-bal-1k-48k sox-bal-1k-48k.flac \
	"sox: 1 kHz sine peak 0.1, remix 1 1v-1 (balanced); tip - ring = sine of peak 0.2 = -13.98 dBFS; +18 dBu calibration -> +4.02 dBu" \
	'"--probe", "listen", "--input-fs-dbu", "18"' 0 balanced -13.98 4.02 pro-line \
	false - - -

# 2. Inverted balanced white noise.  w uniform 0.2; remix 1 1v-1 then
#    vol -1: tip = -w, ring = +w.  tip - ring = -2w, uniform 0.4:
#    20 log10(0.4) - 1.761 = -9.72 dBFS; +14 -> +4.28 dBu.
raw 44100 "$tmp/sig.wav" synth 2 whitenoise vol 0.2 remix 1 1v-1 vol -1
noise 44100 2 0.00002
mix sox-inv-white-44k.wav 16 "$tmp/sig.wav" "$tmp/noise.wav"
truth sox-inv-white-44k sox-inv-white-44k.wav \
	"sox: white noise (uniform 0.2), remix 1 1v-1, vol -1: balanced with pin 3 hot; tip - ring uniform 0.4 = -9.72 dBFS; +14 dBu calibration -> +4.28 dBu" \
	'"--probe", "listen", "--input-fs-dbu", "14"' 0 balanced -9.72 4.28 pro-line \
	false - - -

# 3. Unbalanced 1 kHz with a 50 Hz ground loop.  Tip: sine peak 0.1
#    (-20.00 dBFS); ring: nothing.  Both: 50 Hz peak 3e-4 (-70.5 dBFS) and
#    150 Hz peak 1e-4, equal and in phase.  The tip's level gains 4e-5 dB
#    from the hum.  +10 -> -10.00 dBu.
raw 44100 "$tmp/sig.wav" synth 2 sine 1000 vol 0.1 remix 1 0
raw 44100 -c 2 "$tmp/hum1.wav" synth 2 sine 50 sine 50 vol 0.0003
raw 44100 -c 2 "$tmp/hum3.wav" synth 2 sine 150 sine 150 vol 0.0001
noise 44100 2 0.00002
mix sox-unbal-1k-gl50-44k.flac 24 "$tmp/sig.wav" "$tmp/hum1.wav" \
	"$tmp/hum3.wav" "$tmp/noise.wav"
truth sox-unbal-1k-gl50-44k sox-unbal-1k-gl50-44k.flac \
	"sox: 1 kHz sine peak 0.1 on the tip only (remix 1 0); 50 Hz peak 3e-4 and 150 Hz peak 1e-4 identical on both legs (ground loop); tip = -20.00 dBFS; +10 dBu calibration -> -10.00 dBu" \
	'"--probe", "listen", "--input-fs-dbu", "10"' 0 unbalanced -20.0 -10.0 consumer-line \
	true 50 true common

# 4. Stereo: 1 kHz peak 0.1 left (-20 dBFS), 3 kHz peak 0.05 right
#    (-26 dBFS); the louder leg is the tip.  +10 -> -10.00 dBu.
raw 96000 -c 2 "$tmp/sig.wav" synth 1.5 sine 1000 sine 3000 remix 1v0.1 2v0.05
noise 96000 1.5 0.00002
mix sox-stereo-tones-96k.flac 24 "$tmp/sig.wav" "$tmp/noise.wav"
truth sox-stereo-tones-96k sox-stereo-tones-96k.flac \
	"sox: 1 kHz sine peak 0.1 on the tip, 3 kHz sine peak 0.05 on the ring (stereo); louder leg -20.00 dBFS; +10 dBu calibration -> -10.00 dBu" \
	'"--probe", "listen", "--input-fs-dbu", "10"' 0 stereo -20.0 -10.0 consumer-line \
	false - - -

# 5. Dual-mono white noise: uniform 0.1 on the tip (20 log10(0.1) - 1.761
#    = -21.76 dBFS), the same in phase at 0.9 on the ring.  +10 -> -11.76.
raw 48000 "$tmp/sig.wav" synth 2 whitenoise vol 0.1 remix 1 1v0.9
noise 48000 2 0.00002
mix sox-dualmono-white-48k.flac 16 "$tmp/sig.wav" "$tmp/noise.wav"
truth sox-dualmono-white-48k sox-dualmono-white-48k.flac \
	"sox: white noise (uniform 0.1) on the tip, the same at 0.9 on the ring (remix 1 1v0.9): dual-mono; tip = -21.76 dBFS; +10 dBu calibration -> -11.76 dBu" \
	'"--probe", "listen", "--input-fs-dbu", "10"' 0 dual-mono -21.76 -11.76 consumer-line \
	false - - -

# 6. Balanced sox pink noise: the jack and the absence of hum are judged,
#    the level is not (sox's pink noise level does not follow from its
#    parameters).
raw 48000 "$tmp/sig.wav" synth 2 pinknoise vol 0.1 remix 1 1v-1
noise 48000 2 0.00002
mix sox-bal-pink-48k.flac 16 "$tmp/sig.wav" "$tmp/noise.wav"
truth sox-bal-pink-48k sox-bal-pink-48k.flac \
	"sox: pink noise, remix 1 1v-1 (balanced); level not judged" \
	'"--probe", "listen"' 0 balanced - - - \
	false - - -

# 7. Hum probe, 60 Hz ground loop: 60 Hz peak 5e-4 (-66 dBFS) and 180 Hz
#    peak 2e-4, identical on both legs, over independent noise.
raw 48000 -c 2 "$tmp/hum1.wav" synth 2 sine 60 sine 60 vol 0.0005
raw 48000 -c 2 "$tmp/hum3.wav" synth 2 sine 180 sine 180 vol 0.0002
noise 48000 2 0.00003
mix sox-hum-gl60-48k.flac 24 "$tmp/hum1.wav" "$tmp/hum3.wav" "$tmp/noise.wav"
truth sox-hum-gl60-48k sox-hum-gl60-48k.flac \
	"sox: nothing playing; 60 Hz peak 5e-4 and 180 Hz peak 2e-4 identical on both legs (ground loop)" \
	'"--probe", "hum"' 0 unknown - - - \
	true 60 true common

# 8. Hum probe, 100 Hz ripple in a balanced output: +r on the tip, -r on
#    the ring (remix 1 1v-1), 50 Hz mains.
raw 44100 "$tmp/rip.wav" synth 1.5 sine 100 vol 0.0003 remix 1 1v-1
noise 44100 1.5 0.00003
mix sox-hum-ripple100-44k.wav 24 "$tmp/rip.wav" "$tmp/noise.wav"
truth sox-hum-ripple100-44k sox-hum-ripple100-44k.wav \
	"sox: nothing playing; 100 Hz peak 3e-4 on the tip and inverted on the ring (supply ripple of a balanced output, 50 Hz mains)" \
	'"--probe", "hum"' 0 unknown - - - \
	true 50 false differential

# 9. Dead port: independent noise only (uniform 3e-5: -92.2 dBFS per leg).
noise 96000 1.5 0.00003
mix sox-dead-96k.flac 16 "$tmp/noise.wav"
truth sox-dead-96k sox-dead-96k.flac \
	"sox: independent white noise (uniform 3e-5, -92.2 dBFS) on both legs, nothing else" \
	'"--probe", "listen"' 3 no-signal - - - \
	false - - -
