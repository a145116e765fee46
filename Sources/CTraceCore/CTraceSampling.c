#define _GNU_SOURCE
#include "CTraceCore.h"
#include "CTraceSampling.h"
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif
#ifndef SIGEV_THREAD_ID
#define SIGEV_THREAD_ID 4
#endif

_Thread_local const trace_sample *trace_current_sample = 0;

// A timer's signal value: its slot in the low SLOT_BITS, its generation above. A signal still queued when
// its timer was deleted carries an old generation and is dropped — unless the slot's generation has come
// round to the same value, so the generation takes every bit the slot does not (8 388 607 adds to wrap).
#define SLOT_BITS 8
#define SLOT_MASK ((1 << SLOT_BITS) - 1)
#define GENERATION_MAX ((1 << (31 - SLOT_BITS)) - 1)
_Static_assert(TRACE_SAMPLE_SLOTS <= (1 << SLOT_BITS), "a slot index must fit in SLOT_BITS");

typedef struct sample_slot {
    int64_t generation;   // 0: free; the handler samples only while its signal's generation matches
    int64_t busy;         // 1 while a handler is inside this slot
    int64_t tid;
    timer_t timer;
    uint64_t head;        // written by the handler (single producer: the slot's own thread)
    uint64_t tail;        // written by the sampler thread (single consumer)
    int64_t dropped;
    trace_sample ring[TRACE_SAMPLE_RING];
} sample_slot;

static sample_slot *pool = 0;
static int64_t next_generation = 1;
static int64_t signals_seen = 0;
static int installed = 0;
static pid_t own_pid = 0;

// The thread's stack top, when the firing path has already found it (CTraceStacks.c keeps it per thread).
extern __thread __attribute__((tls_model("initial-exec"))) uint64_t trace_stack_high_known;

// Reads 16 bytes at `address` without faulting on an unmapped or protected page (one syscall).
// Every argument is passed as a long: syscall() is variadic and reads six longs, and the sixth (flags)
// travels on the stack, where an int leaves the slot's upper half as whatever was there — the kernel then
// sees non-zero flags and fails with EINVAL, and the sample keeps only its PC.
static int safe_read16(uint64_t address, uint64_t out[2]) {
    struct iovec local = {out, 16};
    struct iovec remote = {(void *)address, 16};
    return syscall(SYS_process_vm_readv, (long)own_pid, (long)&local, 1L, (long)&remote, 1L, 0L) == 16;
}

// The frame-pointer walk of an interrupted thread: each frame is read through safe_read16 unless
// it lies on a page already read, so a corrupt chain ends the walk instead of faulting.
static int walk_interrupted(uint64_t fp, uint64_t sp, uint64_t *out, int max) {
    int n = 0;
    uint64_t checked_page = 0;
    while (n < max) {
        if (fp < sp || (fp & 7) != 0 || fp - sp > (64u << 20)) break;
        uint64_t words[2];
        uint64_t page = fp & ~(uint64_t)4095;
        if (page == checked_page && ((fp + 15) & ~(uint64_t)4095) == page) {
            words[0] = ((const uint64_t *)fp)[0];
            words[1] = ((const uint64_t *)fp)[1];
        } else {
            if (!safe_read16(fp, words)) break;
            checked_page = ((fp + 15) & ~(uint64_t)4095) == page ? page : 0;
        }
        if (words[1] == 0) break;
        out[n++] = words[1];
        if (words[0] <= fp) break;
        fp = words[0];
    }
    return n;
}

static void on_sigprof(int sig, siginfo_t *info, void *context) {
    (void)sig;
    int saved_errno = errno;
    __atomic_fetch_add(&signals_seen, 1, __ATOMIC_RELAXED);
    sample_slot *slots = __atomic_load_n(&pool, __ATOMIC_ACQUIRE);
    if (info->si_code == SI_TIMER && slots) {
        int value = info->si_value.sival_int;
        int index = value & SLOT_MASK;
        int64_t generation = (int64_t)((unsigned)value >> SLOT_BITS);
        if (index < TRACE_SAMPLE_SLOTS) {
            sample_slot *s = &slots[index];
            __atomic_store_n(&s->busy, 1, __ATOMIC_SEQ_CST);
            if (__atomic_load_n(&s->generation, __ATOMIC_SEQ_CST) == generation) {
                uint64_t head = s->head;
                uint64_t tail = __atomic_load_n(&s->tail, __ATOMIC_ACQUIRE);
                if (head - tail >= TRACE_SAMPLE_RING) {
                    __atomic_store_n(&s->dropped, s->dropped + 1, __ATOMIC_RELAXED);
                } else {
                    trace_sample *e = &s->ring[head % TRACE_SAMPLE_RING];
                    ucontext_t *uc = context;
                    uint64_t pc = 0, fp = 0, sp = 0;
#if defined(__x86_64__)
                    pc = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
                    fp = (uint64_t)uc->uc_mcontext.gregs[REG_RBP];
                    sp = (uint64_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
                    pc = (uint64_t)uc->uc_mcontext.pc;
                    fp = (uint64_t)uc->uc_mcontext.regs[29];
                    sp = (uint64_t)uc->uc_mcontext.sp;
#endif
                    e->tid = s->tid;
                    e->weight = 1 + (info->si_overrun > 0 ? info->si_overrun : 0);
                    e->timestamp = trace_timestamp_ns();
                    e->frames[0] = pc;
                    int n = 1;
                    uint64_t high = trace_stack_high_known;
                    if (high > sp) {
                        n += trace_stack_walk(fp, sp, high, e->frames + 1, TRACE_STACK_MAX_FRAMES - 1);
                    } else {
                        n += walk_interrupted(fp, sp, e->frames + 1, TRACE_STACK_MAX_FRAMES - 1);
                    }
                    e->depth = n;
                    __atomic_store_n(&s->head, head + 1, __ATOMIC_RELEASE);
                }
            }
            __atomic_store_n(&s->busy, 0, __ATOMIC_RELEASE);
        }
    }
    errno = saved_errno;
}

int trace_sampling_install(void) {
    if (installed) return 0;
    struct sigaction old;
    if (sigaction(SIGPROF, 0, &old) != 0) return -1;
    if ((old.sa_flags & SA_SIGINFO) ? old.sa_sigaction != 0 : (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)) return -1;
    own_pid = getpid();
    if (!pool) {
        sample_slot *p = calloc(TRACE_SAMPLE_SLOTS, sizeof(sample_slot));
        if (!p) return -1;
        __atomic_store_n(&pool, p, __ATOMIC_RELEASE);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigprof;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPROF, &sa, 0) != 0) return -1;
    installed = 1;
    return 0;
}

