/// The payload of any event: one case per ``EventType``.
public enum EventPayload: Hashable, Sendable {
    case cycleDefined(CycleDefined)
    case cycleClosed(CycleClosed)
    case northStarDefined(NorthStarDefined)
    case strategyChoiceRecorded(StrategyChoiceRecorded)
    case objectiveCreated(ObjectiveCreated)
    case objectiveUpdated(ObjectiveUpdated)
    case objectiveDropped(ObjectiveDropped)
    case keyResultCreated(KeyResultCreated)
    case keyResultUpdated(KeyResultUpdated)
    case keyResultRetargeted(KeyResultRetargeted)
    case keyResultDropped(KeyResultDropped)
    case metricObserved(MetricObserved)
    case checkInRecorded(CheckInRecorded)
    case insightRecorded(InsightRecorded)
    case insightRenewed(InsightRenewed)
    case insightExpired(InsightExpired)
    case workItemLinked(WorkItemLinked)
    case workItemUnlinked(WorkItemUnlinked)
    case personRecorded(PersonRecorded)
    case keyResultMoved(KeyResultMoved)
    case objectiveAligned(ObjectiveAligned)
    case objectiveUnaligned(ObjectiveUnaligned)
    case keyResultPlanned(KeyResultPlanned)
    case hookAdded(HookAdded)
    case hookRemoved(HookRemoved)
    case kpiDefined(KPIDefined)
    case kpiUpdated(KPIUpdated)
    case kpiRetired(KPIRetired)
    case metricLinked(MetricLinked)
    case metricUnlinked(MetricUnlinked)
    case reviewStarted(ReviewStarted)
    case retrospectiveRecorded(RetrospectiveRecorded)
    case acknowledged(Acknowledged)
    case initiativeAdded(InitiativeAdded)
    case initiativeClosed(InitiativeClosed)
    case calendarSet(CalendarSet)

    /// The payload as its ``EventData`` value.
    public var data: any EventData {
        switch self {
        case .cycleDefined(let data): data
        case .cycleClosed(let data): data
        case .northStarDefined(let data): data
        case .strategyChoiceRecorded(let data): data
        case .objectiveCreated(let data): data
        case .objectiveUpdated(let data): data
        case .objectiveDropped(let data): data
        case .keyResultCreated(let data): data
        case .keyResultUpdated(let data): data
        case .keyResultRetargeted(let data): data
        case .keyResultDropped(let data): data
        case .metricObserved(let data): data
        case .checkInRecorded(let data): data
        case .insightRecorded(let data): data
        case .insightRenewed(let data): data
        case .insightExpired(let data): data
        case .workItemLinked(let data): data
        case .workItemUnlinked(let data): data
        case .personRecorded(let data): data
        case .keyResultMoved(let data): data
        case .objectiveAligned(let data): data
        case .objectiveUnaligned(let data): data
        case .keyResultPlanned(let data): data
        case .hookAdded(let data): data
        case .hookRemoved(let data): data
        case .kpiDefined(let data): data
        case .kpiUpdated(let data): data
        case .kpiRetired(let data): data
        case .metricLinked(let data): data
        case .metricUnlinked(let data): data
        case .reviewStarted(let data): data
        case .retrospectiveRecorded(let data): data
        case .acknowledged(let data): data
        case .initiativeAdded(let data): data
        case .initiativeClosed(let data): data
        case .calendarSet(let data): data
        }
    }

