// `help` and `help TOPIC`: every command and every language feature has a topic; names of functions,
// built-ins and actions lead to the topic that explains them (`help quantize` → histograms).

/// The console's help texts.
enum Help {
    /// `help` alone: the commands, then the topics.
    static var overview: String {
        let width = CommandTable.all.map { $0.usage.count }.max() ?? 0
        var out = "commands:\n"
        for c in CommandTable.all {
            out += "  " + c.usage + String(repeating: " ", count: width - c.usage.count) + "  " + c.summary + "\n"
        }
        out += "\nA bare clause (match:entry { @[probefunc] = count(); }) defines and enables p1, p2, ….\n"
        out += "CLTRACE forms are accepted too: (define-program …), (getagg NAME), (getvar :NAME).\n"
        out += "\nlanguage topics: " + languageTopics.map(\.name).joined(separator: ", ") + "\n"
        out += "type help TOPIC for more: help show, help aggregations, help quantize\n"
        return out
    }

    /// The help on `topic` (a command, a language topic, or a name that leads to one), or nil.
    static func text(for topic: String) -> String? {
        let key = topic.hasPrefix("@") ? "aggregations" : topic
        if key == "exit" { return commandText("quit") }
        if CommandTable.command(key) != nil { return commandText(key) }
        if let t = languageTopics.first(where: { $0.name == key }) { return t.text }
        if let target = aliases[key], let t = languageTopics.first(where: { $0.name == target }) { return t.text }
        return nil
    }

    /// Topic names: the commands and the language topics.
    static var topicNames: [String] { CommandTable.names + languageTopics.map(\.name) }

    /// Names that lead to a language topic.
    static var aliasNames: [String] { Array(aliases.keys) }

    private static func commandText(_ name: String) -> String {
        guard let c = CommandTable.command(name) else { return "" }
        return "usage: \(c.usage)\n\(c.summary).\n" + (commandDetails[name].map { "\n" + $0 } ?? "")
    }

