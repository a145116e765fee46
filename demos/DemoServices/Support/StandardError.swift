import Glibc

/// Writes diagnostics to standard error (fd 2) without touching C's `stderr` global.
public enum StandardError {
    /// Writes `line` and a newline to standard error.
    public static func print(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(2, base + offset, raw.count - offset)
            }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}
