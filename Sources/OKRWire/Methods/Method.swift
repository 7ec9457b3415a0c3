/// One method of the protocol as both sides know it: its name, who may call it, the params it
/// takes and the result it answers with. okrd registers its handler through the descriptor and
/// okrctl calls it through the same one, so the two sides cannot disagree on a type.
///
/// The roles have no default: a descriptor that does not say who may call it does not compile.
public struct Method<Params: Codable & Sendable, Result: Codable & Sendable>: Sendable {
    /// The name on the wire (`person.set`).
    public let name: String
    /// Who may call it.
    public let roles: Roles
    /// Whether it appends to the log; by default, whether writers and not readers may call it.
    public let appends: Bool

    public init(_ name: String, roles: Roles, appends: Bool? = nil) {
        self.name = name
        self.roles = roles
        self.appends = appends ?? (roles.contains(.writer) && !roles.contains(.reader))
    }

    /// The name and roles without the types, for the tables that list every method.
    public var erased: AnyMethod { AnyMethod(name: name, roles: roles, appends: appends) }
}

/// A method's name and roles with its params and result types forgotten: what the router's
/// table, the permission check and the read-only check need.
public struct AnyMethod: Hashable, Sendable {
    public let name: String
    public let roles: Roles
    /// Whether the method appends to the log (what a read-only okrd refuses): by default those a
    /// writer or an observer may call and a reader may not; admins' `hook.add` and `hook.remove` too.
    public let appends: Bool

    /// The role to name in a permission error: the least one allowed.
    public var requiredRole: Role { roles.members.min()! }
}

/// The roles that may call a method, named by the least one of them (SPEC §7 `[access]`).
public struct Roles: Hashable, Sendable {
    public let members: Set<Role>

    /// Every role, observers included (`ping`).
    public static let everyone = Roles(members: [.observer, .reader, .writer, .admin])
    /// Those that feed metrics: observers, writers and admins, not readers (`observe`).
    public static let observers = Roles(members: [.observer, .writer, .admin])
    /// Those that may read: readers, writers and admins.
    public static let readers = Roles(members: [.reader, .writer, .admin])
    /// Those that may change OKRs: writers and admins.
    public static let writers = Roles(members: [.writer, .admin])
    /// Admins alone (`verify`, `backup`).
    public static let admins = Roles(members: [.admin])

    /// Whether `role` may call the method.
    public func contains(_ role: Role) -> Bool { members.contains(role) }
}

/// What a Unix user may do (SPEC §7 `[access]`): `observer` may only `observe` (cron accounts),
/// `reader` may only read, `writer` may read, observe and change OKRs, `admin` may do everything.
public enum Role: String, Codable, CaseIterable, Sendable, Comparable {
    case observer
    case reader
    case writer
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        let order: [Role] = [.observer, .reader, .writer, .admin]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}
