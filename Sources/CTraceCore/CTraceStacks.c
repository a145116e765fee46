#define _GNU_SOURCE
#include "CTraceStacks.h"
#include <link.h>
#include <pthread.h>
#include <string.h>

// The calling thread's stack bounds, found once per thread by pthread_getattr_np (never from a signal handler).
static __thread __attribute__((tls_model("initial-exec"))) uint64_t stack_low = 0;
__thread __attribute__((tls_model("initial-exec"))) uint64_t trace_stack_high_known = 0;

static void find_stack_bounds(void) {
    pthread_attr_t attr;
    void *base = 0;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &base, &size);
        pthread_attr_destroy(&attr);
    }
    if (base && size) {
        stack_low = (uint64_t)base;
        trace_stack_high_known = (uint64_t)base + size;
    } else {
        // Unknown bounds: an empty range, so the walk records nothing rather than guess.
        uint64_t here = (uint64_t)__builtin_frame_address(0);
        stack_low = here;
        trace_stack_high_known = here;
    }
}

// Whether `next`, read from the frame record at `fp`, is a frame record the walk may read: above the
// previous one (so the walk ends), within the stack, aligned. The lower bound follows from the order.
static inline int next_frame_ok(uint64_t next, uint64_t fp, uint64_t high) {
    return next > fp && next <= high - 16 && (next & 7) == 0;
}

int trace_stack_walk(uint64_t fp, uint64_t low, uint64_t high, uint64_t *out, int max) {
    if (fp < low || fp + 16 > high || (fp & 7) != 0) return 0;
    int n = 0;
    while (n < max) {
        uint64_t next = ((const uint64_t *)fp)[0];
        uint64_t ret = ((const uint64_t *)fp)[1];
        if (ret == 0) break;
        out[n++] = ret;
        if (!next_frame_ok(next, fp, high)) break;
        fp = next;
    }
    return n;
}

// The first frame at or above `above`, stepping from `fp` (the walking function's own frame) over the
// runtime's frames below it; 0 if the chain does not climb to it. Each step must climb, and everything
// between the own frame and `above` is the live stack, so no other check is needed to read it.
static inline uint64_t frame_at_or_above(uint64_t fp, uint64_t above) {
    while (fp < above) {
        uint64_t next = ((const uint64_t *)fp)[0];
        if (next <= fp) return 0;
        fp = next;
    }
    return fp;
}

__attribute__((noinline)) int trace_stack_capture_above(uint64_t *out, int max, uint64_t above) {
    if (__builtin_expect(trace_stack_high_known == 0, 0)) find_stack_bounds();
    if (max > TRACE_STACK_MAX_FRAMES) max = TRACE_STACK_MAX_FRAMES;
    uint64_t fp = frame_at_or_above((uint64_t)__builtin_frame_address(0), above);
    if (fp == 0) return 0;
    return trace_stack_walk(fp, stack_low, trace_stack_high_known, out, max);
}

// A frame record as it lies on the stack: the caller's frame address, then the return address.
typedef uint64_t frame_record __attribute__((vector_size(16)));

// The calling thread's last stack captured by trace_stack_key: the key site it was for, its id, and every
// frame record the walk read, from the walking function's own frame up, as [frame address, return address]
// pairs. A hit reads the same records at the same addresses, each one validated when the walk read it, so
// it needs no bounds check; equal records mean the walk would take the same steps and return the same
// frames, so the same id. A firing never runs inside another on its thread (the runtime's rule), so two
// walks never fill the entry at once.
typedef struct stack_cache {
    union {
        frame_record pairs[TRACE_STACK_CACHE_RECORDS + 1];   // the last: where records past the room go
        uint64_t records[2 * TRACE_STACK_CACHE_RECORDS + 2];
    };
    uint64_t owner;      // the key site the entry is for; 0: none
    uint64_t pending;    // the key site of the walk not committed yet
    int64_t id;
    uint64_t own;        // the walking function's frame address
    uint64_t above;
    uint32_t count;      // records compared on a hit
    uint32_t complete;   // the pending walk's records all fit
} stack_cache;

static __thread __attribute__((tls_model("initial-exec"))) stack_cache cache;

static uint64_t owners = 0;

uint64_t trace_stack_new_owner(void) { return __atomic_add_fetch(&owners, 1, __ATOMIC_RELAXED); }

static inline frame_record read_record(const void *at) {
    frame_record r;
    __builtin_memcpy(&r, at, sizeof r);
    return r;
}

// One pass of walk_hashing: with `aligned` set, each next frame address is checked as trace_stack_walk checks
// it; otherwise its low bits are only gathered in `*odd` (a misaligned one, within the stack, reads safely).
static inline __attribute__((always_inline)) int walk_pass(uint64_t fp, uint64_t high, int max, uint64_t *out,
                                                           uint64_t *hash, uint64_t *rec, int note, int aligned,
                                                           uint64_t *odd, int *zero) {
    const uint64_t top = high - 16;
    uint64_t h = *hash, bits = 0;
    int n = 0;
    *zero = 0;
    while (n < max) {
        uint64_t next = ((const uint64_t *)fp)[0];
        uint64_t ret = ((const uint64_t *)fp)[1];
        if (note) {
            rec[2 * n] = next;
            rec[2 * n + 1] = ret;
        }
        if (ret == 0) {
            *zero = 1;
            break;
        }
        out[n++] = ret;
        h = trace_stack_hash_step(h, ret);
        if (next <= fp || next > top || (aligned && (next & 7) != 0)) break;
        bits |= next;
        fp = next;
    }
    *hash = h;
    *odd = bits;
    return n;
}

