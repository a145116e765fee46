import CTraceCore

// Aggregating statements: the shard update of each function, keyed or not. A nil from `values` is a new
// key the aggregation refused (at its key limit or the memory budget); it has counted the drop.

extension StatementCompiler {
    func aggregate(_ agg: Aggregation, _ keys: [Expression], _ arguments: [Expression]) -> ActionCode {
        let update = updater(agg, arguments)
        switch keys.count {
        case 0:
            if agg.declaration.function == .count {
                // The commonest shape, `@n = count()`, in one closure.
                return { f in
                    var none: Int64 = 0
                    let v = withUnsafePointer(to: &none) { agg.values(f.thread, key: $0) }
                    guard let v else { return }
                    trace_add_relaxed(v, 1)
                }
            }
            return { f in
                var none: Int64 = 0
                let v = withUnsafePointer(to: &none) { agg.values(f.thread, key: $0) }
                guard let v else { return }
                try update(v, f)
            }
        case 1:
            if let constant = expressions.constantKeyWord(keys[0]) {
                // `@[probefunc] = count()`: the key is fixed for this probe; no closure computes it.
                if agg.declaration.function == .count {
                    return { f in
                        var key = constant
                        let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                        guard let v else { return }
                        trace_add_relaxed(v, 1)
                    }
                }
                return { f in
                    var key = constant
                    let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                    guard let v else { return }
                    try update(v, f)
                }
            }
            let k0 = expressions.keyWord(keys[0])
            if agg.declaration.function == .count {
                return { f in
                    var key = try k0(f)
                    let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                    guard let v else { return }
                    trace_add_relaxed(v, 1)
                }
            }
            return { f in
                var key = try k0(f)
                let v = withUnsafePointer(to: &key) { agg.values(f.thread, key: $0) }
                guard let v else { return }
                try update(v, f)
            }
        default:
            let words = keys.prefix(8).map { expressions.keyWord($0) }
            let n = words.count
            return { f throws(ClauseFault) in
                var key = ArrayKey()
                for i in 0..<n { key[i] = try words[i](f) }
                let v = withUnsafePointer(to: &key) {
                    agg.values(f.thread, key: UnsafeRawPointer($0).assumingMemoryBound(to: Int64.self))
                }
                guard let v else { return }
                try update(v, f)
            }
        }
    }

    /// The value update of an aggregation function on the shard's value words.
    private func updater(_ agg: Aggregation, _ arguments: [Expression]) -> (UnsafeMutablePointer<Int64>, Firing) throws(ClauseFault) -> Void {
        let function = agg.declaration.function
        /// The aggregated value: every function but count() has exactly one.
        func value() -> IntCode {
            guard arguments.count == 1 || (function.isHistogram && arguments.count == 2) else { preconditionFailure("\(function.name)() with \(arguments.count) values; SpecValidator refuses it") }
            return expressions.int(arguments[0])
        }
        switch function {
        case .count:
            return { v, _ in trace_add_relaxed(v, 1) }
        case .sum:
            let x = value()
            return { v, f in trace_add_relaxed(v, try x(f)) }
        case .avg:
            let x = value()
            return { v, f in
                let value = try x(f)
                trace_add_relaxed(v, 1)
                trace_add_relaxed(v + 1, value)
            }
        case .min:
            let x = value()
            return { v, f in
                let value = try x(f)
                if v[0] == 0 || value < v[1] { trace_store_relaxed(v + 1, value) }
                trace_add_relaxed(v, 1)
            }
        case .max:
            let x = value()
            return { v, f in
                let value = try x(f)
                if v[0] == 0 || value > v[1] { trace_store_relaxed(v + 1, value) }
                trace_add_relaxed(v, 1)
            }
        case .stddev:
            let x = value()
            return { v, f in
                let value = try x(f)
                trace_add_relaxed(v, 1)
                trace_add_relaxed(v + 1, value)
                // The square added to the 128-bit sum in words 2 (low) and 3 (high); single writer.
                let square = value.magnitude.multipliedFullWidth(by: value.magnitude)
                let low = UInt64(bitPattern: v[2]).addingReportingOverflow(square.low)
                trace_store_relaxed(v + 2, Int64(bitPattern: low.partialValue))
                trace_store_relaxed(v + 3, Int64(bitPattern: UInt64(bitPattern: v[3]) &+ square.high &+ (low.overflow ? 1 : 0)))
            }
        case .quantize:
            // 128 bucket words, then the sum of the values.
            let x = value()
            if arguments.count == 2 {
                let w = expressions.int(arguments[1])
                return { v, f in
                    let value = try x(f), weight = try w(f)
                    trace_add_relaxed(v + HistogramLayout.quantizeBucket(value), weight)
                    trace_add_relaxed(v + 128, value &* weight)
                }
            }
            return { v, f in
                let value = try x(f)
                trace_add_relaxed(v + HistogramLayout.quantizeBucket(value), 1)
                trace_add_relaxed(v + 128, value)
            }
        case .lquantize, .llquantize:
            let x = value()
            guard let layout = agg.layout else { preconditionFailure("\(function.name) without its bucket layout") }
            let sumWord = layout.count
            if arguments.count == 2 {
                let w = expressions.int(arguments[1])
                return { v, f in
                    let value = try x(f), weight = try w(f)
                    trace_add_relaxed(v + layout.bucket(of: value), weight)
                    trace_add_relaxed(v + sumWord, value &* weight)
                }
            }
            return { v, f in
                let value = try x(f)
                trace_add_relaxed(v + layout.bucket(of: value), 1)
                trace_add_relaxed(v + sumWord, value)
            }
        }
    }
}