int trace_sampling_add(int64_t tid, int64_t period_ns) {
    if (!pool) return -EINVAL;
    int index = -1;
    for (int i = 0; i < TRACE_SAMPLE_SLOTS; i++) {
        if (__atomic_load_n(&pool[i].generation, __ATOMIC_ACQUIRE) == 0) { index = i; break; }
    }
    if (index < 0) return -ENOSPC;
    sample_slot *s = &pool[index];
    int64_t generation = next_generation++;
    if (next_generation > GENERATION_MAX) next_generation = 1;
    s->tid = tid;
    s->head = 0;
    __atomic_store_n(&s->tail, 0, __ATOMIC_RELAXED);
    s->dropped = 0;
    struct sigevent sev;
    memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGPROF;
    sev.sigev_value.sival_int = (int)((generation << SLOT_BITS) | index);
    sev.sigev_notify_thread_id = (pid_t)tid;
    // The CPU-time clock of thread `tid` (the kernel's encoding: ~tid << 3 | per-thread | sched).
    clockid_t clock = (clockid_t)((~(int32_t)tid) << 3 | 6);
    timer_t timer;
    if (timer_create(clock, &sev, &timer) != 0) return -errno;
    s->timer = timer;
    __atomic_store_n(&s->generation, generation, __ATOMIC_SEQ_CST);
    struct itimerspec spec;
    spec.it_interval.tv_sec = period_ns / 1000000000;
    spec.it_interval.tv_nsec = period_ns % 1000000000;
    spec.it_value = spec.it_interval;
    if (timer_settime(timer, 0, &spec, 0) != 0) {
        int e = errno;
        __atomic_store_n(&s->generation, 0, __ATOMIC_SEQ_CST);
        timer_delete(timer);
        return -e;
    }
    return index;
}

void trace_sampling_remove(int slot) {
    if (!pool || slot < 0 || slot >= TRACE_SAMPLE_SLOTS) return;
    sample_slot *s = &pool[slot];
    if (__atomic_load_n(&s->generation, __ATOMIC_ACQUIRE) == 0) return;
    timer_delete(s->timer);
    // Dekker with the handler: after this store a handler entering the slot drops its signal.
    __atomic_store_n(&s->generation, -1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&s->busy, __ATOMIC_SEQ_CST) != 0) sched_yield();
    __atomic_store_n(&s->generation, 0, __ATOMIC_RELEASE);
}

int trace_sampling_armed(int slot) {
    if (!pool || slot < 0 || slot >= TRACE_SAMPLE_SLOTS) return 0;
    struct itimerspec spec;
    if (timer_gettime(pool[slot].timer, &spec) != 0) return 0;
    return spec.it_value.tv_sec != 0 || spec.it_value.tv_nsec != 0 || spec.it_interval.tv_sec != 0 || spec.it_interval.tv_nsec != 0;
}

int trace_sampling_pop(int slot, trace_sample *out) {
    if (!pool || slot < 0 || slot >= TRACE_SAMPLE_SLOTS) return 0;
    sample_slot *s = &pool[slot];
    uint64_t tail = s->tail;
    uint64_t head = __atomic_load_n(&s->head, __ATOMIC_ACQUIRE);
    if (tail == head) return 0;
    const trace_sample *e = &s->ring[tail % TRACE_SAMPLE_RING];
    out->tid = e->tid;
    out->timestamp = e->timestamp;
    out->weight = e->weight;
    int64_t depth = e->depth;
    if (depth < 0) depth = 0;
    if (depth > TRACE_STACK_MAX_FRAMES) depth = TRACE_STACK_MAX_FRAMES;
    out->depth = depth;
    memcpy(out->frames, e->frames, (size_t)depth * sizeof(uint64_t));
    __atomic_store_n(&s->tail, tail + 1, __ATOMIC_RELEASE);
    return 1;
}

int64_t trace_sampling_dropped(int slot) {
    if (!pool || slot < 0 || slot >= TRACE_SAMPLE_SLOTS) return 0;
    return __atomic_load_n(&pool[slot].dropped, __ATOMIC_RELAXED);
}

int64_t trace_sampling_signals(void) { return __atomic_load_n(&signals_seen, __ATOMIC_RELAXED); }

int trace_task_list(int64_t *out, int max) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != 0 && n < max) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        out[n++] = strtoll(e->d_name, 0, 10);
    }
    closedir(d);
    return n;
}
