// Console: the command interpreter joining TraceCore and Terminal.
import TraceCore
import Terminal
