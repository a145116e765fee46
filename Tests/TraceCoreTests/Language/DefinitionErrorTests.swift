import Testing
@testable import TraceCore

/// Malformed programs, each with its exact rendered errors: message, line:column, source line and caret.
@Suite struct DefinitionErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var expected: String
        var testDescription: String { source.split(separator: "\n").first.map(String.init) ?? source }
    }

    static let cases: [Case] = [
        Case(source: #"""
lang:book:match:entry { @[probefunc] = count(); latency = 1; }
lang:book:match:entry { x = latncy; }
"""#,
             expected: #"""
error: 2:29: unknown variable 'latncy' (did you mean 'latency'?)
lang:book:match:entry { x = latncy; }
                            ^
"""#),
        Case(source: #"""
lang:book:macth:entry { @ = count(); }
"""#,
             expected: #"""
error: 1:1: probe description 'lang:book:macth:entry' matches no probes (nearest: lang:book:match:entry, lang:book:match:return, lang:book:match:fill)
lang:book:macth:entry { @ = count(); }
^
"""#),
        Case(source: #"""
lang:gateway:*:entry { @[qty] = count(); }
"""#,
             expected: #"""
error: 1:26: argument 'qty' is not declared by lang:gateway:cancel:entry
lang:gateway:*:entry { @[qty] = count(); }
                         ^
"""#),
        Case(source: #"""
lang:book:match:entry { x = retval; }
"""#,
             expected: #"""
error: 1:29: 'retval' is only available in return probes, not in lang:book:match:entry
lang:book:match:entry { x = retval; }
                            ^
"""#),
        Case(source: #"""
BEGIN { x = elapsed; }
"""#,
             expected: #"""
error: 1:13: 'elapsed' is only available in return probes, not in BEGIN
BEGIN { x = elapsed; }
            ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = count(); @a = sum(qty); }
"""#,
             expected: #"""
error: 1:44: '@a' is already count() (at 1:25); it cannot also be sum(…)
lang:book:match:entry { @a = count(); @a = sum(qty); }
                                           ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a[side] = count(); @a[probefunc] = count(); }
"""#,
             expected: #"""
error: 1:48: key 1 of '@a' is an integer (at 1:25), not a string
lang:book:match:entry { @a[side] = count(); @a[probefunc] = count(); }
                                               ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = lquantize(qty, 10, 0, 1); }
"""#,
             expected: #"""
error: 1:30: lquantize upper bound must be greater than lower bound
lang:book:match:entry { @a = lquantize(qty, 10, 0, 1); }
                             ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = llquantize(qty, 1, 0, 6, 20); }
"""#,
             expected: #"""
error: 1:30: llquantize factor must be at least 2
lang:book:match:entry { @a = llquantize(qty, 1, 0, 6, 20); }
                             ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = sum(); }
"""#,
             expected: #"""
error: 1:30: 'sum' takes 1 argument, got 0
lang:book:match:entry { @a = sum(); }
                             ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = sum(probefunc); }
"""#,
             expected: #"""
error: 1:34: the value of 'sum' must be an integer, not a string
lang:book:match:entry { @a = sum(probefunc); }
                                 ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = cnt(); }
"""#,
             expected: #"""
error: 1:30: unknown aggregating function 'cnt' (did you mean 'count'?)
lang:book:match:entry { @a = cnt(); }
                             ^
"""#),
        Case(source: #"""
BEGIN { x = 1; x = "a"; }
"""#,
             expected: #"""
error: 1:16: cannot assign a string to 'x', which holds an integer (first assigned at 1:9)
BEGIN { x = 1; x = "a"; }
               ^
"""#),
        Case(source: #"""
BEGIN { x = "a" + 1; }
"""#,
             expected: #"""
error: 1:17: operator '+' needs integer operands, not a string
BEGIN { x = "a" + 1; }
                ^
"""#),
        Case(source: #"""
BEGIN { x = "a" == 1; }
"""#,
             expected: #"""
error: 1:17: cannot compare a string with an integer using '=='
BEGIN { x = "a" == 1; }
                ^
"""#),
        Case(source: #"""
BEGIN { printf("%d\n", "s"); }
"""#,
             expected: #"""
error: 1:24: conversion '%d' expects an integer, but this argument is a string
BEGIN { printf("%d\n", "s"); }
                       ^
"""#),
        Case(source: #"""
BEGIN { printf("%d %d\n", 1); }
"""#,
             expected: #"""
error: 1:9: the format has 2 conversions but printf got 1 argument after it
BEGIN { printf("%d %d\n", 1); }
        ^