    private static let commandDetails: [String: String] = [
        "help": """
            help             the commands and the language topics
            help show        a command
            help quantize    a language feature (functions, built-ins and actions lead to their topic)

            """,
        "probes": """
            Lists every declared probe, enabled or not: its ID (what the id built-in reads there, as dtrace -l
            lists it), provider, module, function, name, the arguments with their types, and whether an enabled
            clause fires there. PATTERN is a probe description with
            globs (* ? […]), fields matched from the right as in a clause; a single word with no ':' matches
            any field.

              probes
              probes orders:book:*:entry
              probes match

            """,
        "program": """
            Defines the program NAME from the clauses and enables it, answering like DTrace:
            program 'lat' enabled: matched 4 probes. Redefining NAME swaps the new clauses in atomically and
            starts its aggregations fresh. -z allows probe descriptions that match no probe (DTrace's -Z).
            A definition with any error changes nothing. The clauses may span lines: an open {, ( or /
            continues the entry on a ....> prompt.

              program lat {
                  orders:book:match:entry { self->ts = timestamp; }
                  orders:book:match:return /self->ts/ { @ns = quantize(elapsed); self->ts = 0; }
              }

            """,
        "enable": "Enables programs that disable (or exit()) stopped. BEGIN clauses fire.\n\n  enable lat\n",
        "disable": "Stops programs firing; their aggregations and variables stay readable. END clauses fire.\n\n  disable lat\n",
        "delete": "Deletes programs and their data. END clauses fire if they were enabled.\n\n  delete lat p1\n",
        "programs": """
            One row per program: STATE, PROBES (probe sites matched), FIRINGS, ERRORS (runtime errors),
            DROPS (records and keys over the limits), CLAUSE TIME (estimated time in its clauses) and CPU
            (that time as a share of one core since the program was defined, and its budget if set).

            """,
        "edit": "Puts `program NAME { … }` back in the line editor, to change and submit again with Enter.\n",
        "show": """
            Prints aggregations once: all of them, those of a PROGRAM, or single ones (@name, or
            program.@name where two programs have the same name). A scalar prints as @calls: 1234; a keyed
            aggregation as rows sorted by value, smallest first (desc: largest first); histograms in
            DTrace's layout plus a line of percentiles. --json prints one JSON object per aggregation per
            line (help json). An aggregation keyed by ustack() prints each stack one frame per line, its
            value below; --folded prints folded stacks (outer;…;inner COUNT, for flamegraph.pl or
            speedscope), --tree a top-down call tree with each function's share, as wide as the window
            (--width N: N columns).
            In a console attached to several processes the totals are merged; by pid breaks them down,
            the pid as the first key.

              show
              show @ns desc
              show lat --json
              show @s --folded
              show @matches by pid

            show @AGG as heatmap or as rates prints what a watch recorded interval by interval (help watch).

            """,
        "watch": """
            Pins a view above the prompt that refreshes every DURATION (default: set refresh, 1s): a header
            with the program, its uptime, firings/s, drops and errors, then the aggregations, largest first,
            fitted to the window. The prompt stays usable. With no argument, watches the program defined
            last. unwatch, or Esc on an empty line, ends it and leaves the last frame on the screen. Without
            a terminal, prints one frame per interval.

              watch
              watch @ns @calls every 500ms

            Views: a count or sum table carries each key's rate (/s) and a sparkline of its last 16 intervals;
            as rates sorts it by the rate. as heatmap draws a histogram over time: a column per interval
            (newest at the right), a row per bucket, cells shaded by count, and its p50 and p99. delta shows
            each interval's values instead of the totals since the start.

              watch @ns as heatmap every 500ms
              watch @calls as rates
              watch lat every 1s delta

            """,
        "snapshot": """
            Keeps a copy of an aggregation in the console under NAME, to compare with later (diff); the
            copy survives a redefinition or a delete of its program. snapshot alone lists the names.

              snapshot @ns as before

            """,
        "diff": """
            Compares two aggregations of the same function and keys, each a snapshot NAME or a live @name;
            a snapshot against a live aggregation is the baseline. Histograms print side by side with count,
            p50, p90, p99 and max and their change (p99 4096 → 1024 (−75 %)); tables list the keys whose
            value changed most. --json prints both and the changes as one JSON object.

              snapshot @ns as before
              program lat { … }
              diff @ns before

            """,
        "flamegraph": """
            Writes a flame graph of an aggregation keyed by ustack() to FILE as one self-contained SVG:
            each box a function, as wide as its share of the samples, callers below callees; colours by
            module; hover for the function, its samples and percentage; click a box to zoom, Reset Zoom
            to go back; Search highlights functions matching a regular expression. Open it in a browser.

              program cpu { profile-99 { @s[ustack()] = count(); } }
              flamegraph @s /tmp/cpu.svg

            """,
        "unwatch": "Ends the live view; its last frame stays in the scrollback.\n",
        "clear": "Zeroes an aggregation's values and keeps its keys (as clear() in a clause).\n\n  clear @calls\n",
        "trunc": "Drops every key of an aggregation, or all but the N largest (as trunc() in a clause).\n\n  trunc @calls 10\n",
        "get": "Prints a program's global variable (name, or program.name where two programs have it).\n\n  get total\n  get lat.total\n",
        "set": """
            set alone shows the settings. Going over a limit drops the new data and counts a drop.

              set aggregation-keys N   keys per aggregation and thread (default 10000)
              set array-entries N      entries per associative array (default 10000)
              set string-size N        longest string a string function makes, in bytes (default 256)
              set trace-buffer SIZE    each thread's trace buffer (default 64k; new buffers only)
              set string-keys N        distinct strings one program uses as keys (default 1000000)
              set program-aggregations N  aggregations one program may declare (default 1000)
              set memory SIZE          all tracing memory of the process (default 256m)
              set threads N            threads that may trace at once (default and most 16384)
              set refresh DURATION     the default watch interval (default 1s)
              set budget PROGRAM 5%    disable PROGRAM if its clauses use more than 5% of one core
              set budget PROGRAM off   remove the budget

            """,
        "save": "Writes the definitions of all programs (or the NAMEs) to FILE; load FILE defines them again.\n\n  save /tmp/lat.trace lat\n",
        "load": "Runs the commands in FILE, as a script: programs (one or many lines), commands, comments (#).\nWords after FILE are its programs' $1, $2… ($$1 as a string).\n\n  load /tmp/lat.trace\n  load /tmp/top.trace 10 orders\n",
        "sleep": "Waits for DURATION (500ms, 5s, 2m) while programs trace and their output prints. For scripts.\n",
        "wait": """
            Waits, as dtrace does, until every enabled program that can call exit() has called it (their END
            clauses run), or for at most DURATION. At the end of the run the console then prints every
            aggregation no printa() has shown, and exits with the status of exit(N). A script with no
            --duration waits by itself when every enabled program can call exit().

              wait
              wait 30s

            """,
        "quit": "Leaves the console: END clauses fire, programs stop. Also exit, and Ctrl-D on an empty line.\n",
        "export": """
            Publishes an aggregation on the service's /metrics endpoint (the service runs it: --metrics ADDR:PORT
            in the demos, MetricsServer.start in your own). count() is a counter NAME_total, sum() a counter (with
            gauge: a gauge), min/max/avg/stddev gauges, quantize/lquantize/llquantize histograms. Keys become
            labels (key0, key1, … unless named). unit seconds reads the values as nanoseconds and publishes
            seconds (NAME_seconds); unit bytes adds _bytes. NAME defaults to PROGRAM_AGG. The export follows the
            program through redefinitions; deleting the program removes it. See docs/fleet.md.

              export p1.@matches as orders_matches labels side
              export lat.@ns as risk_check unit seconds

            """,
        "exports": "Lists the exported aggregations: metric type, sample names, labels, and the keys (label sets) they have now.\n",
    ]

