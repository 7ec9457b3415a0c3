import OKREvents

/// Everything the log says, folded into per-entity records that keep their history, so that any
/// query can be answered for any ``Perspective`` without reading the log again.
///
/// `apply` is the only mutation; it takes events in seq order. Events that reference something
/// unknown are ignored (the daemon validates commands before it appends them).
public struct OKRModel: Sendable {
    public private(set) var cycles: [String: CycleRecord] = [:]
    public private(set) var northStars: [String: Defined<NorthStarDefined>] = [:]
    public private(set) var strategies: [String: Defined<StrategyChoiceRecorded>] = [:]
    public private(set) var objectives: [String: ObjectiveRecord] = [:]
    public private(set) var keyResults: [String: KeyResultRecord] = [:]
    public private(set) var insights: [String: InsightRecord] = [:]
    /// Each metric's observations (see ``MetricHistory``): all of them in a model built in
    /// memory; in one with a source, only what is needed to know when remembered sums go stale.
    public private(set) var metrics: [String: MetricHistory] = [:]
    /// Links and unlinks per subject: `nil` value for an unlink.
    public private(set) var workItems: [String: Timeline<(ref: String, title: String?, linked: Bool)>] = [:]
    /// Each person's records, latest wins (SPEC §9).
    public private(set) var people: [String: Timeline<PersonRecorded>] = [:]
    /// The hooks in force (SPEC §13), by name: each one's `HookAdded` and where it stands.
    public private(set) var hooks: [String: Defined<HookAdded>] = [:]
    /// KPIs by id (SPEC §14), retired ones included.
    public private(set) var kpis: [String: KPIRecord] = [:]
    /// Links between metrics, each with its history: the `MetricLinked` in force, or `nil` once unlinked.
    public private(set) var metricLinks: [MetricLink: Timeline<MetricLinked?>] = [:]
    /// Reviews, retrospectives, acknowledgements and initiatives (SPEC §15).
    public private(set) var rituals = Rituals()
    /// Every `CalendarSet`, in effective-time order (SPEC §15).
    public private(set) var calendarSets = Timeline<CalendarSet>()
    /// The organisation's days as the calendar events place them: UTC days until the first.
    public private(set) var calendar = LocalCalendar()
    /// Objective ids per cycle, and per objective the key results that ever counted toward it
    /// (created under it or moved to it), in definition order.
    public private(set) var objectivesByCycle: [String: [String]] = [:]
    public private(set) var keyResultsByObjective: [String: [String]] = [:]
    /// Per objective, the objectives that were ever aligned under it (any cycle), in the order
    /// they were first linked: the candidates for its children from any perspective.
    /// Every (parent, child) pair in ``childrenByParent``.
    private var linked: Set<AlignmentLink> = []
    public private(set) var childrenByParent: [String: [String]] = [:]
    /// The seq of the last event applied.
    public private(set) var lastSeq: UInt64 = 0

    /// Where day summaries and single observations are read from; `nil` when the model keeps them itself.
    public let observationSource: (any ObservationSource)?
    /// Sums of whole days remembered between queries (a model with a source).
    let memo: HistoryMemo?

    /// An empty model. Without a `source` it keeps every observation in memory (tests, tools);
    /// with one it keeps none and reads days and observations from the source.
    public init(source: (any ObservationSource)? = nil) {
        observationSource = source
        memo = source == nil ? nil : HistoryMemo()
    }

    /// Folds `events` (in seq order) into a new model that keeps its observations in memory.
    public init(_ events: some Sequence<StoredEvent>) {
        self.init()
        for event in events { fold(event) }
    }

