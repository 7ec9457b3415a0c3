import OKREvents
import OKRProjections

/// Builds an event history by hand for projection tests: seqs in call order, each event
/// effective at its own time and recorded at it unless told otherwise.
struct History {
    private(set) var events: [StoredEvent] = []

    /// `2026-Q1`: 1 January to 31 March 2026, so `[S, E)` is 90 days and 15 February is exactly halfway.
    static func quarter() -> History {
        var history = History()
        history.add(CycleDefined(id: "2026-Q1", name: "Q1 2026", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!),
                    at: "2025-12-15")
        return history
    }

    mutating func add(_ data: some EventData, at effective: String, recorded: String? = nil, actor: String = "alice") {
        let effectiveAt = instant(effective)
        events.append(StoredEvent(seq: UInt64(events.count + 1), id: .init(), recordedAt: recorded.map(instant) ?? effectiveAt,
                                  effectiveAt: effectiveAt, actor: actor, payload: EventPayload(data)))
    }

    mutating func objective(_ id: String, team: String = "growth", parent: String? = nil, strategy: String? = nil,
                            kind: ObjectiveKind = .aspirational, at: String = "2025-12-20", recorded: String? = nil) {
        add(ObjectiveCreated(id: id, cycle: "2026-Q1", team: team, title: "Objective \(id)", kind: kind, parent: parent, strategy: strategy),
            at: at, recorded: recorded)
    }

    mutating func keyResult(_ id: String, objective: String = "O-1", metric: String, kind: KeyResultKind = .progress,
                            baseline: Double? = nil, target: Double, weight: Double = 1, at: String = "2025-12-20", recorded: String? = nil) {
        add(KeyResultCreated(id: id, objective: objective, title: "KR \(id)", metric: metric, kind: kind, baseline: baseline,
                             target: target, weight: weight), at: at, recorded: recorded)
    }

    mutating func observe(_ metric: String, _ value: Double, at: String, recorded: String? = nil) {
        add(MetricObserved(metric: metric, value: value), at: at, recorded: recorded)
    }

    mutating func checkIn(_ kr: String, _ confidence: Int, at: String) {
        add(CheckInRecorded(kr: kr, confidence: confidence), at: at)
    }

    var model: OKRModel { OKRModel(events) }

    /// The status of one key result as of `asOf` (known at `knownAt`, default: far in the future).
    func keyResult(_ id: String, asOf: String, knownAt: String = "2030-01-01",
                   settings: ProjectionSettings = ProjectionSettings()) -> KeyResultStatus? {
        report(asOf: asOf, knownAt: knownAt, settings: settings).cycles.flatMap(\.objectives).flatMap(\.krs).first { $0.id == id }
    }

    func report(asOf: String, knownAt: String = "2030-01-01", cycle: String? = "2026-Q1", team: String? = nil,
                settings: ProjectionSettings = ProjectionSettings()) -> StatusReport {
        model.answer(StatusQuery(perspective: Perspective(asOf: instant(asOf), knownAt: instant(knownAt)), cycle: cycle, team: team), settings: settings)
    }
}

func instant(_ text: String) -> Instant {
    guard let instant = Instant(rfc3339: text) else { fatalError("bad time in test: \(text)") }
    return instant
}

/// Equal to within 1e-9 (both `nil` counts as equal).
func close(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9) -> Bool {
    switch (actual, expected) {
    case (nil, nil): true
    case let (actual?, expected?): abs(actual - expected) <= tolerance
    default: false
    }
}
