import OKREvents
import OKRProjections
import Testing

/// A KPI's health over a scripted half-year (SPEC §14): every change at the instant it happens,
/// as of any instant and as known at any instant.
@Suite struct KPIHealthTests {
    /// `day` days after 31 December 2025 (day 1 = 1 January 2026), at `time`.
    static func on(_ day: Int, _ time: String = "12:00:00") -> String {
        let instant = Instant(rfc3339: "2026-01-01T\(time)Z")!.adding(seconds: Double(day - 1) * 86_400)
        return instant.rfc3339
    }

    /// p95 latency, healthy at most 300 ms over 7 days: 250 for 40 days, 400 for 20, nothing for
    /// 20, then 200; the band tightened to 150 on day 120, retired on day 170; and a back-fill of
    /// 2,000 at day 100, recorded only in July.
    static func script() -> History {
        var history = History()
        history.add(KPIDefined(id: "K-1", metric: "latency", name: "p95 latency", team: "platform", owner: "maria", min: nil, max: 300,
                               window: 7), at: on(1, "00:00:00"))
        for day in 1...180 {
            let value: Double? = day <= 40 ? 250 : day <= 60 ? 400 : day <= 80 ? nil : 200
            if let value { history.observe("latency", value, at: on(day)) }
        }
        history.add(KPIUpdated(id: "K-1", band: true, min: nil, max: 150), at: on(120, "00:00:00"))
        history.add(KPIRetired(id: "K-1", reason: "replaced by the SLO"), at: on(170, "00:00:00"))
        history.observe("latency", 2_000, at: on(100, "12:30:00"), recorded: "2026-07-01T00:00:00Z")
        return history
    }

    static func changes(_ model: OKRModel, asOf: String, knownAt: String) -> [String] {
        model.healthChanges(of: model.kpis["K-1"]!, Perspective(asOf: instant(asOf), knownAt: instant(knownAt)))
            .map { "\($0.at.rfc3339) \($0.health.rawValue)" }
    }

    @Test func everyChangeOfHealthAtItsInstant() {
        let model = Self.script().model
        let before = [
            "2026-01-01T00:00:00Z unknown",  // defined before the first observation
            "2026-01-01T12:00:00Z healthy",  // 250
            "2026-02-12T12:00:00Z unhealthy",  // day 43: (4 × 250 + 3 × 400) / 7 = 314
            "2026-03-08T12:00:00Z unknown",  // day 67: day 60's observation leaves the 7-day window
            "2026-03-22T12:00:00Z healthy",  // day 81: 200
            "2026-04-30T00:00:00Z unhealthy",  // day 120: the band tightens to ≤ 150
        ]
        #expect(Self.changes(model, asOf: "2026-12-31", knownAt: "2026-06-30") == before)
        // Known in July, the back-fill makes a week unhealthy: (7 × 200 + 2000) / 8 = 425, until it leaves.
        let after = Array(before[0..<5]) + ["2026-04-10T12:30:00Z unhealthy", "2026-04-17T12:30:00Z healthy", before[5]]
        #expect(Self.changes(model, asOf: "2026-12-31", knownAt: "2026-12-31") == after)
        // As of any instant, the history up to it.
        #expect(Self.changes(model, asOf: "2026-02-12T11:59:59Z", knownAt: "2026-12-31") == Array(before[0..<2]))
        #expect(Self.changes(model, asOf: "2026-02-12T12:00:00Z", knownAt: "2026-12-31") == Array(before[0..<3]))
    }

    @Test func theListSaysValueHealthAndSinceAsOfAnyInstant() {
        let model = Self.script().model
        func entry(_ asOf: String, knownAt: String = "2026-12-31") -> KPIEntry? {
            model.answer(KPIListQuery(Perspective(asOf: instant(asOf), knownAt: instant(knownAt)))).kpis.first
        }
        let healthy = entry("2026-02-12T11:59:59Z")
        #expect(healthy?.health == .healthy && healthy?.since == instant("2026-01-01T12:00:00Z"))
        #expect(close(healthy?.value, (5 * 250 + 2 * 400) / 7.0))
        let unhealthy = entry("2026-02-12T12:00:00Z")
        #expect(unhealthy?.health == .unhealthy && unhealthy?.since == instant("2026-02-12T12:00:00Z"))
        #expect(close(unhealthy?.value, (4 * 250 + 3 * 400) / 7.0))
        #expect(entry("2026-03-10")?.health == .unknown && entry("2026-03-10")?.value == nil)
        #expect(entry("2026-04-12")?.health == .unhealthy && entry("2026-04-12", knownAt: "2026-06-30")?.health == .healthy)
        #expect(entry("2026-05-01")?.band == KPIBand(min: nil, max: 150))
        #expect(entry("2025-12-31") == nil, "not defined yet")
        #expect(entry("2026-06-20") == nil, "retired: no longer listed")
        let show = model.answer(KPIShowQuery("K-1", Perspective(at: instant("2026-12-31"))))
        #expect(show?.retiredAt == instant(Self.on(170, "00:00:00")) && show?.history.map(\.type) == ["KPIDefined", "KPIUpdated", "KPIRetired"])
        #expect(show?.kpi.sparkline.count == 30)
    }

    @Test func digestAndDueTellOfIt() {
        let model = Self.script().model
        let digest = model.answer(DigestQuery(since: instant("2026-02-09"), asOf: instant("2026-02-16"), knownAt: instant("2026-12-31")))
        #expect(digest.kpiChanges.map { "\($0.kpi) \($0.from?.rawValue ?? "-") → \($0.to.rawValue)" } == ["K-1 healthy → unhealthy"])
        let due = model.answer(DueQuery(perspective: Perspective(at: instant("2026-02-20")), owner: "maria"))
        #expect(due.items.contains { $0.kind == .unhealthyKPI && $0.subject == "K-1" && $0.since == instant("2026-02-12T12:00:00Z") },
                "\(due.items)")
        #expect(!model.answer(DueQuery(perspective: Perspective(at: instant("2026-01-20")), owner: "maria")).items.contains { $0.kind == .unhealthyKPI })
    }
}
