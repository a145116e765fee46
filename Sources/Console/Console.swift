// Console: the command interpreter joining TraceCore and Terminal. A service co-hosts it with one call:
//
//     let options = try ConsoleOptions.parse(arguments: Array(CommandLine.arguments.dropFirst()))
//     exit(Console.run(options: options))
//
// On a terminal it takes the terminal (prompt `trace> `); otherwise, or with --script, it runs commands line
// by line and prints plain text.
import Glibc
import Terminal
import TraceAgent

/// The tracing console's entry point.
public enum Console {
    /// Runs the console until `quit`, Ctrl-D or the end of the script; returns the exit status
    /// (1 if a script's command failed or the script cannot be read, else 0). Restores the terminal on return.
    public static func run(options: ConsoleOptions = ConsoleOptions(), backend: any TraceBackend = LocalBackend()) -> Int32 {
        let plain = PlainOutput(dataFD: options.outputFD, noticeFD: options.errorFD)
        if options.showUsage {
            plain.data(ConsoleOptions.usage)
            return 0
        }
        let columns = Self.columns(options)
        if let path = options.scriptPath {
            let text: String
            do { text = try FileText.read(path) } catch {
                plain.notice("error: \(error.message)\n")
                return 1
            }
            let session = ConsoleSession(options: options, backend: backend, source: .entries(ScriptEntries.split(text), file: path),
                                         output: plain, display: PlainWatchDisplay(output: plain, columns: columns, json: options.json))
            return session.run()
        }
        let terminal = !options.plain && isatty(options.inputFD) == 1 && isatty(options.outputFD) == 1
            && (options.terminalType ?? environment("TERM") ?? "").lowercased() != "dumb"
        var configuration = EditorConfiguration()
        configuration.inputFD = options.inputFD
        configuration.outputFD = options.outputFD
        configuration.historyFile = terminal ? options.historyFile : nil
        configuration.terminalType = terminal ? options.terminalType : "dumb"
        let editor = LineEditor(configuration: configuration)
        editor.isComplete = { ScriptEntries.isComplete($0) }
        defer { editor.restoreTerminal() }
        if editor.isTerminal {
            let output = EditorOutput(editor: editor)
            let colors = options.colors ?? ColorSupport.has256Colors(term: options.terminalType ?? environment("TERM"),
                                                                     colorTerm: environment("COLORTERM"), noColor: environment("NO_COLOR"))
            let display = EditorWatchDisplay(editor: editor, unicode: options.unicode ?? localeIsUTF8(), colors: colors)
            let session = ConsoleSession(options: options, backend: backend, source: .editor(editor), output: output, display: display)
            return session.run()
        }
        let session = ConsoleSession(options: options, backend: backend, source: .plainEditor(editor),
                                     output: plain, display: PlainWatchDisplay(output: plain, columns: columns, json: options.json))
        return session.run()
    }

    /// The width plain watch frames are fitted to: the terminal's if the output is one, else COLUMNS, else 80.
    static func columns(_ options: ConsoleOptions) -> Int {
        var ws = winsize()
        if ioctl(options.outputFD, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        if let text = environment("COLUMNS"), let n = Int(text), n > 0 { return n }
        return 80
    }

    /// Whether the locale's character set is UTF-8 (LC_ALL, then LC_CTYPE, then LANG).
    static func localeIsUTF8() -> Bool {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment(name), !value.isEmpty {
                let v = value.lowercased()
                return v.contains("utf-8") || v.contains("utf8")
            }
        }
        return false
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