// The frames from `fp` (a checked frame record) up, as trace_stack_walk walks them, hashed into `*hash`;
// `*read` is set to the records read. When `note` is set, each record read is noted at `rec` too (the
// caller made room for `max`: a walk reads one record a frame, or one more when a zero return address ends
// it). The first pass checks each next frame address against the previous one and the stack's top only;
// a misaligned one is rare, and sends the walk round again with the alignment checked at each frame.
static inline __attribute__((always_inline)) int walk_hashing(uint64_t fp, uint64_t high, int max, uint64_t *out,
                                                              uint64_t *hash, uint64_t *rec, int note, uint32_t *read) {
    const uint64_t seed = *hash;
    uint64_t odd = 0;
    int zero = 0;
    int n = walk_pass(fp, high, max, out, hash, rec, note, 0, &odd, &zero);
    if (__builtin_expect((odd & 7) != 0, 0)) {
        *hash = seed;
        n = walk_pass(fp, high, max, out, hash, rec, note, 1, &odd, &zero);
    }
    *read = (uint32_t)(n + zero);
    return n;
}

// The miss path: the careful walk from `own` (as trace_stack_capture_above walks), noting each record it
// reads in the cache to commit once the id is known, the return addresses in `out` and their hash.
__attribute__((noinline)) static int walk_noting(stack_cache *c, uint64_t own, uint64_t above, int max,
                                                 uint64_t *out, uint64_t *hash) {
    if (__builtin_expect(trace_stack_high_known == 0, 0)) find_stack_bounds();
    if (max > TRACE_STACK_MAX_FRAMES) max = TRACE_STACK_MAX_FRAMES;
    uint64_t high = trace_stack_high_known;
    uint32_t k = 0, reads = 0;
    int n = 0;
    *hash = TRACE_STACK_HASH_SEED;
    uint64_t fp = own;
    c->complete = 0;
    while (fp < above) {
        frame_record r = read_record((const void *)fp);
        c->pairs[k < TRACE_STACK_CACHE_RECORDS ? k : TRACE_STACK_CACHE_RECORDS] = r;   // past the room: not kept
        k++;
        if (r[0] <= fp) return 0;   // no stack (trace_stack_capture_above's 0 frames), not cached
        fp = r[0];
    }
    if (fp < stack_low || fp + 16 > high || (fp & 7) != 0) {
        // No frame at all: the records read so far decide it.
    } else if (k + (uint32_t)max <= TRACE_STACK_CACHE_RECORDS) {
        n = walk_hashing(fp, high, max, out, hash, c->records + 2 * k, 1, &reads);
    } else {
        return walk_hashing(fp, high, max, out, hash, 0, 0, &reads);   // too deep to keep: not cached
    }
    k += reads;
    if (k > 0 && k <= TRACE_STACK_CACHE_RECORDS) {
        c->count = k;
        c->complete = 1;
    }
    return n;
}

__attribute__((noinline)) int64_t trace_stack_key(uint64_t owner, uint64_t above, int max, uint64_t *out,
                                                  int *count, uint64_t *hash) {
    uint64_t own = (uint64_t)__builtin_frame_address(0);
    stack_cache *c = &cache;
    if (c->owner == owner && c->above == above && c->own == own) {
        // Eight records at a time, the first difference ending the compare (a thread between two stacks).
        frame_record diff = {0, 0};
        uint64_t at = own;
        const frame_record *r = c->pairs, *end = r + c->count;
        while (end - r >= 8) {
            for (int i = 0; i < 8; i++) {
                diff |= read_record((const void *)at) ^ r[i];
                at = r[i][0];
            }
            r += 8;
            if (diff[0] | diff[1]) goto miss;
        }
        for (; r != end; r++) {
            diff |= read_record((const void *)at) ^ *r;
            at = (*r)[0];
        }
        if ((diff[0] | diff[1]) == 0) return c->id;
    }
miss:
    c->owner = 0;
    c->pending = owner;
    c->own = own;
    c->above = above;
    *count = walk_noting(c, own, above, max, out, hash);
    return -1;
}

void trace_stack_key_commit(uint64_t owner, int64_t id) {
    stack_cache *c = &cache;
    if (c->pending != owner || !c->complete || id < 0) return;
    c->id = id;
    c->owner = owner;
}

uint64_t trace_stack_hash(const uint64_t *frames, int n) {
    uint64_t h = TRACE_STACK_HASH_SEED;
    for (int i = 0; i < n; i++) h = trace_stack_hash_step(h, frames[i]);
    return h;
}

int trace_stack_frames_equal(const int64_t *a, const uint64_t *b, int n) {
    return __builtin_memcmp(a, b, (size_t)n * sizeof(uint64_t)) == 0;
}

uint64_t trace_stack_runtime_anchor(void) { return (uint64_t)(uintptr_t)&trace_stack_capture_above; }

struct module_walk {
    trace_module *out;
    int max;
    int count;
};

static int on_module(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct module_walk *w = data;
    uint64_t low = UINT64_MAX, high = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        uint64_t a = info->dlpi_addr + ph->p_vaddr;
        if (a < low) low = a;
        if (a + ph->p_memsz > high) high = a + ph->p_memsz;
    }
    if (high == 0) return 0;
    if (w->count < w->max) {
        trace_module *m = &w->out[w->count];
        const char *name = info->dlpi_name ? info->dlpi_name : "";
        strncpy(m->path, name, sizeof(m->path) - 1);
        m->path[sizeof(m->path) - 1] = 0;
        m->bias = info->dlpi_addr;
        m->low = low;
        m->high = high;
    }
    w->count++;
    return 0;
}

int trace_modules_list(trace_module *out, int max) {
    struct module_walk w = {out, max, 0};
    dl_iterate_phdr(on_module, &w);
    return w.count;
}
