import Hummingbird
import Logging
import NIOCore

/// Runs the dashboard: Hummingbird's HTTP/1 server on `options`' address, every route behind
/// ``SafetyMiddleware``. `listening` is told the URL once the socket is bound (port 0 resolved).
public enum DashboardServer {
    public static func run(_ options: DashboardOptions, listening: @escaping @Sendable (String) -> Void) async throws {
        let router = Router()
        router.add(middleware: SafetyMiddleware(allowedHosts: options.allowedHosts))
        DashboardRoutes(client: OkrdClient(reach: options.reach), options: options).register(in: router)
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
        try await app.runService()
    }
}
