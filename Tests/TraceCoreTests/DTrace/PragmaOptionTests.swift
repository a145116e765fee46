// `#pragma D option` as D scripts write it: known options accepted (strsize and bufsize set limits, the rest
// say what stands for them here), unknown ones refused with the nearest name, bad values with the form.
import Testing
@testable import TraceCore

@Suite struct PragmaOptionTests {
    @Test func knownOptionsCompile() throws {
        let spec = try LanguageFixture.compile("""
            #!/usr/sbin/dtrace -s
            #pragma D option quiet
            #pragma D option strsize=1k
            #pragma D option bufsize = 4m
            #pragma D option switchrate=10hz
            #pragma D option aggsortkey
            #pragma ident "@(#)top.d"
            BEGIN { exit(0); }
            """)
        #expect(spec.options.map(\.setting) == [.accepted(note: nil), .stringSize(1024), .traceBuffer(4 << 20),
                                                .accepted(note: "the console reads output on its own; `watch … every D` and `set refresh D` pace what it shows"),
                                                .accepted(note: nil)])
        #expect(spec.options[3].note == "#pragma D option switchrate=10hz: the console reads output on its own; `watch … every D` and `set refresh D` pace what it shows")
        #expect(spec.options[0].note == nil)
    }

    @Test func badOptionsAreRefusedWhereTheyAre() {
        let unknown = LanguageFixture.errors("#pragma D option quite\nBEGIN { }")
        #expect(unknown.hasPrefix("error: 1:18: unknown option 'quite' (did you mean 'quiet'? known: aggrate, aggsize, aggsortkey,"))
        #expect(LanguageFixture.errors("#pragma D option strsize=big\nBEGIN { }").contains("1:18: option 'strsize' takes a size, as in strsize=4m (bytes, or k, m, g)"))
        #expect(LanguageFixture.errors("#pragma D option strsize=1m\nBEGIN { }").contains("strsize must be 1 to 65536 bytes, not 1048576"))
        #expect(LanguageFixture.errors("#pragma D option quiet=yes\nBEGIN { }").contains("option 'quiet' takes no value, got 'yes'"))
        #expect(LanguageFixture.errors("#pragma D option switchrate=often\nBEGIN { }").contains("takes a rate or an interval, as in switchrate=10hz or switchrate=100ms"))
        #expect(LanguageFixture.errors("#include <sys/types.h>\nBEGIN { }").contains("1:1: '#include' needs the C preprocessor (dtrace -C), which this tracer does not run"))
        #expect(LanguageFixture.errors("#pragma D attributes x\nBEGIN { }").contains("unknown '#pragma D attributes'"))
    }
}
