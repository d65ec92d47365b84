/* balprobe: how the process's heap is set up for the analysers. */
#ifndef BALPROBE_HEAP_H
#define BALPROBE_HEAP_H

/* Keep the heap's memory once it is touched, so large buffers freed by
 * one stage of an analysis are reused by the next without page faults,
 * and back its first part with huge pages (call first thing in main). */
void bp_heap_prepare(void);

#endif
