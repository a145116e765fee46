// A program's `#pragma D option` lines applied where they mean something here: `strsize` and `bufsize`
// set the runtime's limits (as `set string-size` and `set trace-buffer` do, for every program).
import TraceCore

extension LocalBackend {
    /// Applies the options that set limits; the notes the console shows (nil when there are none).
    func apply(_ options: [ProgramOption]) -> [String]? {
        var notes: [String] = []
        var limits = runtime.limits
        for option in options {
            switch option.setting {
            case .stringSize(let bytes):
                limits.stringSize = bytes
                notes.append("\(option.spelled): string-size set to \(bytes) (for every program, as set string-size does)")
            case .traceBuffer(let bytes):
                limits.traceBufferBytes = bytes
                notes.append("\(option.spelled): trace-buffer set to \(bytes) bytes (for every program, as set trace-buffer does)")
            case .accepted:
                if let note = option.note { notes.append(note) }
            }
        }
        if limits != runtime.limits { runtime.limits = limits }
        return notes.isEmpty ? nil : notes
    }
}