    /// Wraps a payload value in its case.
    public init(_ data: any EventData) {
        switch data {
        case let data as CycleDefined: self = .cycleDefined(data)
        case let data as CycleClosed: self = .cycleClosed(data)
        case let data as NorthStarDefined: self = .northStarDefined(data)
        case let data as StrategyChoiceRecorded: self = .strategyChoiceRecorded(data)
        case let data as ObjectiveCreated: self = .objectiveCreated(data)
        case let data as ObjectiveUpdated: self = .objectiveUpdated(data)
        case let data as ObjectiveDropped: self = .objectiveDropped(data)
        case let data as KeyResultCreated: self = .keyResultCreated(data)
        case let data as KeyResultUpdated: self = .keyResultUpdated(data)
        case let data as KeyResultRetargeted: self = .keyResultRetargeted(data)
        case let data as KeyResultDropped: self = .keyResultDropped(data)
        case let data as MetricObserved: self = .metricObserved(data)
        case let data as CheckInRecorded: self = .checkInRecorded(data)
        case let data as InsightRecorded: self = .insightRecorded(data)
        case let data as InsightRenewed: self = .insightRenewed(data)
        case let data as InsightExpired: self = .insightExpired(data)
        case let data as WorkItemLinked: self = .workItemLinked(data)
        case let data as WorkItemUnlinked: self = .workItemUnlinked(data)
        case let data as PersonRecorded: self = .personRecorded(data)
        case let data as KeyResultMoved: self = .keyResultMoved(data)
        case let data as ObjectiveAligned: self = .objectiveAligned(data)
        case let data as ObjectiveUnaligned: self = .objectiveUnaligned(data)
        case let data as KeyResultPlanned: self = .keyResultPlanned(data)
        case let data as HookAdded: self = .hookAdded(data)
        case let data as HookRemoved: self = .hookRemoved(data)
        case let data as KPIDefined: self = .kpiDefined(data)
        case let data as KPIUpdated: self = .kpiUpdated(data)
        case let data as KPIRetired: self = .kpiRetired(data)
        case let data as MetricLinked: self = .metricLinked(data)
        case let data as MetricUnlinked: self = .metricUnlinked(data)
        case let data as ReviewStarted: self = .reviewStarted(data)
        case let data as RetrospectiveRecorded: self = .retrospectiveRecorded(data)
        case let data as Acknowledged: self = .acknowledged(data)
        case let data as InitiativeAdded: self = .initiativeAdded(data)
        case let data as InitiativeClosed: self = .initiativeClosed(data)
        case let data as CalendarSet: self = .calendarSet(data)
        default: preconditionFailure("\(Swift.type(of: data)) is not an event payload of EventPayload")
        }
    }

    /// The event's type.
    public var type: EventType { Swift.type(of: data).eventType }
}

extension EventType {
    /// The payload type of this event type.
    public var dataType: any EventData.Type {
        switch self {
        case .cycleDefined: CycleDefined.self
        case .cycleClosed: CycleClosed.self
        case .northStarDefined: NorthStarDefined.self
        case .strategyChoiceRecorded: StrategyChoiceRecorded.self
        case .objectiveCreated: ObjectiveCreated.self
        case .objectiveUpdated: ObjectiveUpdated.self
        case .objectiveDropped: ObjectiveDropped.self
        case .keyResultCreated: KeyResultCreated.self
        case .keyResultUpdated: KeyResultUpdated.self
        case .keyResultRetargeted: KeyResultRetargeted.self
        case .keyResultDropped: KeyResultDropped.self
        case .metricObserved: MetricObserved.self
        case .checkInRecorded: CheckInRecorded.self
        case .insightRecorded: InsightRecorded.self
        case .insightRenewed: InsightRenewed.self
        case .insightExpired: InsightExpired.self
        case .workItemLinked: WorkItemLinked.self
        case .workItemUnlinked: WorkItemUnlinked.self
        case .personRecorded: PersonRecorded.self
        case .keyResultMoved: KeyResultMoved.self
        case .objectiveAligned: ObjectiveAligned.self
        case .objectiveUnaligned: ObjectiveUnaligned.self
        case .keyResultPlanned: KeyResultPlanned.self
        case .hookAdded: HookAdded.self
        case .hookRemoved: HookRemoved.self
        case .kpiDefined: KPIDefined.self
        case .kpiUpdated: KPIUpdated.self
        case .kpiRetired: KPIRetired.self
        case .metricLinked: MetricLinked.self
        case .metricUnlinked: MetricUnlinked.self
        case .reviewStarted: ReviewStarted.self
        case .retrospectiveRecorded: RetrospectiveRecorded.self
        case .acknowledged: Acknowledged.self
        case .initiativeAdded: InitiativeAdded.self
        case .initiativeClosed: InitiativeClosed.self
        case .calendarSet: CalendarSet.self
        }
    }
}

extension EventPayload {
    /// Reads a stored payload of `type` and `version`, upcasting it to the current shape.
    public static func read(type: EventType, version: UInt16, from reader: inout ByteReader) throws(EventCodecError) -> EventPayload {
        func decode<Data: EventData>(_ dataType: Data.Type) throws(EventCodecError) -> any EventData {
            try Data(from: &reader, version: version)
        }
        return EventPayload(try decode(type.dataType))
    }

    /// Writes the current version's binary layout.
    public func write(to writer: inout ByteWriter) { data.write(to: &writer) }
}