    /// Folds one event in (the projection's step; not `apply`, which is OKRs as code). A
    /// definition whose id is taken, or a change to an id never defined, changes nothing.
    public mutating func fold(_ event: StoredEvent) {
        let stamp = Stamp(event)
        lastSeq = max(lastSeq, event.seq)
        switch event.payload {
        case .cycleDefined(let data):
            if cycles[data.id] == nil { cycles[data.id] = CycleRecord(defined: Defined(stamp: stamp, definition: data), calendar: calendar) }
        case .cycleClosed(let data): cycles[data.id]?.closes.insert(data, at: stamp)
        case .northStarDefined(let data):
            if northStars[data.id] == nil { northStars[data.id] = Defined(stamp: stamp, definition: data) }
        case .strategyChoiceRecorded(let data):
            if strategies[data.id] == nil { strategies[data.id] = Defined(stamp: stamp, definition: data) }
        case .objectiveCreated(let data): create(data, at: stamp)
        case .objectiveUpdated(let data): update(data, at: stamp)
        case .objectiveAligned(let data):
            guard objectives[data.id] != nil else { return }
            objectives[data.id]?.alignments.insert(.aligned(data), at: stamp)
            link(data.id, under: data.parent)
        case .objectiveUnaligned(let data): objectives[data.id]?.alignments.insert(.unaligned(data), at: stamp)
        case .objectiveDropped(let data): objectives[data.id]?.drops.insert(data, at: stamp)
        case .keyResultCreated(let data):
            guard keyResults[data.id] == nil else { return }
            keyResults[data.id] = KeyResultRecord(defined: Defined(stamp: stamp, definition: data))
            keyResultsByObjective[data.objective, default: []].append(data.id)
        case .keyResultUpdated(let data): keyResults[data.id]?.updates.insert(data, at: stamp)
        case .keyResultRetargeted(let data): keyResults[data.id]?.retargets.insert(data, at: stamp)
        case .keyResultDropped(let data): keyResults[data.id]?.drops.insert(data, at: stamp)
        case .keyResultMoved(let data): move(data, at: stamp)
        case .keyResultPlanned(let data): keyResults[data.id]?.plans.insert(data, at: stamp)
        case .metricObserved(let data): observe(metric: data.metric, value: data.value, at: stamp)
        case .checkInRecorded(let data):
            let checkIn = CheckIn(confidence: data.confidence, note: data.note, author: data.author ?? event.actor, status: data.status)
            if let objective = data.objective {
                guard objectives[objective] != nil else { return }
                objectives[objective]?.checkIns.insert(checkIn, at: stamp)
            } else {
                guard keyResults[data.kr] != nil else { return }
                keyResults[data.kr]?.checkIns.insert(checkIn, at: stamp)
            }
            collect(.checkin, by: checkIn.author, subject: data.subject, note: data.note, at: stamp)
        case .insightRecorded(let data):
            if insights[data.id] == nil { insights[data.id] = InsightRecord(defined: Defined(stamp: stamp, definition: data)) }
        case .insightRenewed(let data): insights[data.id]?.renewals.insert(data, at: stamp)
        case .insightExpired(let data): insights[data.id]?.expirations.insert(data, at: stamp)
        case .workItemLinked(let data): workItems[data.subject, default: Timeline()].insert((data.ref, data.title, true), at: stamp)
        case .workItemUnlinked(let data): workItems[data.subject, default: Timeline()].insert((data.ref, nil, false), at: stamp)
        case .personRecorded(let data): people[data.id, default: Timeline()].insert(data, at: stamp)
        case .hookAdded(let data): hooks[data.name] = Defined(stamp: stamp, definition: data)
        case .hookRemoved(let data): hooks[data.name] = nil
        case .kpiDefined(let data):
            if kpis[data.id] == nil { kpis[data.id] = KPIRecord(defined: Defined(stamp: stamp, definition: data)) }
        case .kpiUpdated(let data): kpis[data.id]?.updates.insert(data, at: stamp)
        case .kpiRetired(let data): kpis[data.id]?.retirements.insert(data, at: stamp)
        case .metricLinked(let data):
            metricLinks[MetricLink(leading: data.leading, lagging: data.lagging), default: Timeline()].insert(data, at: stamp)
        case .metricUnlinked(let data):
            metricLinks[MetricLink(leading: data.leading, lagging: data.lagging), default: Timeline()].insert(nil, at: stamp)
        case .reviewStarted(let data): rituals.start(data, at: stamp)
        case .retrospectiveRecorded(let data):
            guard objectives[data.objective] != nil else { return }
            rituals.record(data, by: event.actor, at: stamp)
            collect(.retro, by: event.actor, subject: data.objective, note: data.learned, at: stamp)
        case .acknowledged(let data): rituals.acknowledge(data, by: event.actor, at: stamp)
        case .initiativeAdded(let data): rituals.add(data, at: stamp)
        case .initiativeClosed(let data): rituals.close(data, at: stamp)
        case .calendarSet(let data): setCalendar(data, at: stamp)
        }
    }

