// DTrace's time units, as `tick-N<unit>`, `profile-N<unit>` and `interval:<unit>:N` write them:
// nsec ns, usec us, msec ms, sec s, min m, hour h, day d, and hz (a rate: N firings per second).
// A period with no unit (`tick-100`) is a rate in hz, as in DTrace.

/// Time units of the special probes' periods, and the parser of `N<unit>`.
enum TimeUnits {
    /// The units accepted, as error messages list them.
    static let spelled = "nsec/ns, usec/us, msec/ms, sec/s, min/m, hour/h, day/d, hz"

    /// Nanoseconds per unit (`hz` is 1: its count is a rate, see `period`); nil for an unknown unit.
    static func nanoseconds(_ unit: String) -> Int64? {
        switch unit {
        case "ns", "nsec": return 1
        case "us", "usec": return 1_000
        case "ms", "msec": return 1_000_000
        case "s", "sec": return 1_000_000_000
        case "m", "min": return 60_000_000_000
        case "h", "hour": return 3_600_000_000_000
        case "d", "day": return 86_400_000_000_000
        case "hz": return 1
        default: return nil
        }
    }

    /// Why a period was refused.
    enum PeriodError: Error, Equatable {
        /// Not a positive count followed by a known unit.
        case malformed
        /// More nanoseconds than 64 bits hold.
        case tooLong
    }

    /// The period in nanoseconds of `count` units (`hz`: once every 1/count seconds).
    static func period(count: Int64, unit: String) -> Result<Int64, PeriodError> {
        guard count > 0, let per = nanoseconds(unit) else { return .failure(.malformed) }
        if unit == "hz" { return .success(1_000_000_000 / count) }
        let product = count.multipliedReportingOverflow(by: per)
        return product.overflow ? .failure(.tooLong) : .success(product.partialValue)
    }

    /// The period of `N<unit>` (the text after `tick-` or `profile-`); no unit means hz.
    static func period(_ text: Substring) -> Result<Int64, PeriodError> {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = String(text.dropFirst(digits.count))
        guard let count = Int64(digits) else { return .failure(digits.isEmpty ? .malformed : .tooLong) }
        return period(count: count, unit: unit.isEmpty ? "hz" : unit)
    }
}
