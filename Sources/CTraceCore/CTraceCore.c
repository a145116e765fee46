#define _GNU_SOURCE
#include "CTraceCore.h"
#include <pthread.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <malloc.h>
#include <linux/membarrier.h>

trace_thread trace_unregistered_thread;
_Thread_local trace_thread *trace_current_thread = &trace_unregistered_thread;
_Thread_local int64_t trace_refused_epoch = -1;
// Read by every firing on every thread: a cache line of its own, away from anything written often.
__attribute__((aligned(128))) int64_t trace_global_generation = 1;

static pthread_key_t exit_key;
static void (*exit_fn)(void *) = 0;

static void on_thread_exit(void *value) {
    trace_current_thread = &trace_unregistered_thread;
    if (exit_fn && value) exit_fn(value);
}

double trace_ns_per_tick = 1.0;
uint64_t trace_tick_base = 0;
int64_t trace_ns_base = 0;
_Thread_local int64_t trace_sink = 0;
_Thread_local int64_t *trace_floor_counter = 0;
static _Thread_local int64_t floor_word = 0;
void trace_floor_prepare(void) { trace_floor_counter = &floor_word; }
__attribute__((aligned(128))) int64_t trace_buffer_epoch = 0;

void trace_calibrate_ticks(void) {
#if defined(__x86_64__)
    int64_t t0 = trace_monotonic_ns();
    uint64_t c0 = trace_rdtsc();
    struct timespec pause = {0, 5 * 1000 * 1000};
    nanosleep(&pause, 0);
    int64_t t1 = trace_monotonic_ns();
    uint64_t c1 = trace_rdtsc();
    if (c1 > c0 && t1 > t0) trace_ns_per_tick = (double)(t1 - t0) / (double)(c1 - c0);
    trace_tick_base = c1;
    trace_ns_base = t1;
#else
    trace_ns_per_tick = 1.0;
#endif
}

int64_t trace_gettid(void) { return (int64_t)syscall(SYS_gettid); }

int trace_install_thread_exit(void (*fn)(void *)) {
    exit_fn = fn;
    return pthread_key_create(&exit_key, on_thread_exit);
}

void trace_set_thread_exit_value(void *state) { pthread_setspecific(exit_key, state); }

int64_t trace_allocated_bytes(void) { return (int64_t)mallinfo2().uordblks; }

// 0: not tried yet; 1: private expedited registered; 2: only the global command; 3: no membarrier.
static int barrier_mode = 0;

int trace_process_barrier(void) {
    int mode = __atomic_load_n(&barrier_mode, __ATOMIC_ACQUIRE);
    if (mode == 0) {
        int supported = (int)syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
        if (supported > 0 && (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED)
            && syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0) {
            mode = 1;
        } else if (supported > 0 && (supported & MEMBARRIER_CMD_GLOBAL)) {
            mode = 2;
        } else {
            mode = 3;
        }
        __atomic_store_n(&barrier_mode, mode, __ATOMIC_RELEASE);
    }
    if (mode == 1) return syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0;
    if (mode == 2) return syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) == 0;
    return 0;
}
