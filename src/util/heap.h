/* balprobe: how the process's heap is set up for the analysers.  Both
 * calls are advice to glibc's malloc; built for another C library
 * (configure's heap check) they do nothing. */
#ifndef BALPROBE_HEAP_H
#define BALPROBE_HEAP_H

#include <stddef.h>

/* Keep the heap's memory once it is touched, so large buffers freed by
 * one stage of an analysis are reused by the next without page faults
 * (call first thing in main). */
void bp_heap_prepare(void);

/* About to use some @bytes in large arrays: have the heap's next @bytes
 * backed by huge pages where the system offers them.  Advice only. */
void bp_heap_reserve_huge(size_t bytes);

#endif
