/* balprobe: the A-weighting curve of IEC 61672-1:2013 (its equations E.1
 * and E.6), in dB: 0 dB at 1 kHz, -19.1 dB at 100 Hz, -4.3 dB at
 * 10 kHz.
 */
#ifndef BALPROBE_A_WEIGHTING_H
#define BALPROBE_A_WEIGHTING_H

/* The A weighting at @hz (> 0), dB. */
double bp_a_weighting_db(double hz);

#endif
