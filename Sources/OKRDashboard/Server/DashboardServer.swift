import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs the dashboard: Hummingbird's HTTP/1 server on `options`' address, every route behind
/// ``SafetyMiddleware``. `listening` is told the URL once the socket is bound (port 0 resolved).
public enum DashboardServer {
    public static func run(_ options: DashboardOptions, listening: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        router.add(middleware: SafetyMiddleware(allowedHosts: options.allowedHosts))
        let relay = EventRelay(reach: options.reach)
        let client = OkrdClient(reach: options.reach)
        DashboardRoutes(client: client, relay: relay, options: options).register(in: router)
        var logger = Logger(label: "okr-dashboard")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.listenHost.trimmingCharacters(in: ["[", "]"]), port: options.listenPort),
                                 serverName: "okr-dashboard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.listenPort
                listening("http://\(options.advertisedHost()):\(port)/")
            },
            logger: logger
        )
        // Shutdown runs in reverse order: the relay ends the open `/events` streams first, so the
        // server's graceful shutdown finds no response that never ends.
        let group = ServiceGroup(configuration: .init(services: [app, relay], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
        client.closeIdle()
    }
}
