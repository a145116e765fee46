import Synchronization
import TraceSystem

/// Up to eight key words (integers, or interned string ids) of an associative-array element.
struct ArrayKey: Hashable {
    var w0: Int64 = 0, w1: Int64 = 0, w2: Int64 = 0, w3: Int64 = 0
    var w4: Int64 = 0, w5: Int64 = 0, w6: Int64 = 0, w7: Int64 = 0

    subscript(i: Int) -> Int64 {
        get {
            switch i {
            case 0: return w0
            case 1: return w1
            case 2: return w2
            case 3: return w3
            case 4: return w4
            case 5: return w5
            case 6: return w6
            default: return w7
            }
        }
        set {
            switch i {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            case 3: w3 = newValue
            case 4: w4 = newValue
            case 5: w5 = newValue
            case 6: w6 = newValue
            default: w7 = newValue
            }
        }
    }
}

/// A program's `name[key…]` array, shared by all threads (a short lock per access, as DTrace's
/// dynamic variables are shared). Assigning 0 or "" frees an element.
final class AssociativeArray: Sendable {
    let declaration: ArrayDeclaration
    private let entries = Lock<[ArrayKey: TraceValue]>([:])

    init(declaration: ArrayDeclaration) { self.declaration = declaration }

    func get(_ key: ArrayKey) -> TraceValue? { entries.withLock { $0[key] } }

    /// Stores a value; false if the array is full (a drop).
    func set(_ key: ArrayKey, _ value: TraceValue, limit: Int) -> Bool {
        let remove: Bool
        switch value {
        case .int(let v): remove = v == 0
        case .string(let s): remove = s.isEmpty
        case .stack(let frames): remove = frames.isEmpty
        }
        return entries.withLock { e in
            if remove { e[key] = nil; return true }
            if e[key] == nil && e.count >= limit { return false }
            e[key] = value
            return true
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
