import Foundation
import Logging
import OKREvents
import OKRProjections
import OKRWire
import ServiceLifecycle

/// Wiring: the log, the projection, the features and the services in one ServiceGroup.
public struct Daemon {
    let settings: DaemonConfiguration
    let configPath: String?
    let dataOverride: String?
    let socketOverride: String?
    let discardSnapshot: Bool
    let allowCorrupt: Bool
    let environment: [String: String]
    let logger: Logger
    let hookSender: (any HookSender)?
    let hookExecutor: BackgroundExecutor?

    /// A daemon on `settings` (read from `configPath`, reread on SIGHUP), with the command line's
    /// overrides; ``run()`` serves until SIGTERM or SIGINT.
    public init(settings: DaemonConfiguration, configPath: String?, dataOverride: String?, socketOverride: String?,
                discardSnapshot: Bool, allowCorrupt: Bool, environment: [String: String], logger: Logger,
                hookSender: (any HookSender)? = nil, hookExecutor: BackgroundExecutor? = nil) {
        self.hookSender = hookSender
        self.hookExecutor = hookExecutor
        self.settings = settings
        self.configPath = configPath
        self.dataOverride = dataOverride
        self.socketOverride = socketOverride
        self.discardSnapshot = discardSnapshot
        self.allowCorrupt = allowCorrupt
        self.environment = environment
        self.logger = logger
    }

    /// Opens the log, rebuilds the projection and serves until asked to stop; throws what kept
    /// it from starting (``EventLogError``, ``SocketFile/Refusal``).
    public func run() async throws {
        let defaults = DefaultLocations(environment: environment)
        let dataDirectory = dataOverride ?? settings.dataDirectory(defaults)
        let socketPath = socketOverride ?? settings.socketPath(defaults)
        let store = ProjectionStore(settings: settings.projectionSettings)
        let feed = EventFeed()
        let started = ContinuousClock.now
        let (log, health, bound) = try openLog(at: dataDirectory, store: store, feed: feed)
        let snapshotSeq = try replay(log, into: store, through: bound)
        logger.info("event log open", metadata: [
            "data": "\(dataDirectory)", "events": "\(log.lastSeq)", "snapshot": "\(snapshotSeq)", "replay": "\(ContinuousClock.now - started)",
        ])
        if health.current == .whole, try await CalendarRecorder.record(settings.calendarSet, log: log, store: store) {
            logger.notice("organisation calendar recorded", metadata: ["timeZone": "\(settings.timeZone)"])
        }
        let notifier = SystemdNotifier(environment: environment)
        // Hooks are sent from a whole log only: one read up to its damage is only looked at.
        let hooks = try hookSender.flatMap { sender in
            health.current == .whole
                ? try HookEngine(log: log, store: store, directory: dataDirectory, sender: sender,
                                 giveUpAfterSeconds: settings.hookGiveUpAfterSeconds, schedule: settings.hookSchedule, executor: hookExecutor, logger: Logger(label: "okrd.hooks"))
                : nil
        }
        let services = self.services(log: log, store: store, feed: feed, health: health, notifier: notifier, socketPath: socketPath,
                                     snapshotSeq: snapshotSeq, hooks: hooks)
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            notifier.notify("STOPPING=1")
            log.close()
            throw error
        }
        notifier.notify("STOPPING=1")
        logger.info("stopped")
    }

    /// Opens the log, each commit folded into `store` and published on `feed`; with
    /// `--allow-corrupt` and damage found, read-only up to the damage. Answers the log, its
    /// health and the last seq to serve.
    private func openLog(at directory: String, store: ProjectionStore, feed: EventFeed) throws -> (EventLog, LogHealth, UInt64) {
        var options = EventLogOptions()
        options.initialMapSize = settings.storage.mapSizeMiB << 20
        options.maxMapSize = settings.storage.maxMapSizeGiB << 30
        options.durability = settings.storage.durability
        let log = try EventLog(directory: directory, options: options, logger: Logger(label: "okrd.log"),
                               onCommit: { events in
                                   store.fold(events)
                                   feed.publish(events)
                               })
        let health = LogHealth()
        var bound = UInt64.max
        if allowCorrupt {
            // Checked before anything is read: the projection must stop short of the damage.
            if let damage = try log.firstDamage() {
                logger.critical("the event log is damaged at \(damage); --allow-corrupt: serving the \(damage.seq - 1) events before it, read-only")
                health.set(.readUpToDamage(damage))
                log.refuseAppends(EventLogError(.corrupt, LogHealth.readOnlyMessage(damage), seq: damage.seq))
                bound = damage.seq - 1
            } else {
                logger.notice("--allow-corrupt: the event log is whole; serving it as usual")
            }
        }
        return (log, health, bound)
    }

    /// Rebuilds the projection: the snapshot, then the log after it through `bound`. Answers the
    /// seq the snapshot covered.
    private func replay(_ log: EventLog, into store: ProjectionStore, through bound: UInt64) throws -> UInt64 {
        let snapshotSeq = try loadProjection(into: store, log: log, through: bound)
        // Without a snapshot, observations are passed over: the log's day and time indexes hold
        // them, and there are no remembered sums yet whose state they would have to move. After
        // a snapshot they are applied, so that its remembered sums learn what changed.
        var chunk: [StoredEvent] = []
        chunk.reserveCapacity(4096)
        let replayed = try log.forEachEvent(from: snapshotSeq + 1, through: bound, skippingObservations: snapshotSeq == 0) { event in
            chunk.append(event)
            if chunk.count == 4096 {
                store.fold(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        store.fold(chunk)
        store.advance(to: replayed)
        FreeMemory.returnToSystem()
        return snapshotSeq
    }

    /// The long-running parts, in one group: the log, the socket server, reloads, idle uploads,
    /// and, on a whole log, snapshots, insight expiry and the integrity check; the watchdog
    /// when systemd asks for one.
    private func services(log: EventLog, store: ProjectionStore, feed: EventFeed, health: LogHealth, notifier: SystemdNotifier,
                          socketPath: String, snapshotSeq: UInt64, hooks: HookEngine?) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let context = FeatureContext(log: log, store: store, observeBatchLimit: settings.observeBatchLimit,
                                     insightLifetimeSeconds: settings.insightLifetimeDays * 86_400,
                                     logger: Logger(label: "okrd.commands"), mailFrom: settings.mailFrom, hooks: hooks)
        let uploads = ImportUploads(limits: .init(idleSeconds: settings.importIdleUploadMinutes * 60), clock: context.clock)
        let router = RequestRouter(context: context, policy: AccessPolicy(settings.access),
                                   lineLimit: settings.socket.lineLimitBytes, health: health, logger: Logger(label: "okrd.rpc"),
                                   uploads: uploads)
        let server = SocketServer(
            settings: .init(path: socketPath, mode: settings.socket.mode, group: settings.socket.group,
                            lineLimit: settings.socket.lineLimitBytes, idleTimeoutSeconds: settings.socket.idleTimeoutSeconds,
                            maxConnections: settings.socket.maxConnections),
            router: router, feed: feed, log: log, logger: Logger(label: "okrd.socket"),
            onListening: { notifier.notify("READY=1\nSTATUS=serving") })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: LogService(log: log, logger: logger)),
            .init(service: server),
            .init(service: ReloadListener(configPath: configPath, router: router, store: store, log: health.current == .whole ? log : nil,
                                          logger: logger)),
            .init(service: ImportUploadSweeper.service(uploads: uploads, logger: Logger(label: "okrd.import"),
                                               interval: .milliseconds(Int64(min(10_000, settings.importIdleUploadMinutes * 60_000 / 4))))),
        ]
        if let hooks {
            services.append(.init(service: HookService(engine: hooks)))
        }
        if health.current == .whole {
            // A log read up to its damage is only looked at: no snapshots, no expiries written.
            services += [
                .init(service: SnapshotService(log: log, store: store, everyEvents: UInt64(settings.storage.snapshotEveryEvents),
                                               logger: Logger(label: "okrd.snapshot"), startingSeq: snapshotSeq)),
                .init(service: InsightExpirySweeper.service(definitions: DefinitionsFeature(context: context), logger: Logger(label: "okrd.insights"))),
                // Checks the whole log once, in the background: start-up replays only the tail.
                .init(service: IntegrityCheck(log: log, health: health, notifier: notifier, logger: Logger(label: "okrd.integrity")),
                      successTerminationBehavior: .ignore),
            ]
        }
        if let watchdog = WatchdogService(environment: environment, notifier: notifier, log: log,
                                          logger: Logger(label: "okrd.watchdog"), pid: getpid()) {
            services.append(.init(service: watchdog))
        }
        return services
    }
}

