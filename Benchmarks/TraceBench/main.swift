import TraceCore
print("trace-bench: coming")
