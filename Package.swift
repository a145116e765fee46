// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TraceConsole",
    products: [
        .library(name: "TraceCore", targets: ["TraceCore"]),
        .library(name: "Terminal", targets: ["Terminal"]),
        .library(name: "Console", targets: ["Console"]),
        .executable(name: "trace-bench", targets: ["TraceBench"]),
    ],
    targets: [
        // The few lines of C that Swift cannot express: a _Thread_local slot, rdtsc, relaxed atomics on raw memory.
        .target(name: "CTraceCore", path: "Sources/CTraceCore"),
        .target(name: "TraceCore", dependencies: ["CTraceCore"]),
        .target(name: "Terminal"),
        .target(name: "Console", dependencies: ["TraceCore", "Terminal"]),
        .executableTarget(name: "TraceBench", dependencies: ["TraceCore", "CTraceCore"], path: "Benchmarks/TraceBench"),
        .testTarget(name: "TraceCoreTests", dependencies: ["TraceCore", "CTraceCore"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "TraceCore", "Terminal"]),
    ],
    swiftLanguageModes: [.v6]
)
