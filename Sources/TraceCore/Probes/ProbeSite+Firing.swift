import CTraceCore

// The non-generic entry points of an enabled firing, one per arity: the arguments arrive as words.

extension ProbeSite {
    /// Fires with 0 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire0() {
        if trace_load_relaxed(plannedWord) != 0 { return _firePlanned0() }
        _fireFrame0()
    }

    @inline(never)
    private func _firePlanned0() {
        Dispatcher.fire(self, count: 0, 0, 0)
    }

    @inline(never)
    private func _fireFrame0() {
        var frame = ProbeFrame()
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 1 argument word (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire1(_ w0: Int64) {
        if trace_load_relaxed(plannedWord) != 0 { return _firePlanned1(w0) }
        _fireFrame1(w0)
    }

    @inline(never)
    private func _firePlanned1(_ w0: Int64) {
        Dispatcher.fire(self, count: 1, w0, 0)
    }

    @inline(never)
    private func _fireFrame1(_ w0: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 2 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire2(_ w0: Int64, _ w1: Int64) {
        if trace_load_relaxed(plannedWord) != 0 { return _firePlanned2(w0, w1) }
        _fireFrame2(w0, w1)
    }

    @inline(never)
    private func _firePlanned2(_ w0: Int64, _ w1: Int64) {
        Dispatcher.fire(self, count: 2, w0, w1)
    }

    @inline(never)
    private func _fireFrame2(_ w0: Int64, _ w1: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 3 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire3(_ w0: Int64, _ w1: Int64, _ w2: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 4 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire4(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 5 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire5(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 6 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire6(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 7 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire7(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        frame.append(w6)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 8 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire8(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        frame.append(w6)
        frame.append(w7)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 9 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire9(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64, _ w8: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        frame.append(w6)
        frame.append(w7)
        frame.append(w8)
        Dispatcher.fire(self, &frame)
    }

    /// Fires with 10 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire10(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64, _ w8: Int64, _ w9: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        frame.append(w6)
        frame.append(w7)
        frame.append(w8)
        frame.append(w9)
        Dispatcher.fire(self, &frame)
    }
}