    /// A new calendar: every cycle's days placed again, since a zone in force from an instant
    /// moves the boundaries of the cycles that start or end after it.
    private mutating func setCalendar(_ data: CalendarSet, at stamp: Stamp) {
        calendarSets.insert(data, at: stamp)
        calendar = LocalCalendar(periods: calendarSets.entries.map { LocalCalendar.Period(from: $0.stamp.effectiveAt, timeZone: $0.value.timeZone) })
        for id in cycles.keys { cycles[id]?.place(in: calendar) }
    }

    /// Notes a check-in or retrospective for the author's reviewer, when the author has one as
    /// the log stands when it is recorded.
    private mutating func collect(_ kind: ReviewItem.Kind, by author: String, subject: String, note: String?, at stamp: Stamp) {
        guard let records = people[author]?.entries, let latest = records.max(by: { $0.stamp.seq < $1.stamp.seq }),
              latest.value.reviewer != nil else { return }
        rituals.collect(ReviewItem(seq: stamp.seq, kind: kind, author: author, subject: subject, at: stamp.effectiveAt, note: note))
    }

    private mutating func create(_ data: ObjectiveCreated, at stamp: Stamp) {
        guard objectives[data.id] == nil else { return }
        objectives[data.id] = ObjectiveRecord(defined: Defined(stamp: stamp, definition: data))
        objectivesByCycle[data.cycle, default: []].append(data.id)
        for parent in data.parents { link(data.id, under: parent.id) }
    }

    /// An update; one that names a `parent` (the form before weighted parents) replaces them all.
    private mutating func update(_ data: ObjectiveUpdated, at stamp: Stamp) {
        guard objectives[data.id] != nil else { return }
        objectives[data.id]?.updates.insert(data, at: stamp)
        guard let parent = data.parent else { return }
        let parents = parent.isEmpty ? [] : [ObjectiveParent(id: parent)]
        objectives[data.id]?.alignments.insert(.replaced(parents), at: stamp)
        for link in parents { self.link(data.id, under: link.id) }
    }

    /// A key result moved under another objective: listed there too, in definition order.
    private mutating func move(_ data: KeyResultMoved, at stamp: Stamp) {
        guard keyResults[data.id] != nil else { return }
        keyResults[data.id]?.moves.insert(data, at: stamp)
        guard keyResultsByObjective[data.objective]?.contains(data.id) != true else { return }
        keyResultsByObjective[data.objective, default: []].append(data.id)
        keyResultsByObjective[data.objective]?.sort { (keyResults[$0]?.defined.stamp.seq ?? 0) < (keyResults[$1]?.defined.stamp.seq ?? 0) }
    }

    /// Notes `child` among the objectives ever aligned under `parent` (once, found in a set: a
    /// parent with a hundred thousand children must not make each new one a linear search).
    private mutating func link(_ child: String, under parent: String) {
        if linked.insert(AlignmentLink(parent: parent, child: child)).inserted { childrenByParent[parent, default: []].append(child) }
    }

    /// Folds one `MetricObserved` event in, given by its fields: what ``fold(_:)`` does with it,
    /// for a batch of observations that was never turned into ``StoredEvent``s.
    public mutating func foldObservation(metric: String, value: Double, at stamp: Stamp) {
        lastSeq = max(lastSeq, stamp.seq)
        observe(metric: metric, value: value, at: stamp)
    }

    private mutating func observe(metric: String, value: Double, at stamp: Stamp) {
        let keeps = observationSource == nil
        metrics[metric, default: MetricHistory(metric: metric, keepsObservations: keeps)].insert(value, at: stamp)
    }

    /// Installs the metric states of a snapshot.
    mutating func restore(metrics: [String: MetricHistory]) {
        self.metrics = metrics
    }

    /// Counts every event through `seq` as folded, for a model with a source whose replay passed
    /// over observations (``EventLog/forEachEvent(from:skippingObservations:_:)``): the source
    /// already summarises them, and nothing else in the model depends on them.
    public mutating func advance(to seq: UInt64) {
        precondition(observationSource != nil, "only a model that reads its observations from a source can skip them")
        lastSeq = max(lastSeq, seq)
    }
}

/// A child objective aligned under a parent, ever.
struct AlignmentLink: Hashable, Sendable {
    var parent: String
    var child: String
}
