/// Every method okrd serves, with the least role allowed to call it (docs/PROTOCOL.md).
public enum RPCMethod: String, CaseIterable, Sendable {
    case ping
    case status
    case observe
    case checkin
    case cycleAdd = "cycle.add"
    case cycleList = "cycle.list"
    case northStarAdd = "northstar.add"
    case strategyAdd = "strategy.add"
    case objectiveAdd = "objective.add"
    case objectiveDrop = "objective.drop"
    case keyResultAdd = "kr.add"
    case keyResultRetarget = "kr.retarget"
    case keyResultDrop = "kr.drop"
    case keyResultShow = "kr.show"
    case insightAdd = "insight.add"
    case insightRenew = "insight.renew"
    case insightList = "insight.list"
    case log
    case logFollow = "log.follow"
    case verify
    case tree
    case lint
    case feeds
    case cycleClose = "cycle.close"
    case score
    case calibration
    case link
    case unlink
    case apply
    case backup
    case stats
    case personSet = "person.set"
    case personList = "person.list"
    case objectiveUpdate = "objective.update"
    case keyResultUpdate = "kr.update"
    case due
    case digest
    case keyResultMove = "kr.move"
    case objectiveAlign = "objective.align"
    case objectiveUnalign = "objective.unalign"
    case objectiveCarry = "objective.carry"
    case keyResultPlan = "kr.plan"
    case checkinBatch = "checkin.batch"
    case importStage = "import.stage"
    case importCommit = "import.commit"

    /// The roles that may call the method: stated for every method, with no default, so that a
    /// new method does not compile until someone decides who may call it.
    public var allowedRoles: Set<Role> {
        switch self {
        case .ping: [.observer, .reader, .writer, .admin]
        case .observe: [.observer, .writer, .admin]
        case .status, .cycleList, .keyResultShow, .insightList, .log, .logFollow, .tree, .lint, .feeds, .score, .calibration, .stats,
             .personList, .due, .digest:
            [.reader, .writer, .admin]
        case .verify, .backup: [.admin]
        case .checkin, .checkinBatch, .cycleAdd, .cycleClose, .northStarAdd, .strategyAdd, .objectiveAdd, .objectiveDrop,
             .objectiveUpdate, .objectiveAlign, .objectiveUnalign, .objectiveCarry, .keyResultAdd, .keyResultRetarget,
             .keyResultDrop, .keyResultUpdate, .keyResultMove, .keyResultPlan, .insightAdd, .insightRenew, .link, .unlink,
             .apply, .personSet, .importStage, .importCommit:
            [.writer, .admin]
        }
    }

    /// Whether the method appends to the log (what a read-only okrd refuses): those a writer or
    /// an observer may call and a reader may not.
    public var appends: Bool { allowedRoles.contains(.writer) && !allowedRoles.contains(.reader) }

    /// The role to name in a permission error: the least one allowed.
    public var requiredRole: Role { allowedRoles.min()! }
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
