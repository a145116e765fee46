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
/// dynamic variables are shared). Assigning 0 or "" frees an element. Each element is charged to the
/// program's memory account.
final class AssociativeArray: Sendable {
    let declaration: ArrayDeclaration
    private let entries = Lock<[ArrayKey: TraceValue]>([:])
    private let account: MemoryAccount
    /// Bytes charged per element (its key, value and table slot), plus its string value's bytes.
    static let elementBytes = 128

    init(declaration: ArrayDeclaration, account: MemoryAccount) {
        self.declaration = declaration
        self.account = account
    }

    deinit {
        account.refund(entries.withLock { $0.values.reduce(0) { $0 + Self.bytes($1) } })
    }

    private static func bytes(_ value: TraceValue) -> Int {
        if case .string(let s) = value { return elementBytes + s.utf8.count }
        return elementBytes
    }

    func get(_ key: ArrayKey) -> TraceValue? { entries.withLock { $0[key] } }

    /// Stores a value; nil if stored, else why it was refused (a drop: the entry limit or the memory budget).
    func set(_ key: ArrayKey, _ value: TraceValue, limit: Int) -> DropKind? {
        let remove: Bool
        switch value {
        case .int(let v): remove = v == 0
        case .string(let s): remove = s.isEmpty
        case .stack(let frames): remove = frames.isEmpty
        }
        return entries.withLock { e in
            let old = e[key]
            if remove {
                e[key] = nil
                if let old { account.refund(Self.bytes(old)) }
                return nil
            }
            if old == nil && e.count >= limit { return .arrayEntries }
            let grow = Self.bytes(value) - (old.map(Self.bytes) ?? 0)
            if grow > 0 && !account.charge(grow) { return .memory }
            if grow < 0 { account.refund(-grow) }
            e[key] = value
            return nil
        }
    }

    var count: Int { entries.withLock { $0.count } }

    /// Adds the string-key ids its elements use (for a collection of the program's strings).
    func stringKeyIDs(into ids: inout Set<Int64>) {
        let columns = declaration.keyTypes.indices.filter { declaration.keyTypes[$0] == .string }
        guard !columns.isEmpty else { return }
        entries.withLock { e in
            for key in e.keys { for c in columns { ids.insert(key[c]) } }
        }
    }
}
