/// What a clause is compiled against: the probe's names and argument layout, the program's storage.
struct CompilationContext {
    let program: ProgramInstance
    /// The declared probe compiled for; nil for the special probes.
    let probe: ProbeID?
    /// provider, module, function, name of the probe (specials: "dtrace", "", "", "BEGIN"…).
    let names: (String, String, String, String)
    /// The probe's arguments.
    let arguments: [ArgumentDeclaration]
    let stringLimit: Int
    /// What `id` reads (ProbeNumber): BEGIN 1, END 2, ERROR 3, a declared probe its id + 4, a tick or profile clause 0.
    let probeNumber: Int64
    /// Compiled for the profile provider: `tid`, `timestamp` and `ustack` read the sample being fired for.
    var sampled = false

    init(program: ProgramInstance, site: ProbeSite) {
        self.program = program
        probe = site.id
        probeNumber = ProbeNumber.of(site)
        names = (site.provider, site.module, site.function, site.name)
        arguments = site.arguments
        stringLimit = TraceLimits.get().stringSize
    }

    init(program: ProgramInstance, special: (String, String, String, String), arguments: [ArgumentDeclaration]) {
        self.program = program
        probe = nil
        names = special
        probeNumber = ProbeNumber.special(provider: special.0, name: special.3)
        self.arguments = arguments
        stringLimit = TraceLimits.get().stringSize
    }

    /// The frame position of an argument expression's value at this probe.
    func position(_ index: Int, _ perProbe: [ProbeID: Int]) -> Int {
        let position = probe.flatMap { perProbe[$0] } ?? index
        precondition(position >= 0 && position < ProbeFrame.argumentCapacity, "argument position \(position) outside the frame; SpecValidator refuses it")
        return position
    }
}
