// Terminal attributes and size.
import Glibc

extension Syscall {
    /// Whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool { Glibc.isatty(fd) == 1 }

    /// tcgetattr(3).
    public static func getAttributes(_ fd: Int32) throws(SystemError) -> termios {
        var t = termios()
        try retrying("tcgetattr") { tcgetattr(fd, &t) }
        return t
    }

    /// tcsetattr(3), after output drains (`drain`) or at once.
    public static func setAttributes(_ fd: Int32, _ t: termios, drain: Bool) throws(SystemError) {
        var copy = t
        try retrying("tcsetattr") { tcsetattr(fd, drain ? TCSADRAIN : TCSANOW, &copy) }
    }

    /// The window size of the terminal on `fd`, or nil if it is not a terminal or reports 0×0.
    public static func windowSize(_ fd: Int32) -> (rows: Int, columns: Int)? {
        var ws = winsize()
        guard (try? retrying("ioctl", "") { ioctl(fd, UInt(TIOCGWINSZ), &ws) }) != nil else { return nil }
        guard ws.ws_row > 0, ws.ws_col > 0 else { return nil }
        return (Int(ws.ws_row), Int(ws.ws_col))
    }
}
