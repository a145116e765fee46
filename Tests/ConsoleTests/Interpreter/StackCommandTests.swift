// The stack commands through the interpreter: `show @s --tree` fits the console's window unless
// `--width` says otherwise.
import Testing
import TraceCore
@testable import Console

enum StackCommandProbes {
    static let provider = TraceProvider("cistk")
    static let op = provider.event("svc", "op", "done", ("v", Int.self))
    static func declare() { _ = op }
}

@Suite(.serialized) struct StackCommandTests {
    @inline(never) func aFunctionWithALongNameSoTheTreeLineIsWiderThanTheWindow(_ n: Int) { StackCommandProbes.op.fire(n) }

    @Test func theTreeFitsTheWindowUnlessAWidthIsGiven() {
        withInterpreter(prefix: "cistk_", provider: "cistk") { i, _ in
            StackCommandProbes.declare()
            #expect(i.execute("program cistk_p { cistk:svc:op:done { @s[ustack(3)] = count(); } }").succeeded)
            for n in 0..<10 { aFunctionWithALongNameSoTheTreeLineIsWiderThanTheWindow(n) }
            let wide = i.execute("show @s --tree --width 400").output
            let longest = wide.split(separator: "\n").map(\.count).max() ?? 0
            #expect(longest > 60, "\(wide)")
            #expect(wide.contains("aFunctionWithALongNameSoTheTreeLineIsWiderThanTheWindow"), "\(wide)")

            i.views.setLayout { (60, false, false) }
            let fitted = i.execute("show @s --tree").output
            #expect(fitted.split(separator: "\n").map(\.count).max() == 60, "\(fitted)")
            #expect(i.execute("show @s --tree --width 50").output.split(separator: "\n").map(\.count).max() == 50)
        }
    }
}
