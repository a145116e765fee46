import CTraceCore

// The non-generic entry points of an enabled firing, one per arity: the arguments arrive as words.

extension ProbeSite {
    /// Fires with 0 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire0() {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            return ThreadPlans.runAndEnd(ops, t, 0, 0) { Dispatcher.fireSlow(0, 0, self, count: 0) }
        }
        Dispatcher.fireSlow(0, 0, self, count: 0)
    }

    /// Fires with 1 argument word (the enabled path of `EventProbe.fire`): the thread's plan for the site, its argument
    /// in a register, when its plans are current and the site has one; else Dispatcher.fireSlow (the general path, or
    /// the slow path when the thread is new or its configuration moved).
    @usableFromInline @inline(never)
    func _fire1(_ w0: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            return ThreadPlans.runAndEnd(ops, t, w0, 0) { Dispatcher.fireSlow(w0, 0, self, count: 1) }
        }
        Dispatcher.fireSlow(w0, 0, self, count: 1)
    }

    /// Fires with 2 argument words (the enabled path of `EventProbe.fire`).
    @usableFromInline @inline(never)
    func _fire2(_ w0: Int64, _ w1: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            return ThreadPlans.runAndEnd(ops, t, w0, w1) { Dispatcher.fireSlow(w0, w1, self, count: 2) }
        }
        Dispatcher.fireSlow(w0, w1, self, count: 2)
    }

    /// Fires with 3 argument words (the enabled path of `EventProbe.fire`): as `_fire1` when the site's plan reads the
    /// first two (`PlanSources.arguments`, the words still in registers); a plan reading others, the general path and
    /// the slow path build a frame (`_fireFrame3`).
    @usableFromInline @inline(never)
    func _fire3(_ w0: Int64, _ w1: Int64, _ w2: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame3(planned: false, w0, w1, w2) }
            }
            return _fireFrame3(planned: true, w0, w1, w2)
        }
        _fireFrame3(planned: false, w0, w1, w2)
    }

    @inline(never)
    private func _fireFrame3(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }

    /// Fires with 4 argument words (as `_fire3`).
    @usableFromInline @inline(never)
    func _fire4(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame4(planned: false, w0, w1, w2, w3) }
            }
            return _fireFrame4(planned: true, w0, w1, w2, w3)
        }
        _fireFrame4(planned: false, w0, w1, w2, w3)
    }

    @inline(never)
    private func _fireFrame4(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }

    /// Fires with 5 argument words (as `_fire3`).
    @usableFromInline @inline(never)
    func _fire5(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame5(planned: false, w0, w1, w2, w3, w4) }
            }
            return _fireFrame5(planned: true, w0, w1, w2, w3, w4)
        }
        _fireFrame5(planned: false, w0, w1, w2, w3, w4)
    }

    @inline(never)
    private func _fireFrame5(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }

    /// Fires with 6 argument words (as `_fire3`).
    @usableFromInline @inline(never)
    func _fire6(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame6(planned: false, w0, w1, w2, w3, w4, w5) }
            }
            return _fireFrame6(planned: true, w0, w1, w2, w3, w4, w5)
        }
        _fireFrame6(planned: false, w0, w1, w2, w3, w4, w5)
    }

    @inline(never)
    private func _fireFrame6(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }

    /// Fires with 7 argument words (as `_fire3`).
    @usableFromInline @inline(never)
    func _fire7(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame7(planned: false, w0, w1, w2, w3, w4, w5, w6) }
            }
            return _fireFrame7(planned: true, w0, w1, w2, w3, w4, w5, w6)
        }
        _fireFrame7(planned: false, w0, w1, w2, w3, w4, w5, w6)
    }

    @inline(never)
    private func _fireFrame7(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        frame.append(w6)
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }

    /// Fires with 8 argument words (as `_fire3`).
    @usableFromInline @inline(never)
    func _fire8(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame8(planned: false, w0, w1, w2, w3, w4, w5, w6, w7) }
            }
            return _fireFrame8(planned: true, w0, w1, w2, w3, w4, w5, w6, w7)
        }
        _fireFrame8(planned: false, w0, w1, w2, w3, w4, w5, w6, w7)
    }

    @inline(never)
    private func _fireFrame8(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64) {
        var frame = ProbeFrame()
        frame.append(w0)
        frame.append(w1)
        frame.append(w2)
        frame.append(w3)
        frame.append(w4)
        frame.append(w5)
        frame.append(w6)
        frame.append(w7)
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }

    /// Fires with 9 argument words (as `_fire3`).
    @usableFromInline @inline(never)
    func _fire9(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64, _ w8: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame9(planned: false, w0, w1, w2, w3, w4, w5, w6, w7, w8) }
            }
            return _fireFrame9(planned: true, w0, w1, w2, w3, w4, w5, w6, w7, w8)
        }
        _fireFrame9(planned: false, w0, w1, w2, w3, w4, w5, w6, w7, w8)
    }

    @inline(never)
    private func _fireFrame9(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64, _ w8: Int64) {
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
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }

    /// Fires with 10 argument words (as `_fire3`).
    @usableFromInline @inline(never)
    func _fire10(_ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64, _ w8: Int64, _ w9: Int64) {
        let t = trace_thread_get()
        trace_enter_firing(&t.pointee.depth)
        if let ops = ThreadPlans.planned(t, id) {
            if _fastPath(ops.pointee.sources.isArguments) {
                return ThreadPlans.runAndEnd(ops, t, w0, w1) { self._fireFrame10(planned: false, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9) }
            }
            return _fireFrame10(planned: true, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9)
        }
        _fireFrame10(planned: false, w0, w1, w2, w3, w4, w5, w6, w7, w8, w9)
    }

    @inline(never)
    private func _fireFrame10(planned: Bool, _ w0: Int64, _ w1: Int64, _ w2: Int64, _ w3: Int64, _ w4: Int64, _ w5: Int64, _ w6: Int64, _ w7: Int64, _ w8: Int64, _ w9: Int64) {
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
        Dispatcher.fireFrame(self, &frame, planned: planned)
    }
}
