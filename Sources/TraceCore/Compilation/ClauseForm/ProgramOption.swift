/// A `#pragma D option NAME[=VALUE]` of a program, and what it does here.
public struct ProgramOption: Sendable, Equatable {
    /// What setting the option does.
    public enum Setting: Sendable, Equatable {
        /// `strsize`: the runtime's string-size limit (`set string-size`), in bytes.
        case stringSize(Int)
        /// `bufsize`: each thread's trace buffer (`set trace-buffer`), in bytes.
        case traceBuffer(Int)
        /// Accepted with nothing to change; the note says why (nil: the console already behaves so).
        case accepted(note: String?)
    }

    /// The option's name (`strsize`).
    public var name: String
    /// Its value as written (`512`), nil for a flag (`quiet`).
    public var value: String?
    /// What it does here.
    public var setting: Setting

    /// Creates an option.
    public init(name: String, value: String?, setting: Setting) {
        self.name = name; self.value = value; self.setting = setting
    }

    /// `#pragma D option bufsize=4m`, as written.
    public var spelled: String { "#pragma D option " + name + (value.map { "=" + $0 } ?? "") }

    /// What the console tells the user when the option is not applied as DTrace would apply it.
    public var note: String? {
        guard case .accepted(let note?) = setting else { return nil }
        return "\(spelled): \(note)"
    }
}
