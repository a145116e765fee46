// Expected outputs kept as files beside the tests that check them, compared whole. Setting
// TRACE_RECORD_GOLDEN=1 rewrites the files with what the run produced; the test then fails saying so, so a
// recording run is never green by accident. Review the rewritten files with `git diff` before committing.
import Foundation
import Testing

/// A file holding one expected output.
public struct GoldenFile: Sendable {
    /// The environment variable that makes a run record instead of compare.
    public static let recordVariable = "TRACE_RECORD_GOLDEN"

    /// The file's full path.
    public let path: String

    /// The file `name` in the directory `directory`, which is relative to the directory of the source file
    /// `filePath` (pass `#filePath`).
    public init(_ name: String, in directory: String, beside filePath: String) {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(directory)
        path = folder.appendingPathComponent(name).path
    }

    /// Whether this run records (TRACE_RECORD_GOLDEN is set to something other than 0 or empty).
    public static var isRecording: Bool {
        let value = ProcessInfo.processInfo.environment[recordVariable] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Checks that `actual` is the file's whole content; when recording, writes it and records an issue saying so.
    public func check(_ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = try? String(contentsOfFile: path, encoding: .utf8)
        if Self.isRecording {
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try actual.write(toFile: path, atomically: true, encoding: .utf8)
                let what = expected == actual ? "unchanged" : expected == nil ? "new" : "changed"
                Issue.record("recorded \(path) (\(what)); unset \(Self.recordVariable) to compare", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot record \(path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected else {
            Issue.record("no expected output at \(path); run with \(Self.recordVariable)=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "differs from \(path) (re-record with \(Self.recordVariable)=1)",
                sourceLocation: sourceLocation)
    }
}
