/// Splits an inline command line into arguments as Redis does (`sdssplitargs`): spaces separate;
/// "double quotes" allow \n \r \t \b \a \\ \" and \xHH escapes; 'single quotes' allow \'.
/// A closing quote must be followed by a space or the end of the line.
enum InlineSplitter {
    /// The arguments, or nil if quotes are unbalanced.
    static func split(_ line: UnsafeBufferPointer<UInt8>) -> [[UInt8]]? {
        var words: [[UInt8]] = []
        var i = 0
        let n = line.count
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C }
        while true {
            while i < n && isSpace(line[i]) { i += 1 }
            if i >= n { return words }
            var word: [UInt8] = []
            var inDouble = false, inSingle = false, done = false
            while !done {
                if inDouble {
                    guard i < n else { return nil }
                    let c = line[i]
                    if c == UInt8(ascii: "\\") && i + 3 < n && line[i + 1] == UInt8(ascii: "x"),
                       let hi = hexValue(line[i + 2]), let lo = hexValue(line[i + 3]) {
                        word.append(hi << 4 | lo)
                        i += 3
                    } else if c == UInt8(ascii: "\\") && i + 1 < n {
                        i += 1
                        switch line[i] {
                        case UInt8(ascii: "n"): word.append(0x0A)
                        case UInt8(ascii: "r"): word.append(0x0D)
                        case UInt8(ascii: "t"): word.append(0x09)
                        case UInt8(ascii: "b"): word.append(0x08)
                        case UInt8(ascii: "a"): word.append(0x07)
                        default: word.append(line[i])
                        }
                    } else if c == UInt8(ascii: "\"") {
                        if i + 1 < n && !isSpace(line[i + 1]) { return nil }
                        done = true
                    } else {
                        word.append(c)
                    }
                } else if inSingle {
                    guard i < n else { return nil }
                    let c = line[i]
                    if c == UInt8(ascii: "\\") && i + 1 < n && line[i + 1] == UInt8(ascii: "'") {
                        word.append(UInt8(ascii: "'"))
                        i += 1
                    } else if c == UInt8(ascii: "'") {
                        if i + 1 < n && !isSpace(line[i + 1]) { return nil }
                        done = true
                    } else {
                        word.append(c)
                    }
                } else {
                    if i >= n { done = true; break }
                    let c = line[i]
                    if isSpace(c) {
                        done = true
                    } else if c == UInt8(ascii: "\"") {
                        inDouble = true
                    } else if c == UInt8(ascii: "'") {
                        inSingle = true
                    } else {
                        word.append(c)
                    }
                }
                if i < n { i += 1 }
            }
            words.append(word)
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
