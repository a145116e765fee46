// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TraceConsole",
    products: [
        .library(name: "TraceSystem", targets: ["TraceSystem"]),
        .library(name: "TraceCore", targets: ["TraceCore"]),
        .library(name: "Terminal", targets: ["Terminal"]),
        .library(name: "TraceAgent", targets: ["TraceAgent"]),
        .library(name: "Console", targets: ["Console"]),
        .executable(name: "trace-bench", targets: ["TraceBench"]),
        .executable(name: "orderbook", targets: ["OrderBook"]),
        .executable(name: "kvserver", targets: ["KVServer"]),
        .executable(name: "trace-console", targets: ["TraceConsoleTool"]),
    ],
    targets: [
        // The few lines of C that Swift cannot express: a _Thread_local slot, rdtsc, relaxed atomics on raw memory.
        .target(name: "CTraceCore", path: "Sources/CTraceCore"),
        // The system layer every other module stands on: syscall wrappers, SystemError, Lock, WorkerThread.
        .target(name: "TraceSystem"),
        .target(name: "TraceCore", dependencies: ["CTraceCore", "TraceSystem"]),
        .target(name: "Terminal", dependencies: ["TraceSystem"]),
        // What a service links to be attachable: the agent, its socket, and the wire protocol (Protocol/) both ends share.
        .target(name: "TraceAgent", dependencies: ["TraceCore", "TraceSystem"]),
        .target(name: "Console", dependencies: ["TraceCore", "Terminal", "TraceAgent", "TraceSystem"]),
        .executableTarget(name: "TraceBench", dependencies: ["TraceCore", "CTraceCore", "DemoServices", "Console", "TraceSystem"], path: "Benchmarks/TraceBench"),
        // A minimal program on the Terminal module, run by the end-to-end tests in a process of its own.
        .executableTarget(name: "TerminalDemo", dependencies: ["Terminal"], path: "demos/TerminalDemo"),
        // Demo services: their logic in a library so tests can drive them; thin executables parse flags.
        .target(name: "DemoServices", dependencies: ["TraceCore", "TraceSystem"], path: "demos/DemoServices"),
        .executableTarget(name: "OrderBook", dependencies: ["DemoServices", "TraceCore", "TraceAgent", "Console"], path: "demos/OrderBook"),
        .executableTarget(name: "KVServer", dependencies: ["DemoServices", "TraceCore", "TraceAgent", "Console"], path: "demos/KVServer"),
        .testTarget(name: "DemoTests", dependencies: ["DemoServices", "TraceCore", "TraceAgent", "Console", "TraceSystem", "TestSupport"]),
        // A small instrumented service co-hosting the console, for trying it and for docs/console.md's sessions.
        .executableTarget(name: "console-testhost", dependencies: ["Console", "TraceCore", "TraceSystem"], path: "demos/ConsoleTestHost"),
        // Attach: the trace-console client; the service the attach tests spawn and attach to, which links only
        // TraceCore and TraceAgent (an attachable service needs no console); and one that also co-hosts a console.
        .executableTarget(name: "TraceConsoleTool", dependencies: ["Console", "TraceAgent", "TraceCore", "Terminal"], path: "Sources/TraceConsoleTool"),
        .executableTarget(name: "AttachTestHost", dependencies: ["TraceCore", "TraceAgent"], path: "demos/AttachTestHost"),
        .executableTarget(name: "CoHostTestHost", dependencies: ["Console", "TraceAgent", "TraceCore", "TraceSystem"], path: "demos/CoHostTestHost"),
        .testTarget(name: "AttachTests", dependencies: ["Console", "TraceAgent", "TraceCore", "Terminal", "TraceSystem", "TestSupport"]),
        // The language golden tests print what programs produce through Console's formatter, as the console does.
        .testTarget(name: "TraceCoreTests", dependencies: ["TraceCore", "CTraceCore", "Console", "TestSupport", "TraceSystem"], exclude: ["Language/Golden"]),
        // What every test target shares: the pseudo-terminal and screen model, the child-process spawner, golden files.
        .target(name: "TestSupport", dependencies: ["TraceSystem"], path: "Tests/TestSupport"),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "TestSupport", "TraceSystem"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "TraceAgent", "TraceCore", "Terminal", "TraceSystem", "TestSupport"], exclude: ["Formatting/Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
