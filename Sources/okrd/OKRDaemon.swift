import ArgumentParser
import Foundation
import Logging
import OKREvents
import OKRProjections
import OKRHookHTTP
import OKRServer
import OKRWire

/// `okrd`: keeps the OKR event log and answers okrctl over a Unix socket. The command line only:
/// everything the daemon does is in the `OKRServer` library, which the tests and the fuzzer
/// import too.
@main
struct OKRDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okrd",
        abstract: "The okr daemon: an event-sourced OKR tracker on LMDB, served over a Unix socket.",
        discussion: "Runs on built-in defaults without a configuration file (see config/okrd.toml). Stops cleanly on SIGTERM or SIGINT; SIGHUP reloads access and thresholds.",
        version: RequestRouter.version)

    @Option(name: .long, help: "Configuration file (default: $OKRD_CONFIG, else built-in defaults).")
    var config: String?

    @Option(name: .long, help: "Data directory, overriding storage.path.")
    var data: String?

    @Option(name: .long, help: "Socket path, overriding socket.path.")
    var socket: String?

    @Flag(name: .long, help: "Delete the stored projection snapshot and replay the whole log.")
    var discardSnapshot = false

    @Flag(name: .long, help: "Serve a damaged log read-only, up to its first damaged record (to look before restoring a backup).")
    var allowCorrupt = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info


    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "okrd")
        let environment = ProcessInfo.processInfo.environment
        let configPath = config ?? environment["OKRD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let settings: DaemonConfiguration
        do {
            settings = try configPath.map(DaemonConfiguration.load(path:)) ?? DaemonConfiguration()
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(78)  // EX_CONFIG
        }
        // Hook deliveries run on a thread of their own at the lowest priority.
        let hookExecutor = BackgroundExecutor()
        do {
            try await Daemon(settings: settings, configPath: configPath, dataOverride: data, socketOverride: socket,
                             discardSnapshot: discardSnapshot, allowCorrupt: allowCorrupt, environment: environment, logger: logger,
                             hookSender: HTTPHookSender(eventLoopGroup: hookExecutor.group), hookExecutor: hookExecutor).run()
        } catch let error as EventLogError {
            let advice = error.kind == .corrupt ? " " + LogHealth.advice : ""
            logger.critical("cannot start: \(error.message).\(advice)")
            throw ExitCode(error.kind == .locked ? 75 : 74)
        } catch let error as SocketFile.Refusal {
            logger.critical("cannot start: \(error.description)")
            throw ExitCode(75)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
