#include "config.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "heap.h"

/* The out probe works on a few arrays of megabytes each (recordings, FFT
 * buffers) that come and go.  Left to its defaults, glibc maps each one
 * fresh and unmaps it on free, so every 4 KiB page of every array is
 * faulted in and zeroed again.  Instead everything comes from the brk
 * heap (no mmap), never trimmed while we run, so memory freed by one
 * stage is reused by the next without a fault.
 *
 * The first HEAP_RESERVE bytes of that heap are set aside at once and
 * advised for transparent huge pages: one fault then brings in 2 MiB, not
 * 4 KiB.  On a virtual machine a 4 KiB fault costs several microseconds;
 * measured here, touching 40 MiB took 183 ms in small pages and 7 ms in
 * huge ones (best of 30), and a 10 s sweep's analysis (45 MiB) went from
 * 236 ms to 70 ms of processor time.  The reservation is address space only: pages are
 * faulted in as they are used, so a small job's resident size stays
 * small.  All of this is advice; where huge pages are off, or under a
 * sanitizer or valgrind whose malloc ignores mallopt, nothing breaks. */
#define TRIM_THRESHOLD (256 << 20)
#define TOP_PAD (16 << 20)
#define HEAP_RESERVE (128 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

void bp_heap_prepare(void)
{
	void *reserve;

	mallopt(M_MMAP_MAX, 0);
	mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD);
	mallopt(M_TOP_PAD, TOP_PAD);
	reserve = malloc(HEAP_RESERVE);
	if (reserve) {
		uintptr_t from = ((uintptr_t)reserve + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
		uintptr_t to = ((uintptr_t)reserve + HEAP_RESERVE) & ~(HUGE_PAGE - 1);

		if (to > from)
			madvise((void *)from, to - from, MADV_HUGEPAGE);
		free(reserve);
	}
}
