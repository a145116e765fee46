/// A service's provider: declares its probes eagerly, so they are listable before their code first runs.
public final class TraceProvider: Sendable {
    /// The provider field of every probe it declares.
    public let name: String
    let registry: ProbeRegistry

    /// Creates a provider named `name` in the process-wide registry.
    public init(_ name: String) {
        self.name = name
        self.registry = .shared
    }

    /// Declares a function probe `provider:module:function:entry|return` with typed arguments.
    public func function<each Argument: ProbeArgument>(
        _ module: String, _ function: String, _ argument: repeat (String, (each Argument).Type)
    ) -> FunctionProbe<repeat each Argument> {
        var declarations: [ArgumentDeclaration] = []
        for a in repeat each argument { declarations.append(ArgumentDeclaration(a.0, a.1.traceArgumentType)) }
        TraceProvider.checkArity(declarations, "\(name):\(module):\(function):entry")
        let entry = registry.register(provider: name, module: module, function: function, name: "entry",
                                      arguments: declarations, isReturn: false)
        let ret = registry.register(provider: name, module: module, function: function, name: "return",
                                    arguments: declarations, isReturn: true)
        return FunctionProbe(entrySite: entry, returnSite: ret)
    }

    /// Declares an event probe `provider:module:function:name` with typed arguments.
    public func event<each Argument: ProbeArgument>(
        _ module: String, _ function: String, _ eventName: String, _ argument: repeat (String, (each Argument).Type)
    ) -> EventProbe<repeat each Argument> {
        var declarations: [ArgumentDeclaration] = []
        for a in repeat each argument { declarations.append(ArgumentDeclaration(a.0, a.1.traceArgumentType)) }
        TraceProvider.checkArity(declarations, "\(name):\(module):\(function):\(eventName)")
        let site = registry.register(provider: name, module: module, function: function, name: eventName,
                                     arguments: declarations, isReturn: false)
        return EventProbe(site: site)
    }

    /// A probe takes at most 10 arguments (arg0…arg9); `fire`/`entry` exist for up to 10.
    private static func checkArity(_ declarations: [ArgumentDeclaration], _ probe: String) {
        precondition(declarations.count <= ProbeFrame.argumentCapacity,
                     "probe \(probe) declares \(declarations.count) arguments; a probe takes at most \(ProbeFrame.argumentCapacity)")
    }
}
