import OKRWire
#if canImport(Glibc)
import Glibc
#endif

/// Who has which role (SPEC §7 `[access]`), resolved from the peer's uid and groups.
///
/// The daemon's own user and anyone listed as admin are admins; then writers, readers and
/// observers by user or group, highest role first; everyone else gets `default_role`
/// (by default none: refused).
struct AccessPolicy: Sendable {
    private var usersByRole: [Role: Set<String>] = [:]
    private var gidsByRole: [Role: Set<UInt32>] = [:]
    private let daemonUID: UInt32
    private let defaultRole: Role?

    init(_ access: DaemonConfiguration.Access, daemonUID: UInt32 = getuid()) {
        self.daemonUID = daemonUID
        defaultRole = access.defaultRole
        let lists: [(Role, [String], [String])] = [
            (.admin, access.adminUsers, access.adminGroups),
            (.writer, access.writerUsers, access.writerGroups),
            (.reader, access.readerUsers, access.readerGroups),
            (.observer, access.observerUsers, access.observerGroups),
        ]
        for (role, users, groups) in lists {
            usersByRole[role] = Set(users)
            gidsByRole[role] = Set(groups.compactMap(UserDatabase.gid(of:)))
        }
    }

    /// The role of a peer, or `nil` when it may do nothing.
    func role(uid: UInt32, gid: UInt32, user: String) -> Role? {
        if uid == daemonUID { return .admin }
        lazy var groups = UserDatabase.groups(of: user, primary: gid)
        for role in [Role.admin, .writer, .reader, .observer] {
            if usersByRole[role, default: []].contains(user) { return role }
            if !gidsByRole[role, default: []].isEmpty, !gidsByRole[role, default: []].isDisjoint(with: groups) { return role }
        }
        return defaultRole
    }
}
