#define _GNU_SOURCE
#include "CTraceCore.h"
#include <pthread.h>
#include <unistd.h>
#include <sys/syscall.h>

_Thread_local trace_thread *trace_current_thread = 0;
int64_t trace_global_generation = 1;

static pthread_key_t exit_key;
static void (*exit_fn)(void *) = 0;

static void on_thread_exit(void *value) {
    trace_current_thread = 0;
    if (exit_fn && value) exit_fn(value);
}

int64_t trace_gettid(void) { return (int64_t)syscall(SYS_gettid); }

int trace_install_thread_exit(void (*fn)(void *)) {
    exit_fn = fn;
    return pthread_key_create(&exit_key, on_thread_exit);
}

void trace_set_thread_exit_value(void *state) { pthread_setspecific(exit_key, state); }
