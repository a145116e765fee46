import Testing
@testable import TraceCore

@Suite struct RegistryTests {
    let service = TestService("regtest")

    @Test func declaredProbesAreListedWithTypedArguments() {
        let all = ProbeRegistry.shared.allProbes.filter { $0.provider == "regtest" }
        #expect(all.map(\.fullName) == [
            "regtest:book:match:entry", "regtest:book:match:return", "regtest:book:match:fill",
            "regtest:risk:check:reject", "regtest:loop:step:tick",
        ])
        #expect(all[0].arguments.map(\.description) == ["int side", "int price", "int qty"])
        #expect(all[2].arguments.map(\.description) == ["int price", "int qty", "string venue"])
        #expect(all[1].isReturn && !all[0].isReturn)
    }

    @Test func declaringTheSameProbeTwiceGivesTheSameSite() {
        let again = service.provider.event("loop", "step", "tick", ("n", Int.self))
        #expect(again.site === service.tick.site)
    }

    @Test(arguments: [
        ("regtest:book:match:entry", ["regtest:book:match:entry"]),
        ("regtest:book:match:", ["regtest:book:match:entry", "regtest:book:match:return", "regtest:book:match:fill"]),
        ("regtest:::reject", ["regtest:risk:check:reject"]),
        ("regtest:*:*:[er]*", ["regtest:book:match:entry", "regtest:book:match:return", "regtest:risk:check:reject"]),
        ("regtest:b??k:match:f*", ["regtest:book:match:fill"]),
        ("regtest:[!b]*::", ["regtest:risk:check:reject", "regtest:loop:step:tick"]),
    ])
    func descriptionsMatchByDTraceRules(_ pattern: String, _ expected: [String]) {
        let matched = ProbeRegistry.shared.match(ProbeDescription(pattern)!).map(\.fullName)
        #expect(matched == expected)
    }

    @Test func shorterDescriptionsMatchFromTheRight() {
        let matched = ProbeRegistry.shared.match(ProbeDescription("check:reject")!).map(\.fullName).filter { $0.hasPrefix("regtest:") }
        #expect(matched == ["regtest:risk:check:reject"])
        let byName = ProbeRegistry.shared.match(ProbeDescription("step:tick")!).map(\.fullName).filter { $0.hasPrefix("regtest:") }
        #expect(byName == ["regtest:loop:step:tick"])
    }

    @Test func moreThanFourFieldsIsNotADescription() {
        #expect(ProbeDescription("a:b:c:d:e") == nil)
    }

    @Test func nearestNamesHelpWithTypos() {
        let near = ProbeRegistry.shared.nearest(to: "regtest:book:macth:entry")
        #expect(near.first == "regtest:book:match:entry")
    }

    @Test func globsHandleClassesRangesAndStars() {
        #expect(Glob("a*c").matches("abbbc"))
        #expect(!Glob("a*c").matches("abbbd"))
        #expect(Glob("[a-c]x").matches("bx"))
        #expect(!Glob("[!a-c]x").matches("bx"))
        #expect(Glob("*").matches(""))
        #expect(Glob("a?").matches("ab") && !Glob("a?").matches("a"))
        #expect(Glob("[x").matches("[x"))
    }
}