    struct Topic {
        var name: String
        var text: String
    }

    static let languageTopics: [Topic] = [
        Topic(name: "clauses", text: """
            A program is one or more clauses:

              probe-description[, probe-description…] [/predicate/] { statement; statement; … }

              orders:book:match:entry { @matches = count(); }

            Statements end with ';' (the last may omit it); comments are // … and /* … */. A clause typed
            bare at the prompt becomes the program p1, p2, …; see help program. Topics: descriptions,
            special, predicates, variables, builtins, expressions, strings, if, aggregations, histograms,
            actions, printf, cltrace, errors.

            """),
        Topic(name: "descriptions", text: """
            A probe is named provider:module:function:name (function probes have names entry and return).
            Each field may use the globs * ? […]; an empty field matches anything; a shorter description
            matches from the right (match:entry, book:match:entry). A description that matches no probe is
            refused with the nearest probe names, unless the program is defined with -z.

              orders:book:*:entry, ::submit:return { @[probefunc, probename] = count(); }

            """),
        Topic(name: "special", text: """
            Probes that are not in the service:
              BEGIN               when the program is enabled
              END                 when it is disabled or deleted, and when the console quits
              ERROR               when one of its clauses hits a runtime error (arguments clause, fault)
              tick-1s             periodically, on a timer thread (units ns us ms s m hz; tick-N is N per second)
              interval:ms:500     the same, DTrace's other spelling

              tick-1s { printa(@rate); clear(@rate); }

            """),
        Topic(name: "predicates", text: """
            A predicate between slashes decides whether the clause runs: an integer expression, non-zero is
            true. Strings compare with == != < <= > >=.

              orders:book:match:entry /side == 1 && qty >= 100/ { @big = count(); }

            """),
        Topic(name: "variables", text: """
            Globals: total = total + 1 (read with get total). Thread-local: self->ts. Clause-local: this->x.
            Associative arrays: pending[tid] = timestamp. A variable's type is that of its first assignment;
            unset reads as 0 or "". Assigning 0 to a self-> variable or an array element frees it.
            += -= *= /= %= &= |= ^= <<= >>= ++ -- are shorthand.

            """),
        Topic(name: "builtins", text: """
              probeprov probemod probefunc probename   the probe that fired (strings)
              timestamp        monotonic nanoseconds        walltimestamp   nanoseconds since 1970
              tid pid          thread and process id        execname        the process name
              arg0 … arg9      the arguments by position    NAME            an argument by its declared name
              retval elapsed   in return probes: the return value, and nanoseconds since the entry
              caller ucaller   the address the probe fired from (a profile sample's PC)
              ustack([N])      the thread's stack: a key, or printed with printf("%k", …), trace(…), ustack();
              ufunc(a) usym(a) umod(a) uaddr(a)   an address as module`function, module, module`function+0x…

            Tab inside a clause completes these, the functions, and the matched probes' argument names.

            """),
        Topic(name: "expressions", text: """
            64-bit integers that wrap around: + - * / % < <= > >= == != && || ! & | ^ ~ << >> ?: and ( ).
            Literals: 42, 0xff, 1_000_000, and durations 5ms 2s (in nanoseconds). Division by zero is a
            runtime error: the clause stops, the error is counted, ERROR fires.

            """),
        Topic(name: "strings", text: """
            strlen(s), substr(s, start[, length]), strjoin(a, b), strstr(s, t) (the suffix of s from t, or
            ""), str(n). A string longer than string-size (set string-size) is a runtime error.

            """),
        Topic(name: "if", text: """
            if (qty > 1000) { @size["block"] = count(); } else if (qty > 100) { … } else { … }
            There are no loops: every clause runs in bounded time.

            """),
        Topic(name: "aggregations", text: """
            @name[key, …] = f(…) aggregates per key; @name = f(…) has no key; @[key] is anonymous.
              count()  sum(x)  avg(x)  min(x)  max(x)  stddev(x)
              quantize(x) (hist)  lquantize(x, lo, hi[, step]) (lhist)  llquantize(x, factor, lo, hi, steps)
            Each program has its own aggregations; where two programs share a name the console writes
            program.@name. Read them with show and watch; reset with clear and trunc. See help histograms.

              orders:book:match:entry { @by_side[side] = count(); @shares[client] = sum(qty); }

            """),
        Topic(name: "histograms", text: """
            quantize, lquantize and llquantize print in DTrace's layout: one row per bucket labelled with its
            lower bound (< lo and >= hi for the linear ends), 40 columns of @ for its share, the count; one
            empty row above and below. Then a line DTrace does not have:

              count 8  p50 7  p90 27  p99 31  max 31

            The percentiles are estimated from the buckets (values assumed evenly spread inside a bucket),
            so they are as precise as the buckets; max is the upper edge of the highest populated bucket.

            """),
        Topic(name: "actions", text: """
              printf(fmt, …)       formatted text (help printf)
              trace(x)             one value
              printa([fmt,] @a)    an aggregation's rows (%@ in fmt is the value)
              print(@a)            an aggregation under its name
              clear(@a)            zero the values          trunc(@a[, n])   drop keys, or keep the top n
              exit()               disable this program after this firing
            Output prints above the prompt while you type.

            """),
        Topic(name: "printf", text: """
            Conversions %d %i %u %x %X %s %c %f %%, with flags - and 0, a width and a precision. The format
            is checked against the arguments when the program is defined.

              orders:book:match:fill { printf("%-8s %6d @ %d\\n", venue, qty, price); }

            """),
        Topic(name: "cltrace", text: """
            CLTRACE's S-expression form compiles to the same program:

              (define-program slow-match
                ((:entry orders:book:match :when (= side 1))
                 (agg! counts fn-name :count)
                 (setvar :value t)))

            :entry/:exit FN, :probe DESC, :begin, :end; :when with = /= < > <= >= + - * / mod and or not;
            (agg! NAME KEY :count | :sum X | :avg X | :min X | :max X | :quantize X), (setvar :NAME V),
            (print FMT ARGS…). (getagg counts) prints @counts; (getvar :value) reads a global.

            """),
        Topic(name: "errors", text: """
            A definition error names the line and column and points at the text, and nothing changes:

              error: 1:25: unknown variable 'latncy' (did you mean 'latency'?)

            Runtime errors (division by zero, a string over the limit) never reach the service: the clause
            stops, the error is counted (programs, ERRORS), ERROR fires, and the console prints it once,
            then a running count. Drops (data over a limit) are reported as N drops on program 'x'.

            """),
        Topic(name: "limits", text: """
            Limits protect the service. Going over one drops the new data and counts a drop, by kind, shown
            in programs (DROPS), the watch header and the --duration summary; nothing blocks a traced thread.

              limit (set NAME)    default    over it
              aggregation-keys    10000      a new key, per aggregation and thread: aggregation keys drop
              array-entries       10000      a new associative-array entry: array entries drop
              string-size         256        a longer string argument is cut; a string function errs
              trace-buffer        64k        a printf/trace record that does not fit: trace buffer drop
              string-keys         1000000    a new string key of one program: string keys drop
              program-aggregations 1000      a program declaring more is refused at definition
              memory              256m       a program whose declared state does not fit is refused;
                                             growth past it (shards, strings, array entries, buffers)
                                             is dropped: memory drop
              threads             16384      firings on further threads at once are skipped: threads drop

            programs shows the tracing memory each program holds (MEMORY). set budget PROGRAM 5%
            disables a program whose clauses take more than that share of one core.

            """),
        Topic(name: "json", text: """
            show --json and --json at the end of a --duration run print one object per aggregation per line:

              {"program": "lat", "aggregation": "ns", "function": "quantize", "entries": [{"key": [], "value": V}]}

            key: a list of integers and strings. V: a number for count sum min max avg stddev; for histograms
            {"buckets": [[lo, count], …], "count": N, "p50": x, "p90": x, "p99": x, "max": x}.

            """),
        Topic(name: "keys", text: """
            Emacs keys: Ctrl-A/E home/end, Ctrl-B/F and Alt-B/F move, Ctrl-D/H delete, Ctrl-K/U/W and
            Alt-D/Backspace kill, Ctrl-Y yank, Ctrl-T transpose, Ctrl-L clear the screen, Up/Down history,
            Ctrl-R search it, Tab complete (twice: list), Ctrl-C cancel the line, Ctrl-D on an empty line
            quit, Esc on an empty line unwatch. An open { ( or / continues on a ....> prompt.

            """),
        Topic(name: "scripts", text: """
            With standard input not a terminal, or --script FILE, commands run line by line and print plain
            text: data on standard output, notices and errors on standard error. --duration 5s then keeps
            tracing for 5 seconds, stops every program (no firing in flight) and prints every aggregation
            (--json: as JSON lines). The exit status is 1 if any command failed.

              echo 'match:entry { @[probefunc] = count(); }' | orderbook --duration 5s --json

            """),
    ]

