import CTraceCore

/// The stable identity of a declared probe in the registry.
public typealias ProbeID = Int

/// One declared probe point (`provider:module:function:name`): what the registry lists and programs match.
// @unchecked Sendable: immutable after init; the enabled word is written and read only with C atomics.
public final class ProbeSite: @unchecked Sendable {
    /// Registry identity.
    public let id: ProbeID
    public let provider: String
    public let module: String
    public let function: String
    public let name: String
    /// The declared arguments, in firing order.
    public let arguments: [ArgumentDeclaration]
    /// Whether this is the `return` probe of a function probe (it also sees `retval` and `elapsed`).
    public let isReturn: Bool
    /// Non-zero while some enabled clause fires here: the one load on the disabled path. A word of
    /// its own (sites live as long as the process), read with `trace_load_enabled`.
    @usableFromInline let enabledWord: UnsafeMutablePointer<Int64>

    init(id: ProbeID, provider: String, module: String, function: String, name: String,
         arguments: [ArgumentDeclaration], isReturn: Bool) {
        self.id = id
        self.provider = provider
        self.module = module
        self.function = function
        self.name = name
        self.arguments = arguments
        self.isReturn = isReturn
        enabledWord = .allocate(capacity: 1)
        enabledWord.initialize(to: 0)
    }

    deinit {
        enabledWord.deallocate()
    }

    /// `provider:module:function:name`.
    public var fullName: String { "\(provider):\(module):\(function):\(name)" }

    /// Whether any enabled clause currently fires here.
    @inlinable @inline(__always)
    public var isEnabled: Bool { trace_load_enabled(enabledWord) != 0 }

    /// Turns the disabled check on or off (the runtime, when it publishes a configuration).
    func setEnabled(_ enabled: Bool) { trace_store_relaxed(enabledWord, enabled ? 1 : 0) }

    /// The position of a declared argument, or nil.
    public func argumentIndex(named argumentName: String) -> Int? {
        arguments.firstIndex { $0.name == argumentName }
    }
}
