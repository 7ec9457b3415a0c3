import OKREvents
import OKRProjections
import OKRWire
import Synchronization

/// The organisation's calendar as okrd has it (SPEC §15), asked once per run (`ping`) when a
/// date on the command line has to become an instant or text output shows days and times.
enum LocalDays {
    private static let cached = Mutex<LocalCalendar?>(nil)

    static func calendar(_ options: GlobalOptions) throws -> LocalCalendar {
        if let calendar = cached.withLock({ $0 }) { return calendar }
        let client = try options.connect()
        let ping: PingResult
        do {
            ping = try client.call(Methods.ping, EmptyParams(), visible: false)
        } catch {
            throw CLIError(error)
        }
        let calendar = LocalCalendar(periods: ping.timeZones ?? [])
        cached.withLock { $0 = calendar }
        return calendar
    }
}
