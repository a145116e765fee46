// A minimal program on the Terminal module: a LineEditor on stdin/stdout that answers each entry with
// `got: …`. The end-to-end tests run it on a pseudo-terminal to check what only a separate process can show,
// such as the terminal's mode being restored when the process is killed by SIGTERM.
//
//   swift run TerminalDemo [--prompt TEXT]
import Terminal
#if canImport(Glibc)
import Glibc
#endif

/// Writes to a descriptor directly (stdio's globals are not concurrency-safe in Swift 6).
func put(_ text: String, to fd: Int32 = 1) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        bytes = bytes.dropFirst(n)
    }
}

var configuration = EditorConfiguration()
configuration.prompt = "demo> "
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--prompt": if let p = arguments.popFirst() { configuration.prompt = p }
    default:
        put("usage: TerminalDemo [--prompt TEXT]\n", to: 2)
        exit(2)
    }
}

let editor = LineEditor(configuration: configuration)
loop: while true {
    let event: EditorEvent
    do {
        event = try editor.readEvent()
    } catch {
        editor.restoreTerminal()
        put("TerminalDemo: \(error)\n", to: 2)
        exit(1)
    }
    switch event {
    case .entry(let text):
        if text == "quit" { break loop }
        put("got: \(text)\n")
    case .interrupt:
        continue
    case .escape:
        continue
    case .endOfFile:
        break loop
    }
}
editor.restoreTerminal()
