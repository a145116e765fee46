import Synchronization

/// The stable identity of a declared probe in the registry.
public typealias ProbeID = Int

/// One declared probe point (`provider:module:function:name`): what the registry lists and programs match.
public final class ProbeSite: Sendable {
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
    /// Non-zero while some enabled clause fires here: the one load on the disabled path.
    @usableFromInline let state: Atomic<Int>

    init(id: ProbeID, provider: String, module: String, function: String, name: String,
         arguments: [ArgumentDeclaration], isReturn: Bool) {
        self.id = id
        self.provider = provider
        self.module = module
        self.function = function
        self.name = name
        self.arguments = arguments
        self.isReturn = isReturn
        self.state = Atomic(0)
    }

    /// `provider:module:function:name`.
    public var fullName: String { "\(provider):\(module):\(function):\(name)" }

    /// Whether any enabled clause currently fires here.
    @inlinable @inline(__always)
    public var isEnabled: Bool { state.load(ordering: .relaxed) != 0 }

    /// The position of a declared argument, or nil.
    public func argumentIndex(named argumentName: String) -> Int? {
        arguments.firstIndex { $0.name == argumentName }
    }

    /// Runs the clauses enabled here with the given frame (function probes' entry and return).
    @usableFromInline @inline(never)
    func fire(_ frame: inout ProbeFrame) {
        Dispatcher.fire(self, &frame)
    }
}
