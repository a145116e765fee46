// The language's public entry points: compile D-like clauses or a CLTRACE form, tell the line
// editor whether an entry is complete, and list names for completion.

/// The probe language: D-like clauses and CLTRACE's `define-program`, compiled once at definition.
public enum TraceLanguage {
    /// Compiles D-like clauses (the text after `program NAME`, or a bare clause) into a checked program.
    public static func compile(name: String, source: String, registry: ProbeRegistry = .shared,
                               allowZeroMatches: Bool = false) throws(DefinitionError) -> ProgramSpec {
        var parser = Parser(source)
        let clauses = parser.parseProgram()
        if !parser.sink.isEmpty {
            throw DefinitionError(diagnostics: parser.sink.finished(), source: source)
        }
        switch Checker.checkProgram(name: name, source: source, clauses: clauses, declarations: parser.declarations,
                                    options: parser.options, registry: registry,
                                     allowZeroMatches: allowZeroMatches, sink: DiagnosticSink()) {
        case .success(let spec): return spec
        case .failure(let error): throw error
        }
    }

    /// Parses one CLTRACE top-level form.
    public static func compileLisp(_ source: String, registry: ProbeRegistry = .shared) throws(DefinitionError) -> LispForm {
        try LispTranslator.translate(source, registry: registry)
    }

    /// Whether an entry typed at the prompt is complete (no open `{`, `(`, `[`, `/`-predicate, string or comment,
    /// and a clause has its body), or ended early at a closing bracket that matches nothing (see `EntryScanner`).
    public static func isComplete(_ text: String) -> Bool {
        EntryScanner.scan(text).isComplete
    }

    /// Whether `text` is D that goes with the clauses after it rather than a command: declarations
    /// (`int x;`, `self string s;`), or only comments.
    public static func isClausePreamble(_ text: String) -> Bool {
        var lexer = Lexer(text)
        if lexer.nextSignificantCharacter() == nil { return !text.allSatisfy(\.isWhitespace) }
        var parser = Parser(text)
        guard parser.startsDeclaration() else { return false }
        while true {
            let t = lexer.next()
            if t.kind == .end { return true }
            if t.isSymbol("{") || t.isSymbol("}") { return false }
            if case .invalid = t.kind { return false }
        }
    }

    /// Whether `text` declares variables (`int x;`, `self string s;`) and holds nothing else but comments.
    public static func isDeclaration(_ text: String) -> Bool {
        let lexer = Lexer(text)
        return lexer.nextSignificantCharacter() != nil && isClausePreamble(text)
    }

    /// Checks D typed outside any program for the programs after it — `#pragma D option` lines and
    /// declarations, nothing else — and returns the options' notes; a bad line is refused as a definition is.
    public static func checkPreamble(_ source: String) throws(DefinitionError) -> [ProgramOption] {
        var parser = Parser(source)
        parser.parsePreamble()
        var sink = parser.sink
        var options: [ProgramOption] = []
        for o in parser.options {
            do throws(PragmaOptions.Refusal) { options.append(try PragmaOptions.resolve(o)) } catch { sink.report(o.location, error.message) }
        }
        if !sink.isEmpty { throw DefinitionError(diagnostics: sink.finished(), source: source) }
        return options
    }

    /// Names for completion inside a clause: built-in variables.
    public static var builtinNames: [String] {
        BuiltinVariable.allCases.map(\.rawValue) + (0...9).map { "arg\($0)" } + ["self", "this"]
    }

    /// Names for completion inside a clause: functions, actions and aggregating functions.
    public static var functionNames: [String] {
        StringFunction.allCases.map(\.rawValue) + StackFunctions.names.sorted() + Checker.actions
            + ["count", "sum", "avg", "min", "max", "stddev", "quantize", "hist", "lquantize", "lhist", "llquantize"]
    }
}
