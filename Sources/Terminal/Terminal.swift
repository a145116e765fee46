// Terminal: raw-mode line editing, history, completion and a live region. Knows nothing of tracing.