    /// Names that lead to a topic.
    static let aliases: [String: String] = {
        var a: [String: String] = [:]
        for f in ["count", "sum", "avg", "min", "max", "stddev"] { a[f] = "aggregations" }
        for f in ["quantize", "hist", "lquantize", "lhist", "llquantize", "percentiles"] { a[f] = "histograms" }
        for f in ["strlen", "substr", "strjoin", "strstr", "str"] { a[f] = "strings" }
        for f in ["trace", "printa", "print", "exit()"] { a[f] = "actions" }
        for f in ["probeprov", "probemod", "probefunc", "probename", "timestamp", "walltimestamp", "tid", "pid",
                  "execname", "retval", "elapsed", "arg0", "args", "arguments"] { a[f] = "builtins" }
        for f in ["self", "this", "self->", "this->", "globals", "arrays"] { a[f] = "variables" }
        for f in ["BEGIN", "END", "ERROR", "tick", "interval", "profile"] { a[f] = "special" }
        for f in ["predicate", "/"] { a[f] = "predicates" }
        for f in ["else"] { a[f] = "if" }
        for f in ["language", "clause", "syntax"] { a[f] = "clauses" }
        for f in ["description", "glob", "wildcards"] { a[f] = "descriptions" }
        for f in ["define-program", "getagg", "getvar", "lisp", "agg!", "setvar"] { a[f] = "cltrace" }
        for f in ["drops", "budget"] { a[f] = "limits" }
        for f in ["script", "--script", "--duration", "--json", "duration"] { a[f] = "scripts" }
        for f in ["keyboard", "editing", "completion"] { a[f] = "keys" }
        return a
    }()
}
