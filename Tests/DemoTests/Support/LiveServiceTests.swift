import Testing

/// Tests that run a whole demo service (threads, sockets, the process-wide tracing runtime) one at a
/// time, so one service's load does not distort another's timing checks.
@Suite(.serialized, .timeLimit(.minutes(2))) struct LiveServiceTests {}
