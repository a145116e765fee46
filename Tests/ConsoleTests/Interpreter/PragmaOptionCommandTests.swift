// `#pragma D option` in a program defined at the console: strsize and bufsize set the limits `set` shows,
// options without an effect here are reported as notes, in the suite that owns the limits.
import Testing
import TraceCore
@testable import Console

extension GeneralCommandTests {
    @Test func pragmaOptionsSetLimitsAndSayWhatTheyDoHere() {
        run { i in
            let before = TraceRuntime.shared.limits
            defer { TraceRuntime.shared.limits = before }
            let r = i.execute("program citc_pragma {\n#pragma D option quiet\n#pragma D option strsize=512\n#pragma D option aggsize=4m\ncitc:io:poll:wake { @n = count(); }\n}")
            #expect(r.messages == """
                program 'citc_pragma' enabled: matched 1 probe
                note: #pragma D option strsize=512: string-size set to 512 (for every program, as set string-size does)
                note: #pragma D option aggsize=4m: aggregations are bounded by keys here, not bytes: set aggregation-keys N

                """)
            #expect(TraceRuntime.shared.limits.stringSize == 512)
            TraceRuntime.shared.limits = before
            #expect(i.execute("program citc_bad {\n#pragma D option bufsiz=4m\ncitc:io:poll:wake { @n = count(); }\n}").messages
                    .contains("unknown option 'bufsiz' (did you mean 'bufsize'?"))
        }
    }
}
