// GNU calls that Swift's Glibc module does not export (they sit behind _GNU_SOURCE), declared by symbol.
import Glibc

@_silgen_name("accept4")
func c_accept4(_ fd: Int32, _ address: UnsafeMutableRawPointer?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

@_silgen_name("epoll_create1")
func c_epoll_create1(_ flags: Int32) -> Int32

@_silgen_name("epoll_ctl")
func c_epoll_ctl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ event: UnsafeMutableRawPointer?) -> Int32

@_silgen_name("epoll_wait")
func c_epoll_wait(_ epfd: Int32, _ events: UnsafeMutableRawPointer, _ maxEvents: Int32, _ timeout: Int32) -> Int32

@_silgen_name("pthread_setname_np")
func c_pthread_setname_np(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32

@_silgen_name("eventfd")
func c_eventfd(_ initial: UInt32, _ flags: Int32) -> Int32
