// CTraceStacks: capturing return addresses on the firing path, and the modules they fall in.
//  - a bounds-checked frame-pointer walk of the calling thread's own stack (no allocation, no lock)
//  - a stack key's capture, which compares the thread's last stack for that key before it walks
//  - the loaded modules (dl_iterate_phdr), for symbolication off the hot path
#ifndef CTRACESTACKS_H
#define CTRACESTACKS_H

#include <stdint.h>

/// Most frames a stack key holds.
#define TRACE_STACK_MAX_FRAMES 64

/// Writes up to `max` return addresses of the caller's stack to `out`, the innermost first; returns how many.
/// Frames whose frame pointer lies below `above` (deeper in the stack: the runtime's own frames under the one
/// holding the probe's argument frame) are skipped, not recorded. Each frame pointer recorded is checked to
/// lie within the thread's stack, above the previous one, and aligned, so a frame without one ends the walk.
int trace_stack_capture_above(uint64_t *out, int max, uint64_t above);

/// Frame records (from the walking function's own frame up) a thread's cache of its last stack holds.
#define TRACE_STACK_CACHE_RECORDS 48

/// The hash every stack's frames start from.
#define TRACE_STACK_HASH_SEED 0x9E3779B97F4A7C15ull

/// One frame's step of a stack's hash (the table mixes the result once more).
static inline uint64_t trace_stack_hash_step(uint64_t h, uint64_t frame) {
    return (h ^ frame) * 0xBF58476D1CE4E5B9ull;
}

/// The hash of `n` frames, as trace_stack_key computes it while it walks.
uint64_t trace_stack_hash(const uint64_t *frames, int n);

/// Whether `n` interned words equal `n` frames.
int trace_stack_frames_equal(const int64_t *a, const uint64_t *b, int n);

/// A new key site's number for trace_stack_key (never 0, never reused).
uint64_t trace_stack_new_owner(void);

/// A stack key's capture, as trace_stack_capture_above walks it: when the calling thread's last capture was
/// for key site `owner` and every frame record that walk read reads the same now, returns that capture's id
/// (committed with trace_stack_key_commit) without walking. Otherwise walks, writes the frames to `out`, their
/// count to `count` and their hash to `hash`, and returns -1. No allocation, no lock.
int64_t trace_stack_key(uint64_t owner, uint64_t above, int max, uint64_t *out, int *count, uint64_t *hash);

/// Gives the calling thread's last trace_stack_key walk for `owner` its id, so the next one can hit.
void trace_stack_key_commit(uint64_t owner, int64_t id);

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
