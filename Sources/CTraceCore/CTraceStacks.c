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

int trace_stack_walk(uint64_t fp, uint64_t low, uint64_t high, uint64_t *out, int max) {
    int n = 0;
    while (n < max) {
        if (fp < low || fp + 16 > high || (fp & 7) != 0) break;
        uint64_t next = ((const uint64_t *)fp)[0];
        uint64_t ret = ((const uint64_t *)fp)[1];
        if (ret == 0) break;
        out[n++] = ret;
        if (next <= fp) break;
        fp = next;
    }
    return n;
}

__attribute__((noinline)) int trace_stack_capture(uint64_t *out, int max) {
    if (__builtin_expect(trace_stack_high_known == 0, 0)) find_stack_bounds();
    if (max > TRACE_STACK_MAX_FRAMES) max = TRACE_STACK_MAX_FRAMES;
    // Frame 0 is our caller's return address: the frame of this function records where it was called.
    uint64_t fp = (uint64_t)__builtin_frame_address(0);
    return trace_stack_walk(fp, stack_low, trace_stack_high_known, out, max);
}

__attribute__((noinline)) int trace_stack_capture_above(uint64_t *out, int max, uint64_t above) {
    if (__builtin_expect(trace_stack_high_known == 0, 0)) find_stack_bounds();
    if (max > TRACE_STACK_MAX_FRAMES) max = TRACE_STACK_MAX_FRAMES;
    uint64_t fp = (uint64_t)__builtin_frame_address(0);
    // Skip the frames below `above`, each checked as the walk checks it.
    while (fp < above) {
        if (fp < stack_low || fp + 16 > trace_stack_high_known || (fp & 7) != 0) return 0;
        uint64_t next = ((const uint64_t *)fp)[0];
        if (next <= fp) return 0;
        fp = next;
    }
    return trace_stack_walk(fp, stack_low, trace_stack_high_known, out, max);
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
