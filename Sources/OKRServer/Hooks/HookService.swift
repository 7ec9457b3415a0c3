import Logging
import OKREvents
import ServiceLifecycle
import Synchronization

/// Runs a worker per hook in force (SPEC §13), starting one on `HookAdded` and stopping it on
/// `HookRemoved`, and writes the hooks' state file as it changes. At shutdown the workers stop
/// where they are (a delivery in flight is sent again after the restart, under its id).
struct HookService: Service {
    let engine: HookEngine
    /// How often the workers are woken to look for new events, due times and quiet feeds: the
    /// most a delivery waits after its commit when its hook is idle.
    static let tick = Duration.milliseconds(25)

    func run() async throws {
        // Woken when a hook is added or removed, not on every commit.
        let (id, wakes) = engine.hooksChanged.subscribe()
        defer { engine.hooksChanged.end(id) }
        var workers: [String: (since: UInt64, task: Task<Void, Never>, wake: Int)] = [:]
        let saver = Task(executorPreference: engine.executor) {
            var sinceSave = Duration.zero
            var sinceSample = Duration.zero
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.tick)
                sinceSample += Self.tick
                if sinceSample >= WriteLoad.interval {
                    sinceSample = .zero
                    engine.load.sample(requests: engine.log.commitCounts.requests)
                }
                engine.signal.fire()
                sinceSave += Self.tick
                if sinceSave >= HookStateStore.saveInterval {
                    sinceSave = .zero
                    save()
                }
            }
        }
        reconcile(&workers)
        await withGracefulShutdownHandler {
            for await _ in wakes.cancelOnGracefulShutdown() {
                reconcile(&workers)
            }
        } onGracefulShutdown: {
            engine.hooksChanged.end(id)
        }
        engine.executor?.hurry()
        for worker in workers.values {
            worker.task.cancel()
            engine.signal.end(worker.wake)
        }
        for worker in workers.values { await worker.task.value }
        saver.cancel()
        await saver.value
        save()
        await engine.sender.shutdown()
        await engine.executor?.shutdown()
    }

    /// A worker for each hook in force and none for another.
    private func reconcile(_ workers: inout [String: (since: UInt64, task: Task<Void, Never>, wake: Int)]) {
        let hooks = engine.hooks()
        let wanted = Dictionary(hooks.map { ($0.hook.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, worker) in workers where wanted[name]?.since != worker.since {
            worker.task.cancel()
            engine.signal.end(worker.wake)
            workers[name] = nil
        }
        for (name, entry) in wanted where workers[name] == nil {
            let (wake, stream) = engine.signal.subscribe()
            let worker = HookWorker(hook: entry.hook, since: entry.since, engine: engine)
            let task = Task(executorPreference: engine.executor) { await worker.run(wakes: stream) }
            workers[name] = (entry.since, task, wake)
        }
        engine.state.retain(Set(wanted.keys))
        let kinds = Set(hooks.flatMap { $0.hook.kinds.compactMap(HookKind.init(rawValue:)) })
        engine.wantedKinds.withLock { $0 = kinds }
    }

    private func save() {
        do {
            try engine.state.saveIfChanged()
        } catch {
            engine.logger.error("cannot write \(engine.state.path): \(error)")
        }
    }
}
