/// The kind of an event: its stable name (SPEC §2), its stable stored code and its current schema version.
///
/// Names and codes are forever: a stored event names its type by code, and `log --json` and the
/// wire protocol by name. Add cases at the end with new codes; never renumber.
public enum EventType: String, CaseIterable, Codable, Hashable, Sendable {
    case cycleDefined = "CycleDefined"
    case cycleClosed = "CycleClosed"
    case northStarDefined = "NorthStarDefined"
    case strategyChoiceRecorded = "StrategyChoiceRecorded"
    case objectiveCreated = "ObjectiveCreated"
    case objectiveUpdated = "ObjectiveUpdated"
    case objectiveDropped = "ObjectiveDropped"
    case keyResultCreated = "KeyResultCreated"
    case keyResultUpdated = "KeyResultUpdated"
    case keyResultRetargeted = "KeyResultRetargeted"
    case keyResultDropped = "KeyResultDropped"
    case metricObserved = "MetricObserved"
    case checkInRecorded = "CheckInRecorded"
    case insightRecorded = "InsightRecorded"
    case insightRenewed = "InsightRenewed"
    case insightExpired = "InsightExpired"
    case workItemLinked = "WorkItemLinked"
    case workItemUnlinked = "WorkItemUnlinked"
    case personRecorded = "PersonRecorded"
    case keyResultMoved = "KeyResultMoved"
    case objectiveAligned = "ObjectiveAligned"
    case objectiveUnaligned = "ObjectiveUnaligned"
    case keyResultPlanned = "KeyResultPlanned"
    case hookAdded = "HookAdded"
    case hookRemoved = "HookRemoved"
    case kpiDefined = "KPIDefined"
    case kpiUpdated = "KPIUpdated"
    case kpiRetired = "KPIRetired"
    case metricLinked = "MetricLinked"
    case metricUnlinked = "MetricUnlinked"
    case reviewStarted = "ReviewStarted"
    case retrospectiveRecorded = "RetrospectiveRecorded"
    case acknowledged = "Acknowledged"
    case initiativeAdded = "InitiativeAdded"
    case initiativeClosed = "InitiativeClosed"
    case calendarSet = "CalendarSet"

    /// The code stored in each record.
    public var code: UInt16 {
        switch self {
        case .cycleDefined: 1
        case .cycleClosed: 2
        case .northStarDefined: 3
        case .strategyChoiceRecorded: 4
        case .objectiveCreated: 5
        case .objectiveUpdated: 6
        case .objectiveDropped: 7
        case .keyResultCreated: 8
        case .keyResultUpdated: 9
        case .keyResultRetargeted: 10
        case .keyResultDropped: 11
        case .metricObserved: 12
        case .checkInRecorded: 13
        case .insightRecorded: 14
        case .insightRenewed: 15
        case .insightExpired: 16
        case .workItemLinked: 17
        case .workItemUnlinked: 18
        case .personRecorded: 19
        case .keyResultMoved: 20
        case .objectiveAligned: 21
        case .objectiveUnaligned: 22
        case .keyResultPlanned: 23
        case .hookAdded: 24
        case .hookRemoved: 25
        case .kpiDefined: 26
        case .kpiUpdated: 27
        case .kpiRetired: 28
        case .metricLinked: 29
        case .metricUnlinked: 30
        case .reviewStarted: 31
        case .retrospectiveRecorded: 32
        case .acknowledged: 33
        case .initiativeAdded: 34
        case .initiativeClosed: 35
        case .calendarSet: 36
        }
    }

    /// The type with a stored code, or `nil` for a code no version wrote.
    public init?(code: UInt16) {
        guard let type = EventType.allCases.first(where: { $0.code == code }) else { return nil }
        self = type
    }

    /// The schema version this build writes. Older versions are upcast when read.
    public var currentVersion: UInt16 {
        switch self {
        case .checkInRecorded: 4  // v2 added the optional `author`; v3 an optional confidence and `status`; v4 `objective`
        case .objectiveCreated: 4  // v2 added `owner`; v3 weighted `parents`, `progress`, `carriedFrom`; v4 `details`
        case .objectiveUpdated: 3  // v2 added `owner`; v3 `progress`
        case .keyResultCreated: 4  // v2 added `owner` and `team`; v3 `carriedFrom`; v4 `details`
        case .keyResultUpdated: 2  // v2 added `owner` and `team`
        case .personRecorded: 2  // v2 added `reviewer`
        default: 1
        }
    }

    /// Definitions hold for their whole cycle whatever the as-of instant (SPEC §3); every other
    /// event counts only from its effective time on.
    public var isDefinition: Bool {
        switch self {
        case .cycleDefined, .northStarDefined, .strategyChoiceRecorded, .objectiveCreated, .keyResultCreated, .keyResultPlanned: true
        default: false
        }
    }
}
