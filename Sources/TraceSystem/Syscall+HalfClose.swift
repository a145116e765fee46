// Half-closing a socket: an HTTP server that has sent its whole response says so before it closes.
import Glibc

extension Syscall {
    /// shutdown(2) of the sending direction: the peer reads end of stream after the bytes already sent. Errors are ignored.
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }
}