extension Daemon {
    /// Starts the projection from the log's snapshot when there is a usable one that covers no
    /// more than `bound`; returns the seq it covers (0 without one), from which the log is replayed.
    func loadProjection(into store: ProjectionStore, log: EventLog, through bound: UInt64) throws -> UInt64 {
        let source = IndexedObservationSource(log: log, logger: Logger(label: "okrd.projection"), failedReads: store.readErrors)
        store.reset(to: OKRModel(source: source))
        if discardSnapshot {
            if try log.deleteSnapshot(named: SnapshotService.name) { logger.notice("projection snapshot discarded: replaying the whole log") }
            return 0
        }
        // Decoded where it lies in the map (no copy of its megabytes).
        return try log.withSnapshot(named: SnapshotService.name) { bytes in
            guard let bytes else { return 0 }
            let covered = OKRModel.snapshotSeq(bytes) ?? 0
            guard covered <= log.lastSeq else {
                logger.warning("projection snapshot ignored: it covers seq \(covered), past the log's last \(log.lastSeq)")
                return 0
            }
            guard covered <= bound else {
                logger.notice("projection snapshot ignored: it covers seq \(covered), past the damage")
                return 0
            }
            do throws(SnapshotError) {
                store.reset(to: try OKRModel(snapshot: bytes, source: source))
                return covered
            } catch {
                logger.warning("projection snapshot ignored, replaying the whole log: \(error.description)")
                return 0
            }
        }
    }
}
