/// A CLTRACE top-level form, compiled.
public enum LispForm: Sendable, Equatable {
    /// `(define-program NAME …)`: the program, ready for `TraceRuntime.define`.
    case defineProgram(ProgramSpec)
    /// `(getagg NAME)`: print aggregation `@NAME`.
    case getagg(String)
    /// `(getvar :NAME)`: read global `NAME`.
    case getvar(String)
}