"""#),
        Case(source: #"""
BEGIN { printf("%q\n", 1); }
"""#,
             expected: #"""
error: 1:17: unknown conversion '%q'
BEGIN { printf("%q\n", 1); }
                ^
"""#),
        Case(source: #"""
BEGIN { printa(@nope); }
"""#,
             expected: #"""
error: 1:16: unknown aggregation '@nope'
BEGIN { printa(@nope); }
               ^
"""#),
        Case(source: #"""
BEGIN { x = y; }
"""#,
             expected: #"""
error: 1:13: unknown variable 'y' (did you mean 'x'?)
BEGIN { x = y; }
            ^
"""#),
        Case(source: #"""
BEGIN { x = 1 }}
"""#,
             expected: #"""
error: 1:16: unexpected '}': no clause is open
BEGIN { x = 1 }}
               ^
"""#),
        Case(source: #"""
BEGIN { x = ; }
"""#,
             expected: #"""
error: 1:13: expected an expression, found ';'
BEGIN { x = ; }
            ^
"""#),
        Case(source: #"""
BEGIN { x = "abc; }
"""#,
             expected: #"""
error: 1:13: unterminated string literal
BEGIN { x = "abc; }
            ^
"""#),
        Case(source: #"""
BEGIN { x = 12abc; }
"""#,
             expected: #"""
error: 1:13: invalid suffix 'abc' on integer literal (C's u, l, ul, ll, ull, or a duration: ns, us, ms, s)
BEGIN { x = 12abc; }
            ^
"""#),
        Case(source: #"""
BEGIN { x = 99999999999999999999; }
"""#,
             expected: #"""
error: 1:13: integer literal is too large
BEGIN { x = 99999999999999999999; }
            ^
"""#),
        Case(source: #"""
BEGIN { timestamp = 1; }
"""#,
             expected: #"""
error: 1:9: cannot assign to built-in variable 'timestamp'
BEGIN { timestamp = 1; }
        ^
"""#),
        Case(source: #"""
lang:book:match:entry { side = 1; }
"""#,
             expected: #"""
error: 1:25: cannot assign to probe argument 'side'; assign to another variable
lang:book:match:entry { side = 1; }
                        ^
"""#),
        Case(source: #"""
lang:book:match:entry /probefunc/ { }
"""#,
             expected: #"""
error: 1:24: the predicate must be an integer or a comparison, not a string
lang:book:match:entry /probefunc/ { }
                       ^
"""#),
        Case(source: #"""
BEGIN { x = 1 / 0; }
"""#,
             expected: #"""
error: 1:15: division by zero
BEGIN { x = 1 / 0; }
              ^
"""#),
        Case(source: #"""
BEGIN { x = strlen(1); }
"""#,
             expected: #"""
error: 1:20: argument 1 of 'strlen' must be a string, not an integer
BEGIN { x = strlen(1); }
                   ^
"""#),
        Case(source: #"""
BEGIN { x = substr("a"); }
"""#,
             expected: #"""
error: 1:13: 'substr' takes 2 or 3 arguments, got 1: substr(s, start[, length])
BEGIN { x = substr("a"); }
            ^
"""#),
        Case(source: #"""
BEGIN { foo(1); }
"""#,
             expected: #"""
error: 1:9: unknown function 'foo'
BEGIN { foo(1); }
        ^
"""#),
        Case(source: #"""
BEGIN { x = printf("a"); }
"""#,
             expected: #"""
error: 1:13: 'printf' is an action; it cannot be used as a value
BEGIN { x = printf("a"); }
            ^
"""#),
        Case(source: #"""
BEGIN { x = 1 ? 2 : "a"; }
"""#,
             expected: #"""
error: 1:15: the branches of '?:' must have the same type; this one has an integer and a string
BEGIN { x = 1 ? 2 : "a"; }
              ^
"""#),
        Case(source: #"""
BEGIN { self->a = 1; x = self->b; }
"""#,
             expected: #"""
error: 1:26: unknown thread-local variable 'self->b' (did you mean 'self->a'?)
BEGIN { self->a = 1; x = self->b; }
                         ^
"""#),
        Case(source: #"""
BEGIN { a[1] = 2; x = a; }
"""#,
             expected: #"""
error: 1:23: 'a' is an associative array; index it, as in a[key]
BEGIN { a[1] = 2; x = a; }
                      ^
"""#),
        Case(source: #"""
BEGIN { a[1] = 2; x = a["k"]; }
"""#,
             expected: #"""
error: 1:25: key 1 of 'a' must be an integer, not a string
BEGIN { a[1] = 2; x = a["k"]; }
                        ^
"""#),
        Case(source: #"""
tick-0s { }
"""#,
             expected: #"""
error: 1:1: invalid tick probe 'tick-0s': write tick-<count><unit>, as in tick-1s (units nsec/ns, usec/us, msec/ms, sec/s, min/m, hour/h, day/d, hz)
tick-0s { }
^
"""#),
        Case(source: #"""
lang:book:match:entry /side == 1 { }
"""#,
             expected: #"""
error: 1:34: expected '/' to end the predicate, found '{'
lang:book:match:entry /side == 1 { }
                                 ^
"""#),
        Case(source: #"""
lang:book:match:entry { x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))); }
"""#,
             expected: #"""
