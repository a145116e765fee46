import CTraceCore

/// A value a probe can pass to its clauses: integers, Double, Bool and String.
public protocol ProbeArgument {
    /// The declared type of arguments of this Swift type.
    static var traceArgumentType: ArgumentType { get }
    /// Appends this value to a firing's frame (called only when the probe is enabled).
    func _appendTo(_ frame: inout ProbeFrame)
    /// The value as a frame word (a string is stashed for the current firing and becomes its slot).
    var _traceWord: Int64 { get }
}

extension Int: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .int }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(self) }
}
extension Int64: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .int }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(self) }
    @inlinable @inline(__always) public var _traceWord: Int64 { self }
}
extension Int32: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .int }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(self) }
}
extension Int16: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .int }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(self) }
}
extension Int8: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .int }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(self) }
}
extension UInt: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .uint }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(bitPattern: UInt64(self))) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(bitPattern: UInt64(self)) }
}
extension UInt64: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .uint }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(bitPattern: self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(bitPattern: self) }
}
extension UInt32: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .uint }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(self) }
}
extension UInt16: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .uint }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(self) }
}
extension UInt8: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .uint }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(self)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(self) }
}
extension Bool: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .bool }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(self ? 1 : 0) }
    @inlinable @inline(__always) public var _traceWord: Int64 { self ? 1 : 0 }
}
extension Double: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .double }
    @inlinable @inline(__always) public func _appendTo(_ frame: inout ProbeFrame) { frame.append(Int64(bitPattern: bitPattern)) }
    @inlinable @inline(__always) public var _traceWord: Int64 { Int64(bitPattern: bitPattern) }
}
extension String: ProbeArgument {
    public static var traceArgumentType: ArgumentType { .string }
    @inlinable public func _appendTo(_ frame: inout ProbeFrame) { frame.append(_traceStashString(self)) }
    @inlinable public var _traceWord: Int64 { _traceStashString(self) }
}
