import Testing
@testable import TraceCore

/// Probes of the provider `lispt` (CLTRACE form tests).
enum LispFixture {
    static let provider = TraceProvider("lispt")
    static let match = provider.function("orders", "match", ("side", Int.self), ("price", Int.self))
    static let fill = provider.event("orders", "book", "fill", ("qty", Int.self), ("venue", String.self))
    static func register() { _ = (match, fill) }

    static func errors(_ source: String) -> String {
        register()
        do { _ = try TraceLanguage.compileLisp(source); return "" } catch { return error.description }
    }
}

@Suite struct LispFormTests {
    /// A spec with the text-dependent parts cleared, to compare a CLTRACE program with its D-like twin.
    static func normalized(_ spec: ProgramSpec) -> ProgramSpec {
        var s = spec
        s.source = ""
        for i in s.clauses.indices { s.clauses[i].line = 0 }
        return s
    }

    @Test func aLispProgramMatchesItsDTwin() throws {
        LispFixture.register()
        let lisp = """
        (define-program slow-match
          ((:entry lispt:orders:match :when (= side 1))
           (agg! counts fn-name :count)
           (setvar :value t)))
        """
        guard case .defineProgram(let spec) = try TraceLanguage.compileLisp(lisp) else {
            Issue.record("not a program"); return
        }
        #expect(spec.name == "slow-match")
        #expect(spec.source == lisp)
        let twin = try TraceLanguage.compile(name: "slow-match", source: "lispt:orders:match:entry /side == 1/ { @counts[probefunc] = count(); value = 1; }")
        #expect(Self.normalized(spec) == Self.normalized(twin))
    }

    @Test func everyFormAndOperator() throws {
        LispFixture.register()
        let lisp = """
        (define-program all-forms ; a comment
          ((:entry lispt:orders:match :when (and (/= side 0) (or (< price 10) (>= price 100)) (not (> side 5))))
           (agg! total-price nil :sum price)
           (agg! dist (list side fn-name) :quantize (* price 2))
           (agg! lat nil :lquantize price 0 100 10)
           (when (<= price 50) (setvar :cheap (+ 1 2 3)))
           (print "side %d price %d\\n" side (- price 1))
           (trace (if (= side 1) "buy" "sell")))
          ((:exit lispt:orders:match)
           (agg! elapsed-ns nil :avg elapsed))
          ((:probe lispt:orders:book:fill :when (= venue "X"))
           (setvar :last-qty (mod qty 7)))
          ((:begin) (setvar :started 1))
          ((:end) (exit)))
        """
        guard case .defineProgram(let spec) = try TraceLanguage.compileLisp(lisp) else {
            Issue.record("not a program"); return
        }
        let d = """
        lispt:orders:match:entry /(side != 0 && (price < 10 || price >= 100)) && !(side > 5)/ {
          @total_price = sum(price);
          @dist[side, probefunc] = quantize(price * 2);
          @lat = lquantize(price, 0, 100, 10);
          if (price <= 50) { cheap = 1 + 2 + 3; }
          printf("side %d price %d\\n", side, price - 1);
          trace(side == 1 ? "buy" : "sell");
        }
        lispt:orders:match:return { @elapsed_ns = avg(elapsed); }
        lispt:orders:book:fill /venue == "X"/ { last_qty = qty % 7; }
        BEGIN { started = 1; }
        END { exit(); }
        """
        let twin = try TraceLanguage.compile(name: "all-forms", source: d)
        #expect(Self.normalized(spec) == Self.normalized(twin))
    }

    @Test func getaggAndGetvar() throws {
        #expect(try TraceLanguage.compileLisp("(getagg counts)") == .getagg("counts"))
        #expect(try TraceLanguage.compileLisp("(getagg @slow-counts)") == .getagg("slow_counts"))
        #expect(try TraceLanguage.compileLisp("  (getvar :value) ; read it") == .getvar("value"))
        #expect(try TraceLanguage.compileLisp("(GETVAR :last-qty)") == .getvar("last_qty"))
    }

    @Test func errorsPointAtTheSubForm() {
        #expect(LispFixture.errors("""
        (define-program p
          ((:entry lispt:orders:match :when (= sid 1))
           (agg! counts fn-name :count)))
        """) == """
        error: 2:40: unknown variable 'sid' (did you mean 'side'?)
          ((:entry lispt:orders:match :when (= sid 1))
                                               ^
        """)
        #expect(LispFixture.errors("(define-program p ((:entry lispt:orders:mtch) (agg! c nil :count)))") == """
        error: 1:28: probe description 'lispt:orders:mtch:entry' matches no probes (nearest: lispt:orders:match:entry, lispt:orders:match:return)
        (define-program p ((:entry lispt:orders:mtch) (agg! c nil :count)))
                                   ^
        """)
        #expect(LispFixture.errors("(define-program p ((:entry lispt:orders:match) (agg c nil :count)))") == """
        error: 1:49: unknown form 'agg' (did you mean 'agg!'?)
        (define-program p ((:entry lispt:orders:match) (agg c nil :count)))
                                                        ^
        """)
        #expect(LispFixture.errors("(define-program p ((:entry lispt:orders:match) (agg! c nil :cnt)))") == """
        error: 1:60: unknown aggregating function 'cnt' (did you mean 'count'?)
        (define-program p ((:entry lispt:orders:match) (agg! c nil :cnt)))
                                                                   ^
        """)
        #expect(LispFixture.errors("(define-program p ((:entry lispt:orders:match :when (== side 1))))") == """
        error: 1:54: unknown operator '=='; use = /= < > <= >= + - * / and or not if
        (define-program p ((:entry lispt:orders:match :when (== side 1))))
                                                             ^
        """)
        #expect(LispFixture.errors("(define-program p\n  ((:entry lispt:orders:match)\n   (setvar :x 1)") == """
        error: 2:3: missing ')' to close this list
          ((:entry lispt:orders:match)
          ^
        """)
        #expect(LispFixture.errors("(define-program p ((:entry lispt:orders:match) (print \"%d\" \"s\")))") == """
        error: 1:60: conversion '%d' expects an integer, but this argument is a string
        (define-program p ((:entry lispt:orders:match) (print "%d" "s")))
                                                                   ^
        """)
        #expect(LispFixture.errors("(getagg)") == """
        error: 1:1: write (getagg NAME)
        (getagg)
        ^
        """)
        #expect(LispFixture.errors("(define-progam p)") == """
        error: 1:2: unknown form 'define-progam' (did you mean 'define-program'?); expected define-program, getagg or getvar
        (define-progam p)
         ^
        """)
        #expect(LispFixture.errors("(getvar :x))") == """
        error: 1:12: unexpected text after the form; enter one form at a time
        (getvar :x))
                   ^
        """)
    }

    @Test func nestingIsCapped() {
        let deep = String(repeating: "(", count: 100) + String(repeating: ")", count: 100)
        #expect(LispFixture.errors(deep).hasPrefix("error: 1:65: nesting is too deep (more than 64 levels)"))
        let wide = "(define-program p ((:entry lispt:orders:match :when (> (+ " + String(repeating: "1 ", count: 400) + ") 1))))"
        #expect(LispFixture.errors(wide).contains("expression is too complex"))
    }
}
