import TraceSystem

/// The function symbols of one ELF file, sorted by address: from `.symtab` when the file has one (so an
/// executable needs no `--export-dynamic`), else from `.dynsym`.
struct ELFSymbols: Sendable {
    /// One function: its start (file virtual address), size and (mangled) name.
    struct Symbol: Sendable {
        var address: UInt64
        var size: UInt64
        var name: String
    }

    /// Symbols sorted by address.
    let symbols: [Symbol]

    /// Reads the symbols of the file at `path`; empty if it cannot be read or is not 64-bit ELF.
    init(path: String) {
        guard let file = try? MappedFile.open(path) else { symbols = []; return }
        symbols = ELFSymbols.read(file.bytes)
    }

    private static func read(_ b: UnsafeRawBufferPointer) -> [Symbol] {
        func u16(_ o: Int) -> Int { o + 2 <= b.count ? Int(b.loadUnaligned(fromByteOffset: o, as: UInt16.self)) : 0 }
        func u32(_ o: Int) -> Int { o + 4 <= b.count ? Int(b.loadUnaligned(fromByteOffset: o, as: UInt32.self)) : 0 }
        func u64(_ o: Int) -> UInt64 { o + 8 <= b.count ? b.loadUnaligned(fromByteOffset: o, as: UInt64.self) : 0 }
        // "\x7fELF", 64-bit, little-endian.
        guard b.count > 64, b[0] == 0x7F, b[1] == 0x45, b[2] == 0x4C, b[3] == 0x46, b[4] == 2, b[5] == 1 else { return [] }
        let sectionOffset = Int(u64(0x28))
        let sectionSize = u16(0x3A)
        let sectionCount = u16(0x3C)
        guard sectionSize >= 64, sectionOffset > 0, sectionOffset + sectionCount * sectionSize <= b.count else { return [] }
        func section(_ i: Int) -> (type: Int, offset: Int, size: Int, link: Int, entry: Int) {
            let h = sectionOffset + i * sectionSize
            return (u32(h + 4), Int(u64(h + 0x18)), Int(u64(h + 0x20)), u32(h + 0x28), Int(u64(h + 0x38)))
        }
        let types = (0..<sectionCount).map { section($0).type }
        // SHT_SYMTAB = 2, SHT_DYNSYM = 11.
        guard let index = types.firstIndex(of: 2) ?? types.firstIndex(of: 11) else { return [] }
        let table = section(index)
        guard table.link < sectionCount, table.entry >= 24 else { return [] }
        let strings = section(table.link)
        guard table.offset + table.size <= b.count, strings.offset + strings.size <= b.count else { return [] }
        var out: [Symbol] = []
        out.reserveCapacity(table.size / table.entry)
        var o = table.offset
        while o + 24 <= table.offset + table.size {
            let nameOffset = u32(o)
            let info = Int(b[o + 4])
            let value = u64(o + 8)
            let size = u64(o + 16)
            o += table.entry
            // STT_FUNC = 2, defined (value non-zero).
            guard info & 0xF == 2, value != 0, nameOffset < strings.size else { continue }
            let start = strings.offset + nameOffset
            var end = start
            while end < strings.offset + strings.size && b[end] != 0 { end += 1 }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
            out.append(Symbol(address: value, size: size, name: name))
        }
        out.sort { $0.address < $1.address }
        return out
    }

    /// The symbol containing file address `a` (or the nearest before it when sizes are unknown).
    func symbol(containing a: UInt64) -> Symbol? {
        var low = 0, high = symbols.count
        while low < high {
            let mid = (low + high) / 2
            if symbols[mid].address <= a { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let s = symbols[low - 1]
        if s.size > 0 && a >= s.address + s.size { return nil }
        return s
    }
}
