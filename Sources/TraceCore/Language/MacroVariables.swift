// D's macro variables, replaced by their value where the lexer meets them: `$pid` `$ppid` `$uid` `$gid`
// (integers) and `$execname` (a string) of the traced process, this one; `$target` is `$pid`. With `$$`
// the value is a string literal (`$$pid` is "1234"). Script arguments `$1`…`$9` are substituted by the
// console before the program reaches the language (MacroArguments); one still here was not given.
import TraceSystem

/// The values of macro variables.
enum MacroVariables {
    /// The names the language knows (without `$`).
    static let names = ["pid", "ppid", "uid", "gid", "execname", "target"]

    /// The token a macro variable stands for, or an error token.
    static func token(_ name: String, quoted: Bool) -> TokenKind {
        let id = Syscall.processIdentity()
        let value: TokenKind
        switch name {
        case "pid", "target": value = .integer(Int64(id.pid))
        case "ppid": value = .integer(Int64(id.ppid))
        case "uid": value = .integer(Int64(id.uid))
        case "gid": value = .integer(Int64(id.gid))
        case "execname": value = .string(ExpressionCompiler.execname)
        case "":
            return .invalid("expected a macro variable after '$', such as $pid or $1")
        default:
            if name.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return .invalid("macro argument $\(name) is not defined; give arguments after the script: --script FILE ARG… or load FILE ARG…")
            }
            let hint = NearestNames.nearest(to: name, among: names, limit: 1).first.map { " (did you mean '$\($0)'?)" } ?? ""
            return .invalid("unknown macro variable '$\(name)'\(hint)")
        }
        guard quoted else { return value }
        switch value {
        case .integer(let v): return .string(String(v))
        default: return value
        }
    }
}
