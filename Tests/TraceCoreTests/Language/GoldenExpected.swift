/// Expected output of each golden program, reviewed by hand against the workload of `OrderService`
/// (see GoldenTests; `RECORD_GOLDEN=1` writes what a run printed to /tmp/golden/NAME.txt for review).
enum GoldenExpected {
    static let outputs: [String: String] = [
        "count": #"""
== golden-count output
== golden-count aggregations
@matches: 22

"""#,
        "count-by-function": #"""
== golden-count-by-function output
== golden-count-by-function aggregations
@:
  match   22
  submit  22

"""#,
        "count-by-probe": #"""
== golden-count-by-probe output
== golden-count-by-probe aggregations
@:
  gsvc  risk     check   reject   2
  gsvc  book     match   fill     6
  gsvc  book     match   entry   22
  gsvc  book     match   return  22
  gsvc  gateway  submit  entry   22
  gsvc  gateway  submit  return  22

"""#,
        "sum-by-client": #"""
== golden-sum-by-client output
== golden-sum-by-client aggregations
@qty:
  dyna  300
  acme  350
  bolt  410
  echo  450
  core  500

"""#,
        "avg-min-max": #"""
== golden-avg-min-max output
== golden-avg-min-max aggregations
@avg_price:
  1  118
  2  125

@min_price:
  1  100
  2  106

@max_price:
  1  135
  2  139

"""#,
        "stddev": #"""
== golden-stddev output
== golden-stddev aggregations
@sd: 53

@sd_by_side:
  2  10
  1  12

"""#,
        "quantize": #"""
== golden-quantize output
== golden-quantize aggregations
@qty:
           value  ------------- Distribution ------------- count
               4 |                                         0
               8 |@@@@                                     2
              16 |@@@@@                                    3
              32 |@@@@@                                    3
              64 |@@@@@@@@@@@@@                            7
             128 |@@@@@@@@@@@@@                            7
             256 |                                         0
count 22  p50 91  p90 215  p99 251  max 255

"""#,
        "quantize-keyed": #"""
== golden-quantize-keyed output
== golden-quantize-keyed aggregations
@qty:
  buy
           value  ------------- Distribution ------------- count
               4 |                                         0
               8 |@@@@@@@                                  2
              16 |@@@@@@@                                  2
              32 |@@@@                                     1
              64 |@@@@@@@@@@@                              3
             128 |@@@@@@@@@@@                              3
             256 |                                         0
count 11  p50 74  p90 209  p99 251  max 255

  sell
           value  ------------- Distribution ------------- count
               8 |                                         0
              16 |@@@@                                     1
              32 |@@@@@@@                                  2
              64 |@@@@@@@@@@@@@@@                          4
             128 |@@@@@@@@@@@@@@@                          4
             256 |                                         0
count 11  p50 104  p90 220  p99 252  max 255

"""#,
        "lquantize": #"""
== golden-lquantize output
== golden-lquantize aggregations
@price:
           value  ------------- Distribution ------------- count
           < 100 |                                         0
             100 |@@@@@@@@@                                5
             110 |@@@@@@@                                  4
             120 |@@@@@@@@@                                5
             130 |@@@@@@@@@@@@@@@                          8
          >= 140 |                                         0
count 22  p50 124  p90 137  p99 139  max 139

"""#,
        "lhist-default-step": #"""
== golden-lhist-default-step output
== golden-lhist-default-step aggregations
@qty:
           value  ------------- Distribution ------------- count
               2 |                                         0
               4 |@@@@@@@                                  1
               6 |                                         0
            >= 8 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@        5
count 6  p50 8  p90 8  p99 8  max 8

@price:
           value  ------------- Distribution ------------- count
             < 0 |                                         0
               0 |@@@@@@@                                  1
               1 |                                         0
               2 |                                         0
               3 |                                         0
               4 |                                         0
            >= 5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@        5
count 6  p50 5  p90 5  p99 5  max 5

"""#,
        "llquantize": #"""
== golden-llquantize output
== golden-llquantize aggregations
@qty:
           value  ------------- Distribution ------------- count
               9 |                                         0
              10 |@@@@                                     2
              20 |@@                                       1
              30 |@@@@                                     2
              40 |@@                                       1
              50 |@@                                       1
              60 |@@                                       1
              70 |@@                                       1
              80 |@@                                       1
              90 |@@                                       1
             100 |@@@@@@@@@@@@@@@@@@@@                     11
             200 |                                         0
count 22  p50 99  p90 180  p99 198  max 199

"""#,
        "self-ts-latency": #"""
== golden-self-ts-latency output
== golden-self-ts-latency aggregations
@untimed:

@timed: 22

@nonnegative: 1

"""#,
        "elapsed-and-retval": #"""
== golden-elapsed-and-retval output
== golden-elapsed-and-retval aggregations
@ok: 1

@filled:
  dyna   0
  acme  35
  echo  65
  bolt  70
  core  95

"""#,
        "retval-predicate": #"""
== golden-retval-predicate output
bolt filled 70 of 140
echo filled 65 of 130
core filled 60 of 120
== golden-retval-predicate aggregations

"""#,
        "top-n-trunc": #"""
== golden-top-n-trunc output
== golden-top-n-trunc aggregations
@top:
  echo  450
  core  500

"""#,
        "trunc-all": #"""
== golden-trunc-all output
== golden-trunc-all aggregations
@gone:

@kept: 22

"""#,
        "string-predicate": #"""
== golden-string-predicate output
== golden-string-predicate aggregations
@acme:
  2  2
  1  3

@acme_qty: 350

"""#,
        "string-ordering": #"""
== golden-string-ordering output
== golden-string-ordering aggregations
@early:
  bolt  4
  acme  5

"""#,
        "strstr-predicate": #"""
== golden-strstr-predicate output
== golden-strstr-predicate aggregations
@has_o:
  bolt  olt  4
  core  ore  5
  echo  o    5

"""#,
        "ternary": #"""
== golden-ternary output
== golden-ternary aggregations
@side:
  buy    850
  sell  1160

@big: 10

"""#,
        "if-else": #"""
== golden-if-else output
== golden-if-else aggregations
@size:
  large    4
  small    6
  medium  12

"""#,
        "printf-fills": #"""
== golden-printf-fills output
XNYS     5 @ 100
BATS    70 @ 129
ARCA    35 @ 117
BATS    65 @ 134
ARCA    30 @ 122
BATS    60 @ 139
== golden-printf-fills aggregations

"""#,
        "printf-conversions": #"""
== golden-printf-conversions output
00000064|5     |  XNYS|@|5|186A0|%
00000081|70    |  BATS|G|70|1F7E8|%
00000075|35    |  ARCA|C|35|1C908|%
00000086|65    |  BATS|F|65|20B70|%
0000007a|30    |  ARCA|C|30|1DC90|%
0000008b|60    |  BATS|F|60|21EF8|%
== golden-printf-conversions aggregations

"""#,
        "trace": #"""
== golden-trace output
dyna
size
4
bolt
size
4
== golden-trace aggregations

"""#,
        "exit-after-n": #"""
== golden-exit-after-n output
match 1: acme
match 2: core
match 3: echo
exited
== golden-exit-after-n aggregations

"""#,
        "printa-format": #"""
== golden-printa-format output
dyna   3 orders
bolt   4 orders
acme   5 orders
core   5 orders
echo   5 orders
bolt/1 90
dyna/2 100
acme/1 130
echo/1 190
dyna/1 200
acme/2 220
core/1 240
core/2 260
echo/2 260
bolt/2 320
== golden-printa-format aggregations
@orders:
  dyna  3
  bolt  4
  acme  5
  core  5
  echo  5

@shares:
  bolt  1   90
  dyna  2  100
  acme  1  130
  echo  1  190
  dyna  1  200
  acme  2  220
  core  1  240
  core  2  260
  echo  2  260
  bolt  2  320

"""#,
        "print-at-end": #"""
== golden-print-at-end output
@orders:
  dyna  3
  bolt  4
  acme  5
  core  5
  echo  5
== golden-print-at-end aggregations
@orders:
  dyna  3
  bolt  4
  acme  5
  core  5
  echo  5

"""#,
        "printa-clear-per-event": #"""
== golden-printa-clear-per-event output
  acme  1
--
  acme  0
  bolt  1
  core  1
  echo  1
--
  bolt  0
  echo  0
  acme  1
  core  1
  dyna  1
--
  dyna  0
  acme  1
  bolt  1
  core  1
  echo  2
--
  core  0
  echo  0
  acme  1
  bolt  1
  dyna  1
--
  bolt  0
  acme  1
  dyna  1
  echo  1
  core  2
--
== golden-printa-clear-per-event aggregations
@since_fill:
  acme  0
  core  0
  dyna  0
  bolt  1
  echo  1

"""#,
        "printa-histogram": #"""
== golden-printa-histogram output
           value  ------------- Distribution ------------- count
               2 |                                         0
               4 |@@@@@@@                                  1
               8 |                                         0
              16 |@@@@@@@                                  1
              32 |@@@@@@@@@@@@@                            2
              64 |@@@@@@@@@@@@@                            2
             128 |                                         0
count 6  p50 48  p90 108  p99 126  max 127
== golden-printa-histogram aggregations
@fills:
           value  ------------- Distribution ------------- count
               2 |                                         0
               4 |@@@@@@@                                  1
               8 |                                         0
              16 |@@@@@@@                                  1
              32 |@@@@@@@@@@@@@                            2
              64 |@@@@@@@@@@@@@                            2
             128 |                                         0
count 6  p50 48  p90 108  p99 126  max 127

"""#,
        "associative-array": #"""
== golden-associative-array output
== golden-associative-array aggregations
@missing:

@settled:
  dyna  300
  acme  350
  bolt  410
  echo  450
  core  500

"""#,
        "clause-local": #"""
== golden-clause-local output
== golden-clause-local aggregations
@notional:
  dyna  35750
  acme  39810
  bolt  51410
  echo  54920
  core  64130

@largest: 20340

"""#,
        "string-functions": #"""
== golden-string-functions output
== golden-string-functions aggregations
@tag:
  bo-1  1
  dy-2  1
  ac-2  2
  co-1  2
  dy-1  2
  ec-2  2
  ac-1  3
  bo-2  3
  co-2  3
  ec-1  3

@tail:
  na  3
  lt  4
  ho  5
  me  5
  re  5

@len: 88

"""#,
        "arithmetic-and-bits": #"""
== golden-arithmetic-and-bits output
== golden-arithmetic-and-bits aggregations
@mod3:
  1  7
  2  7
  0  8

@masked:
  32  5
  48  5
  0   6
  16  6

@shifted: 720

@negated: -139

@xor: 155

@inverted: -181

@quot: 278

"""#,
        "positional-arguments": #"""
== golden-positional-arguments output
== golden-positional-arguments aggregations
@by_arg:
  1  bolt   90
  2  dyna  100
  1  acme  130
  1  echo  190
  1  dyna  200
  2  acme  220
  1  core  240
  2  core  260
  2  echo  260
  2  bolt  320

"""#,
        "multiple-descriptions": #"""
== golden-multiple-descriptions output
== golden-multiple-descriptions aggregations
@shares:
  match   1   850
  submit  1   850
  match   2  1160
  submit  2  1160

"""#,
        "begin-end-globals": #"""
== golden-begin-end-globals output
begin
22 orders, 2010 shares, last bolt
== golden-begin-end-globals aggregations

"""#,
        "compound-assignments": #"""
== golden-compound-assignments output
2010 -22 3 236 22 0 0
== golden-compound-assignments aggregations

"""#,
        "unset-reads-zero": #"""
== golden-unset-reads-zero output
[] 0 0 0
== golden-unset-reads-zero aggregations

"""#,
        "runtime-error": #"""
== golden-runtime-error output
error: program 'golden-runtime-error' clause 1 (gsvc:book:match:entry): division by zero
== golden-runtime-error aggregations
@ok:
  1  11
  2  11

@ratio: 1160

@errors: 11

"""#,
        "process-builtins": #"""
== golden-process-builtins output
== golden-process-builtins aggregations
@pid_positive: 1

@tid_nonzero: 1

@has_execname: 1

@clock_runs: 1

"""#,
        "two-programs-same-probes": #"""
== golden-two-programs-same-probes output
== golden-two-programs-same-probes aggregations
@by_client:
  dyna  3
  bolt  4
  acme  5
  core  5
  echo  5
== golden-two-programs-same-probes-2 output
fill 5
fill 70
fill 35
fill 65
fill 30
fill 60
== golden-two-programs-same-probes-2 aggregations
@by_side:
  1   850
  2  1160

"""#,
        "logic-short-circuit": #"""
== golden-logic-short-circuit output
== golden-logic-short-circuit aggregations
@picked:
  acme  10   1
  acme  110  1
  core  170  1
  dyna  150  1
  echo  130  1

"""#,
        "nested-ternary": #"""
== golden-nested-ternary output
== golden-nested-ternary aggregations
@band:
  low   5
  high  8
  mid   9

"""#,
        "reject-events": #"""
== golden-reject-events output
rejected dyna (size)
rejected bolt (size)
== golden-reject-events aggregations
@rejects:
  bolt  size  1
  dyna  size  1

"""#,
        "duration-literals": #"""
== golden-duration-literals output
== golden-duration-literals aggregations
@under_a_second: 22

@limit: 5000000

"""#,
        "wrapped-program": #"""
== golden-wrapped-program output
== golden-wrapped-program aggregations
@venues:
  XNYS    5
  ARCA   65
  BATS  195

"""#,
        "fewer-orders": #"""
== golden-fewer-orders output
== golden-fewer-orders aggregations
@last: 4

@calls: 5

"""#,
        "dtrace-style-begin": #"""
== golden-dtrace-style-begin output
tracing
ARCA 2
BATS 3
== golden-dtrace-style-begin aggregations
@:
  ARCA  2
  BATS  3

"""#,
    ]
}
