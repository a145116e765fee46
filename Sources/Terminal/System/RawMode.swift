// Entering and leaving raw mode on one terminal, registered with SignalHandling so that a signal or
// process exit restores it too.
import Glibc
import TraceSystem

final class RawMode {
    let inputFD: Int32
    let outputFD: Int32
    private var saved: termios?
    private var slot: Int?
    private(set) var isActive = false

    init(inputFD: Int32, outputFD: Int32) {
        self.inputFD = inputFD
        self.outputFD = outputFD
    }

    /// Enters raw mode with TCSADRAIN (TCSAFLUSH would discard the rest of a paste).
    func enter() throws {
        if isActive { return }
        let original = try Syscall.getAttributes(inputFD)
        saved = original
        try apply(original)
    }

    /// Re-applies raw mode after the process was stopped and continued (the shell may have reset it),
    /// keeping the mode saved when raw mode was first entered.
    func reapply() {
        guard isActive, let saved else { return }
        isActive = false
        if let slot { SignalHandling.releaseSlot(slot) }
        slot = nil
        try? apply(saved)
    }

    private func apply(_ original: termios) throws {
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        slot = SignalHandling.claimSlot(inputFD: inputFD, outputFD: outputFD, saved: original)
        do {
            try Syscall.setAttributes(inputFD, raw, drain: true)
        } catch {
            if let slot { SignalHandling.releaseSlot(slot) }
            slot = nil
            throw error
        }
        isActive = true
    }

    /// Restores the saved mode; idempotent.
    func leave() {
        guard isActive else { return }
        isActive = false
        if let slot { SignalHandling.releaseSlot(slot) }
        slot = nil
        if let saved { try? Syscall.setAttributes(inputFD, saved, drain: true) }
    }
}
