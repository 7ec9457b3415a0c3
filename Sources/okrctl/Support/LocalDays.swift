import OKREvents
import OKRProjections
import OKRWire
import Synchronization

/// The organisation's calendar as okrd has it (SPEC §15), asked once per run (`ping`) and only
/// when a date on the command line has to become an instant.
enum LocalDays {
    private static let cached = Mutex<LocalCalendar?>(nil)

    static func calendar(_ options: GlobalOptions) throws -> LocalCalendar {
        if let calendar = cached.withLock({ $0 }) { return calendar }
        let calendar = LocalCalendar(periods: try options.call(Methods.ping).timeZones ?? [])
        cached.withLock { $0 = calendar }
        return calendar
    }
}
