import CTraceCore
/// The tracing runtime.
public final class TraceRuntime: Sendable {
    static func ensureStarted() {}
}