error: 1:93: nesting is too deep (more than 64 levels)
lang:book:match:entry { x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))); }
                                                                                            ^
"""#),
        Case(source: #"""
BEGIN { x = 1; } garbage
"""#,
             expected: #"""
error: 1:25: expected '{' to start the clause body, found end of input
BEGIN { x = 1; } garbage
                        ^
"""#),
        Case(source: #"""
BEGIN { x = 1; y = 2 z = 3; }
"""#,
             expected: #"""
error: 1:22: expected ';' after the statement, found 'z'
BEGIN { x = 1; y = 2 z = 3; }
                     ^
"""#),
        Case(source: #"""
BEGIN { @a = count(); trace(@a); }
"""#,
             expected: #"""
error: 1:29: 'trace' takes a value; print an aggregation with printa()
BEGIN { @a = count(); trace(@a); }
                            ^
"""#),
        Case(source: #"""
lang:book:match:entry { x = arg5; }
"""#,
             expected: #"""
error: 1:29: 'arg5' is not declared by lang:book:match:entry
lang:book:match:entry { x = arg5; }
                            ^
"""#),
        Case(source: #"""
BEGIN { if ("a") { x = 1; } }
"""#,
             expected: #"""
error: 1:13: the condition of 'if' must be an integer or a comparison, not a string
BEGIN { if ("a") { x = 1; } }
            ^
"""#),
        Case(source: #"""
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
"""#,
             expected: #"""
