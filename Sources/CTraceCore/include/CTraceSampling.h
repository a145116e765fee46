// CTraceSampling: the profile provider's sampling machinery, which must be C to be async-signal-safe.
//  - one POSIX timer per sampled thread on that thread's CPU clock, delivering SIGPROF to that thread
//    (SIGEV_THREAD_ID), its slot in the sigev value
//  - the SIGPROF handler: the interrupted PC and frame-pointer stack into the slot's single-producer ring
//  - the ring's consumer side, read by TraceCore's sampler thread
// Slots live in one pool allocated on first use and never freed, so a late signal never touches freed memory.
#ifndef CTRACESAMPLING_H
#define CTRACESAMPLING_H

#include <stdint.h>
#include "CTraceStacks.h"

/// Threads that can be sampled at once.
#define TRACE_SAMPLE_SLOTS 256
/// Samples a slot's ring holds between two drains.
#define TRACE_SAMPLE_RING 32

/// One sample: the thread, when, the interrupted PC (frames[0]) and the return addresses above it.
typedef struct trace_sample {
    int64_t tid;
    int64_t timestamp;
    int64_t depth;
    /// Periods of CPU time this sample stands for: 1 plus the timer's overruns. The kernel checks a
    /// thread's CPU timer at its scheduler ticks, so a thread that runs in short bursts is sampled
    /// late, and the overrun count says how many periods it ran meanwhile.
    int64_t weight;
    uint64_t frames[TRACE_STACK_MAX_FRAMES];
} trace_sample;

/// Installs the SIGPROF handler (SA_SIGINFO | SA_RESTART) once; 0 on success, -1 if the process
/// already has a SIGPROF handler of its own (it is left alone).
int trace_sampling_install(void);

/// Creates and arms a timer sampling thread `tid` every `period_ns` of its CPU time; returns its slot
/// (≥ 0) or -errno (-ENOSPC when every slot is taken).
int trace_sampling_add(int64_t tid, int64_t period_ns);

/// Deletes a slot's timer and waits until no handler is inside it; the slot is free afterwards.
void trace_sampling_remove(int slot);

/// Whether a slot's timer still counts (its thread is alive); 0 once the thread has exited.
int trace_sampling_armed(int slot);

/// Takes the oldest sample of a slot into `out`; 1 if there was one.
int trace_sampling_pop(int slot, trace_sample *out);

/// Samples a slot dropped because its ring was full (since it was added).
int64_t trace_sampling_dropped(int slot);

/// Signals handled since the process started (every SIGPROF the handler saw, sampled or not).
int64_t trace_sampling_signals(void);

/// The kernel thread ids of the process's threads (/proc/self/task), up to `max`; returns how many were written.
int trace_task_list(int64_t *out, int max);

/// The sample the sampler thread is firing clauses for (null on every other thread).
extern _Thread_local const trace_sample *trace_current_sample;
static inline const trace_sample *trace_current_sample_get(void) { return trace_current_sample; }
static inline void trace_current_sample_set(const trace_sample *s) { trace_current_sample = s; }

#endif
