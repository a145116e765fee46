import Testing

/// The golden suite's programs: DTrace and bpftrace idioms run against `GoldenService`. Each case
/// defines its programs (more than one: all on the same probes), runs the service, disables them
/// (END fires) and compares the drained output and the formatted aggregations with `Golden/NAME.txt`.
struct GoldenProgram: Sendable, CustomTestStringConvertible {
    var name: String
    var sources: [String]
    var orders: Int = 24
    var testDescription: String { name }

    init(_ name: String, _ sources: String..., orders: Int = 24) {
        self.name = name; self.sources = sources; self.orders = orders
    }
}

enum GoldenPrograms {
    static let all: [GoldenProgram] = [
        GoldenProgram("count", "gsvc:book:match:entry { @matches = count(); }"),
        GoldenProgram("count-by-function", "gsvc:::entry { @[probefunc] = count(); }"),
        GoldenProgram("count-by-probe", "gsvc:*:*:* { @[probeprov, probemod, probefunc, probename] = count(); }"),
        GoldenProgram("sum-by-client", "gsvc:gateway:submit:entry { @qty[client] = sum(qty); }"),
        GoldenProgram("avg-min-max", """
            gsvc:book:match:entry {
                @avg_price[side] = avg(price);
                @min_price[side] = min(price);
                @max_price[side] = max(price);
            }
            """),
        GoldenProgram("stddev", "gsvc:book:match:entry { @sd = stddev(qty); @sd_by_side[side] = stddev(price); }"),
        GoldenProgram("quantize", "gsvc:book:match:entry { @qty = quantize(qty); }"),
        GoldenProgram("quantize-keyed", "gsvc:book:match:entry { @qty[side == 1 ? \"buy\" : \"sell\"] = hist(qty); }"),
        GoldenProgram("lquantize", "gsvc:book:match:entry { @price = lquantize(price, 100, 140, 10); }"),
        GoldenProgram("lhist-default-step", "gsvc:book:match:fill { @qty = lhist(qty, 0, 8, 2); @price = lquantize(price - 100, 0, 5); }"),
        GoldenProgram("llquantize", "gsvc:book:match:entry { @qty = llquantize(qty, 10, 0, 3, 10); }"),
        GoldenProgram("self-ts-latency", """
            gsvc:book:match:return /!self->ts/ { @untimed = count(); }
            gsvc:book:match:entry { self->ts = timestamp; }
            gsvc:book:match:return /self->ts/ {
                @timed = count();
                @nonnegative = min(timestamp - self->ts >= 0);
                self->ts = 0;
            }
            """),
        GoldenProgram("elapsed-and-retval", """
            gsvc:book:match:return {
                @ok = min(elapsed >= 0);
                @filled[client] = sum(retval);
            }
            """),
        GoldenProgram("retval-predicate", "gsvc:book:match:return /retval > 40/ { printf(\"%s filled %d of %d\\n\", client, retval, qty); }"),
        GoldenProgram("top-n-trunc", """
            gsvc:gateway:submit:entry { @top[client] = sum(qty); }
            END { trunc(@top, 2); }
            """),
        GoldenProgram("trunc-all", """
            gsvc:gateway:submit:entry { @gone[client] = count(); @kept = count(); }
            END { trunc(@gone); }
            """),
        GoldenProgram("string-predicate", "gsvc:gateway:submit:entry /client == \"acme\"/ { @acme[side] = count(); @acme_qty = sum(qty); }"),
        GoldenProgram("string-ordering", "gsvc:gateway:submit:entry /client < \"c\"/ { @early[client] = count(); }"),
        GoldenProgram("strstr-predicate", "gsvc:gateway:submit:entry /strstr(client, \"o\") != \"\"/ { @has_o[client, strstr(client, \"o\")] = count(); }"),
        GoldenProgram("ternary", "gsvc:book:match:entry { @side[side == 1 ? \"buy\" : \"sell\"] = sum(qty); @big = sum(qty > 100 ? 1 : 0); }"),
        GoldenProgram("if-else", """
            gsvc:book:match:entry {
                if (qty >= 150) {
                    @size["large"] = count();
                } else if (qty >= 50) {
                    @size["medium"] = count();
                } else {
                    @size["small"] = count();
                }
            }
            """),
        GoldenProgram("printf-fills", "gsvc:book:match:fill { printf(\"%-5s %4d @ %d\\n\", venue, qty, price); }"),
        GoldenProgram("printf-conversions", "gsvc:book:match:fill { printf(\"%08x|%-6d|%6s|%c|%u|%X|%%\\n\", price, qty, venue, 64 + qty / 10, qty, price * 1000); }"),
        GoldenProgram("trace", "gsvc:risk:check:reject { trace(client); printf(\" \"); trace(reason); printf(\" \"); trace(strlen(reason)); printf(\"\\n\"); }"),
        GoldenProgram("exit-after-n", """
            gsvc:book:match:entry { n++; printf("match %d: %s\\n", n, client); }
            gsvc:book:match:entry /n == 3/ { exit(); }
            """),
        GoldenProgram("printa-format", """
            gsvc:gateway:submit:entry { @orders[client] = count(); @shares[client, side] = sum(qty); }
            END { printa("%-6s %@d orders\\n", @orders); printa("%s/%d %@d\\n", @shares); }
            """),
        GoldenProgram("print-at-end", """
            gsvc:gateway:submit:entry { @orders[client] = count(); }
            END { print(@orders); }
            """),
        GoldenProgram("printa-clear-per-event", """
            gsvc:book:match:entry { @since_fill[client] = count(); }
            gsvc:book:match:fill { printa(@since_fill); clear(@since_fill); printf("--\\n"); }
            """),
        GoldenProgram("printa-histogram", """
            gsvc:book:match:fill { @fills = quantize(qty); }
            END { printa(@fills); }
            """),
        GoldenProgram("associative-array", """
            gsvc:gateway:submit:return /!pending[client, side]/ { @missing = count(); }
            gsvc:gateway:submit:entry { pending[client, side] = qty; }
            gsvc:gateway:submit:return /pending[client, side]/ {
                @settled[client] = sum(pending[client, side]);
                pending[client, side] = 0;
            }
            """),
        GoldenProgram("clause-local", """
            gsvc:book:match:entry {
                this->notional = price * qty;
                @notional[client] = sum(this->notional);
                @largest = max(this->notional);
            }
            """),
        GoldenProgram("string-functions", """
            gsvc:gateway:submit:entry {
                @tag[strjoin(substr(client, 0, 2), strjoin("-", str(side)))] = count();
                @tail[substr(client, 2)] = count();
                @len = sum(strlen(client));
            }
            """),
        GoldenProgram("arithmetic-and-bits", """
            gsvc:book:match:entry {
                @mod3[qty % 3] = count();
                @masked[qty & 0x30] = count();
                @shifted = max(qty << 3 >> 1);
                @negated = min(-price);
                @xor = max(price ^ 0xff);
                @inverted = min(~qty);
                @quot = sum(qty / 7);
            }
            """),
        GoldenProgram("positional-arguments", "gsvc:book:match:entry { @by_arg[arg0, arg3] = sum(arg2); }"),
        GoldenProgram("multiple-descriptions", "gsvc:book:match:entry, gsvc:gateway:submit:entry { @shares[probefunc, side] = sum(qty); }"),
        GoldenProgram("begin-end-globals", """
            BEGIN { printf("begin\\n"); total = 0; }
            gsvc:gateway:submit:entry { total += qty; orders++; last = client; }
            END { printf("%d orders, %d shares, last %s\\n", orders, total, last); }
            """),
        GoldenProgram("compound-assignments", """
            gsvc:book:match:entry { a += qty; b -= 1; c |= side; d ^= price; e = e * 1 + 1; f <<= 0; g = qty; g /= 10; g %= 7; }
            END { printf("%d %d %d %d %d %d %d\\n", a, b, c, d, e, f, g); }
            """),
        GoldenProgram("unset-reads-zero", """
            gsvc:book:match:entry /side == 3/ { never = "x"; zero = 5; nothing[1] = 2; }
            END { printf("[%s] %d %d %d\\n", never, zero, nothing[1], strlen(never)); }
            """),
        GoldenProgram("runtime-error", """
            gsvc:book:match:entry { @ok[side] = count(); @ratio = sum(qty / (side - 1)); }
            ERROR { @errors = count(); }
            """),
        GoldenProgram("process-builtins", """
            gsvc:book:match:entry {
                @pid_positive = min(pid > 0);
                @tid_nonzero = min(tid != 0);
                @has_execname = min(strlen(execname) > 0);
                @clock_runs = min(walltimestamp > 1_000_000_000s && timestamp > 0);
            }
            """),
        GoldenProgram("two-programs-same-probes",
                      "gsvc:book:match:entry { @by_client[client] = count(); }",
                      "gsvc:book:match:entry { @by_side[side] = sum(qty); } gsvc:book:match:fill { printf(\"fill %d\\n\", qty); }"),
        GoldenProgram("logic-short-circuit", """
            gsvc:book:match:entry /side == 1 && (qty > 100 || client == "acme") && !(price < 101)/ { @picked[client, qty] = count(); }
            """),
        GoldenProgram("nested-ternary", "gsvc:book:match:entry { @band[price < 110 ? \"low\" : price < 130 ? \"mid\" : \"high\"] = count(); }"),
        GoldenProgram("reject-events", "gsvc:risk:check:reject { @rejects[client, reason] = count(); printf(\"rejected %s (%s)\\n\", client, reason); }"),
        GoldenProgram("duration-literals", "gsvc:book:match:return /elapsed < 1s/ { @under_a_second = count(); @limit = max(5ms + 0 * qty); }"),
        GoldenProgram("wrapped-program", "{ gsvc:book:match:fill { @venues[venue] = sum(qty); } }"),
        GoldenProgram("fewer-orders", "gsvc:gateway:submit:return { @last = max(retval); @calls = count(); }", orders: 5),
        GoldenProgram("dtrace-style-begin", """
            dtrace:::BEGIN { printf("%s\\n", "tracing"); }
            gsvc:book:match:fill /venue != "XNYS"/ { @[venue] = count(); }
            dtrace:::END { printa("%s %@d\\n", @); }
            """),
    ]
}