error: 1:14: unknown variable 'y1' (did you mean 'x1'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
             ^
error: 1:23: unknown variable 'y2' (did you mean 'x2'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                      ^
error: 1:32: unknown variable 'y3' (did you mean 'x3'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                               ^
error: 1:41: unknown variable 'y4' (did you mean 'x4'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                        ^
error: 1:50: unknown variable 'y5' (did you mean 'x5'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                                 ^
error: 1:59: unknown variable 'y6' (did you mean 'x6'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                                          ^
error: 1:68: unknown variable 'y7' (did you mean 'x7'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                                                   ^
error: 1:77: unknown variable 'y8' (did you mean 'x8'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                                                            ^
error: 1:86: unknown variable 'y9' (did you mean 'x9'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                                                                     ^
error: 1:96: unknown variable 'y10' (did you mean 'x10'?)
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                                                                               ^
error: 1:107: too many errors; stopped after 10
BEGIN { x1 = y1; x2 = y2; x3 = y3; x4 = y4; x5 = y5; x6 = y6; x7 = y7; x8 = y8; x9 = y9; x10 = y10; x11 = y11; x12 = y12; }
                                                                                                          ^
"""#),
        Case(source: #"""
a:b:c:d:e { }
"""#,
             expected: #"""
error: 1:1: probe description 'a:b:c:d:e' has more than four fields (provider:module:function:name)
a:b:c:d:e { }
^
"""#),
        Case(source: #"""
BEGIN { /* open
"""#,
             expected: #"""
error: 1:9: unterminated comment
BEGIN { /* open
        ^
"""#),
        Case(source: #"""
BEGIN { x = "\q"; }
"""#,
             expected: #"""
error: 1:14: unknown escape sequence '\q' in string literal
BEGIN { x = "\q"; }
             ^
"""#),
        Case(source: #"""
lang:book:match:entry,lang:risk:check:reject { @[side] = count(); }
"""#,
             expected: #"""
error: 1:50: argument 'side' is not declared by lang:risk:check:reject
lang:book:match:entry,lang:risk:check:reject { @[side] = count(); }
                                                 ^
"""#),
        Case(source: #"""
BEGIN { exit(1, 2); }
"""#,
             expected: #"""
error: 1:9: 'exit' takes at most 1 argument, got 2
BEGIN { exit(1, 2); }
        ^
"""#),
        Case(source: #"""
BEGIN { @ = count(); trunc(@, "a"); }
"""#,
             expected: #"""
error: 1:31: the count of 'trunc' must be an integer, not a string
BEGIN { @ = count(); trunc(@, "a"); }
                              ^
"""#),
        Case(source: #"""
BEGIN { @x = count(); printa("%s %@d", @x); }
"""#,
             expected: #"""
error: 1:40: the printa format has 1 key conversion but '@x' has 0 keys
BEGIN { @x = count(); printa("%s %@d", @x); }
                                       ^
"""#),
        Case(source: #"""
BEGIN { 1 + 2; }
"""#,
             expected: #"""
error: 1:11: this expression does nothing; assign it to a variable or pass it to trace() or printf()
BEGIN { 1 + 2; }
          ^
"""#),
        Case(source: #"""
BEGIN { 3 = x; }
"""#,
             expected: #"""
error: 1:9: cannot assign to this expression; assign to a variable, self->name, this->name or name[key]
BEGIN { 3 = x; }
        ^
"""#),
        Case(source: #"""
BEGIN { x = 1; }
}
"""#,
             expected: #"""
error: 2:1: unexpected '}': no clause is open
}
^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = lquantize(qty, 0, 100, 0); }
"""#,
             expected: #"""
error: 1:30: lquantize step must be positive
lang:book:match:entry { @a = lquantize(qty, 0, 100, 0); }
                             ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = lquantize(qty, 0, side, 1); }
"""#,
             expected: #"""
error: 1:48: the parameters of 'lquantize' must be integer constants
lang:book:match:entry { @a = lquantize(qty, 0, side, 1); }
                                               ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a = quantize(qty); @a = lquantize(qty, 0, 10, 1); }
"""#,
             expected: #"""
error: 1:50: '@a' is already quantize(…) (at 1:25); it cannot also be lquantize(…, 0, 10, 1)
lang:book:match:entry { @a = quantize(qty); @a = lquantize(qty, 0, 10, 1); }
                                                 ^
"""#),
        Case(source: #"""
lang:book:match:entry { @a[side] = count(); @a[side, qty] = count(); }
"""#,
             expected: #"""
error: 1:45: '@a' has 1 key (at 1:25), not 2
lang:book:match:entry { @a[side] = count(); @a[side, qty] = count(); }
                                            ^
"""#),
        Case(source: #"""
BEGIN { x = 1; }
END {
  printf("%s\n", x);
}
"""#,
             expected: #"""
error: 3:18: conversion '%s' expects a string, but this argument is an integer
  printf("%s\n", x);
                 ^
"""#),
        Case(source: #"""
lang:book:match:return { @t[probefunc] = quantize(elapsed); }
lang:book:match:entry { @t[probefunc] = quantize(elapsd); }
"""#,
             expected: #"""
error: 2:50: unknown variable 'elapsd' (did you mean 'elapsed'?)
lang:book:match:entry { @t[probefunc] = quantize(elapsd); }
                                                 ^
"""#),
        Case(source: #"""
BEGIN { x = str("a"); }
"""#,
             expected: #"""
error: 1:17: argument 1 of 'str' must be an integer, not a string
BEGIN { x = str("a"); }
                ^
"""#),
        Case(source: #"""
BEGIN { x = ~"a"; }
"""#,
             expected: #"""
error: 1:13: operator '~' needs an integer operand, not a string
BEGIN { x = ~"a"; }
            ^
"""#),
        Case(source: #"""
BEGIN { @a = count(); x = @a; }
"""#,
             expected: #"""
error: 1:27: '@a' is an aggregation; it can only be passed to printa(), print(), clear() or trunc()
BEGIN { @a = count(); x = @a; }
                          ^
"""#),
        Case(source: #"""
BEGIN { x = count(); }
"""#,
             expected: #"""
error: 1:13: 'count' is an aggregating function; use it as '@name = count(…)'
BEGIN { x = count(); }
            ^
"""#),
        Case(source: #"""
BEGIN { if (1) x = 2; }
"""#,
             expected: #"""
error: 1:16: expected '{' to start the 'if' block, found 'x'
BEGIN { if (1) x = 2; }
               ^
"""#),
        Case(source: #"""
BEGIN { x = 1; a[1] = 2; a = 3; }
"""#,
             expected: #"""
error: 1:26: 'a' is already an associative array (first assigned at 1:16); use another name for the variable
BEGIN { x = 1; a[1] = 2; a = 3; }
                         ^
"""#),
        Case(source: #"""
lang:book:match:entry { this->x = 1; }
lang:book:match:return { y = this->xx; }
"""#,
             expected: #"""
error: 2:30: unknown clause-local variable 'this->xx' (did you mean 'this->x'?)
lang:book:match:return { y = this->xx; }
                             ^
"""#),
        Case(source: #"""
lang:*:*:* { @[price] = count(); }
"""#,
             expected: #"""
error: 1:16: argument 'price' is not declared by lang:gateway:submit:entry, lang:gateway:submit:return, lang:gateway:cancel:entry and 2 more
lang:*:*:* { @[price] = count(); }
               ^
"""#),
        Case(source: #"""
BEGIN { x = 1 +; }
END { y = ; }
"""#,
             expected: #"""
error: 1:16: expected an expression, found ';'
BEGIN { x = 1 +; }
               ^
error: 2:11: expected an expression, found ';'
END { y = ; }
          ^
"""#),
        Case(source: #"""
BEGIN { printf(x); x = 1; }
"""#,
             expected: #"""
error: 1:16: the format of 'printf' must be a string literal
BEGIN { printf(x); x = 1; }
               ^
"""#),
        Case(source: #"""
BEGIN { printf("%@d", 1); }
"""#,
             expected: #"""
error: 1:17: '%@' is only allowed in a printa format
BEGIN { printf("%@d", 1); }
                ^
"""#),
        Case(source: #"""
BEGIN { @ = count(); printa("%d %@d", @, 3); }
"""#,
             expected: #"""
error: 1:42: 'printa' takes an aggregation here, as in printa(@counts)
BEGIN { @ = count(); printa("%d %@d", @, 3); }
                                         ^
"""#),
        Case(source: #"""
interval:xs:5 { }
"""#,
             expected: #"""
error: 1:1: invalid interval 'interval:xs:5': write interval:<unit>:<count>, as in interval:ms:500 (units nsec/ns, usec/us, msec/ms, sec/s, min/m, hour/h, day/d, hz)
interval:xs:5 { }
^
"""#),
        Case(source: #"""
BEGIN { x = 1 @ 2; }
"""#,
             expected: #"""
error: 1:15: expected ';' after the statement, found '@'
BEGIN { x = 1 @ 2; }
              ^
"""#),
        Case(source: #"""
BEGIN { x = 0x; }
"""#,
             expected: #"""
error: 1:13: malformed integer literal
BEGIN { x = 0x; }
            ^
"""#),
        Case(source: #"""
tick-5000hz { }
"""#,
             expected: #"""
error: 1:1: 'tick-5000hz' fires more often than once per millisecond, the fastest tick
tick-5000hz { }
^
"""#),
        Case(source: #"""
BEGIN { @a[1,2,3,4,5,6,7,8,9] = count(); }
"""#,
             expected: #"""
error: 1:9: '@a' has 9 keys; at most 8 are allowed
BEGIN { @a[1,2,3,4,5,6,7,8,9] = count(); }
        ^
"""#),
        Case(source: #"""
END { printa("%d %@d\n", @by_client); }
lang:gateway:submit:entry { @by_client[client] = count(); }
"""#,
             expected: #"""
error: 1:26: printa conversion '%d' expects an integer, but key 1 of '@by_client' is a string
END { printa("%d %@d\n", @by_client); }
                         ^
"""#),
    ]

    @Test(arguments: cases) func rendered(_ c: Case) {
        #expect(LanguageFixture.errors(c.source) == c.expected)
    }

    @Test func atLeastThirtyCases() {
        #expect(Self.cases.count >= 30)
    }

    @Test func errorChangesNothingAndCarriesDiagnostics() {
        LanguageFixture.register()
        do {
            _ = try TraceLanguage.compile(name: "bad", source: "BEGIN { x = y; }")
            Issue.record("compiled")
        } catch {
            #expect(error.diagnostics == [Diagnostic(line: 1, column: 13, message: "unknown variable 'y' (did you mean 'x'?)")])
            #expect(error.source == "BEGIN { x = y; }")
        }
    }

    @Test func caretCountsCharactersNotBytes() {
        let d = Diagnostic(line: 1, column: 9, message: "m")
        #expect(d.rendered(source: "BEGIN { é = 1; }") == "error: 1:9: m\nBEGIN { é = 1; }\n        ^")
        let t = Diagnostic(line: 1, column: 3, message: "m")
        #expect(t.rendered(source: "\tx y") == "error: 1:3: m\n\tx y\n\t ^")
    }
}
