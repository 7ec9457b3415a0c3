import OKREvents
import OKRWire
import Synchronization

/// Whether okrd may serve its log: whole, damaged (nothing is served but `ping` and `verify`), or
/// read up to its damage (`--allow-corrupt`: reads are served, appends refused).
public final class LogHealth: Sendable {
    enum State: Equatable, Sendable {
        case whole
        /// Found damaged while serving, or at start without `--allow-corrupt`.
        case damaged(LogDamage)
        /// Started with `--allow-corrupt`: the projection holds the events before the damage.
        case readUpToDamage(LogDamage)
    }

    private let state = Mutex(State.whole)

    var current: State { state.withLock { $0 } }

    func set(_ new: State) { state.withLock { $0 = new } }

    /// Throws the refusal for `method` in the current state.
    func admit(_ method: AnyMethod) throws(RPCError) {
        switch current {
        case .whole:
            return
        case .damaged(let damage):
            guard method == Methods.ping.erased || method == Methods.verify.erased else {
                throw RPCError(code: RPCError.storageErrorCode, message: Self.damagedMessage(damage))
            }
        case .readUpToDamage(let damage):
            guard !method.appends else {
                throw RPCError(code: RPCError.storageErrorCode, message: Self.readOnlyMessage(damage))
            }
        }
    }

    /// What okrd says of a damaged log, with what to do about it.
    static func damagedMessage(_ damage: LogDamage) -> String {
        "the event log is damaged at \(damage); okrd serves nothing from it. "
            + Self.advice
    }

    static func readOnlyMessage(_ damage: LogDamage) -> String {
        "okrd is read-only: started with --allow-corrupt, it serves the events before the damage at seq \(damage.seq); nothing was appended. "
            + Self.advice
    }

    public static let advice = "Restore the latest backup (stop okrd, copy the backup's data.mdb into the data directory, start okrd; "
        + "README, 'Backup and restore'), or start okrd with --allow-corrupt to read the events before the damage."
}
