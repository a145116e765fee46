// TraceCore: probes, registry, language, runtime and programs. No terminal code.
