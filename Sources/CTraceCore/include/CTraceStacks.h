// CTraceStacks: capturing return addresses on the firing path, and the modules they fall in.
//  - a bounds-checked frame-pointer walk of the calling thread's own stack (no allocation, no lock)
//  - the loaded modules (dl_iterate_phdr), for symbolication off the hot path
#ifndef CTRACESTACKS_H
#define CTRACESTACKS_H

#include <stdint.h>

/// Most frames a stack key holds.
#define TRACE_STACK_MAX_FRAMES 64

/// Writes up to `max` return addresses of the caller's stack to `out`, the caller's own caller
/// first; returns how many. Each frame pointer is checked to lie within the thread's stack,
/// above the previous one, and aligned, so a frame without a frame pointer ends the walk.
int trace_stack_capture(uint64_t *out, int max);

/// As trace_stack_capture, but frames whose frame pointer lies below `above` (deeper in the stack: the
/// runtime's own frames under the one holding the probe's argument frame) are skipped, not recorded.
int trace_stack_capture_above(uint64_t *out, int max, uint64_t above);

/// An address inside this library's own code (the image that holds TraceCore), to find its module by.
uint64_t trace_stack_runtime_anchor(void);

/// Walks a frame-pointer chain from `fp` within [low, high): the signal handler's walk.
int trace_stack_walk(uint64_t fp, uint64_t low, uint64_t high, uint64_t *out, int max);

/// One loaded module: its file, load bias and the address range of its loaded segments.
typedef struct trace_module {
    char path[512];
    uint64_t bias;
    uint64_t low;
    uint64_t high;
} trace_module;

/// Fills `out` with up to `max` loaded modules (the main executable's path is "" as the loader
/// reports it); returns how many there are.
int trace_modules_list(trace_module *out, int max);

#endif
