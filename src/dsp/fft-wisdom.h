/* balprobe: what FFTW's planner learned, kept between runs. */
#ifndef BALPROBE_FFT_WISDOM_H
#define BALPROBE_FFT_WISDOM_H

/* Load the planner's wisdom from the cache file, if there is one
 * ($XDG_CACHE_HOME/balprobe/fftw-wisdom, else ~/.cache/balprobe/...). */
void bp_fft_wisdom_load(void);

/* Write the wisdom back, atomically, when this run's planning added to
 * it.  A cache: any failure is silent. */
void bp_fft_wisdom_save(void);

#endif
