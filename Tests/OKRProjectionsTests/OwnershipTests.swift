import OKREvents
import Testing
@testable import OKRProjections

/// Owners and teams (SPEC §9): a key result without its own is its objective's, an update with
/// an empty value gives it back, every change keeps its history, and `--owner` shows one
/// person's share.
@Suite struct OwnershipTests {
    /// O-1 (maria) with KR-1 (no owner), KR-2 (sam, team activation); O-2 (nobody) with KR-3 (maria).
    static func owned() -> History {
        var history = History.quarter()
        history.add(PersonRecorded(id: "maria", name: "María", email: "maria@example.com", teams: ["growth"]), at: "2025-12-16")
        history.add(PersonRecorded(id: "sam", teams: ["activation"]), at: "2025-12-16")
        history.add(ObjectiveCreated(id: "O-1", cycle: "2026-Q1", team: "growth", title: "Ease", owner: "maria"), at: "2025-12-20")
        history.objective("O-2", team: "platform")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 10)
        history.add(KeyResultCreated(id: "KR-2", objective: "O-1", title: "Speed", metric: "b", baseline: 0, target: 10,
                                     owner: "sam", team: "activation"), at: "2025-12-20")
        history.add(KeyResultCreated(id: "KR-3", objective: "O-2", title: "Uptime", metric: "c", baseline: 0, target: 10,
                                     owner: "maria"), at: "2025-12-20")
        return history
    }

    static func krs(_ report: StatusReport) -> [String: KeyResultStatus] {
        Dictionary(uniqueKeysWithValues: report.cycles.flatMap(\.objectives).flatMap(\.krs).map { ($0.id, $0) })
    }

    @Test func aKeyResultWithoutAnOwnerOrTeamIsItsObjectives() {
        let report = Self.owned().report(asOf: "2026-02-01")
        #expect(report.cycles[0].objectives.map(\.owner) == ["maria", nil])
        let krs = Self.krs(report)
        #expect(krs["KR-1"]?.owner == "maria" && krs["KR-1"]?.team == "growth")
        #expect(krs["KR-2"]?.owner == "sam" && krs["KR-2"]?.team == "activation")
        #expect(krs["KR-3"]?.owner == "maria" && krs["KR-3"]?.team == "platform")
    }

    @Test func onePersonsShareIsTheirObjectivesWholeAndTheirKeyResultsElsewhere() {
        let model = Self.owned().model
        func shown(_ owner: String) -> [String] {
            let report = model.answer(StatusQuery(perspective: Perspective(at: instant("2026-02-01")), cycle: "2026-Q1", owner: owner))
            return report.cycles.flatMap(\.objectives).flatMap { [$0.id] + $0.krs.map(\.id) }
        }
        #expect(shown("maria") == ["O-1", "KR-1", "KR-2", "O-2", "KR-3"])
        #expect(shown("sam") == ["O-1", "KR-2"])
        #expect(shown("li") == [])
        let tree = model.answer(TreeQuery(cycle: "2026-Q1", Perspective(at: instant("2026-02-01")), owner: "sam"))
        #expect(tree?.unlinked.map(\.id) == ["O-1"])
        #expect(tree?.unlinked.first?.keyResults.map(\.id) == ["KR-2"])
        #expect(tree?.unlinked.first?.keyResults.first?.owner == "sam")
    }

    @Test func aTeamSeesItsObjectivesAndTheSharedOnesWhereItWorksOnAKeyResult() {
        let history = Self.owned()
        // O-1 is growth's; KR-2 under it is activation's: a shared objective.
        let activation = history.report(asOf: "2026-02-01", team: "activation").cycles[0].objectives
        #expect(activation.map(\.id) == ["O-1"])
        #expect(activation.first?.krs.map(\.id) == ["KR-1", "KR-2"], "shown whole, for context")
        #expect(history.report(asOf: "2026-02-01", team: "growth").cycles[0].objectives.map(\.id) == ["O-1"])
        #expect(history.report(asOf: "2026-02-01", team: "platform").cycles[0].objectives.map(\.id) == ["O-2"])
        // Six more growth objectives: OKR001 is growth's alone, also when activation lints.
        var crowded = history
        for index in 3...8 { crowded.objective("O-\(index)") }
        let perspective = Perspective(at: instant("2026-02-01"))
        #expect(crowded.model.answer(LintQuery(cycle: "2026-Q1", team: "growth", perspective)).findings.contains { $0.code == "OKR001" })
        #expect(!crowded.model.answer(LintQuery(cycle: "2026-Q1", team: "activation", perspective)).findings.contains { $0.code == "OKR001" })
        #expect(crowded.model.answer(LintQuery(cycle: "2026-Q1", team: "activation", perspective)).findings.allSatisfy { ["O-1", "KR-1", "KR-2"].contains($0.subject) })
    }

    /// OKR002 on a shared objective: too few counts every team's key results, too many counts each team's share.
    @Test func aSharedObjectiveIsTooFullOnlyWhenOneTeamsShareIs() {
        var history = History.quarter()
        history.objective("O-1")
        for index in 1...4 {
            history.keyResult("KR-G\(index)", metric: "g\(index)", baseline: 0, target: 1)
            history.add(KeyResultCreated(id: "KR-E\(index)", objective: "O-1", title: "E\(index)", metric: "e\(index)", baseline: 0,
                                         target: 1, team: "engineering"), at: "2025-12-20")
        }
        let perspective = Perspective(at: instant("2026-01-10"))
        #expect(!history.model.answer(LintQuery(cycle: "2026-Q1", perspective)).findings.contains { $0.code == "OKR002" },
                "eight key results, four a team: each share is focused")
        history.add(KeyResultCreated(id: "KR-E5", objective: "O-1", title: "E5", metric: "e5", baseline: 0, target: 1, team: "engineering"),
                    at: "2025-12-20")
        history.add(KeyResultCreated(id: "KR-E6", objective: "O-1", title: "E6", metric: "e6", baseline: 0, target: 1, team: "engineering"),
                    at: "2025-12-20")
        let findings = history.model.answer(LintQuery(cycle: "2026-Q1", perspective)).findings.filter { $0.code == "OKR002" }
        #expect(findings.map(\.message) == ["team engineering holds 6 active key results of shared objective O-1; 5 at most per team keeps its share focused"])
        #expect(history.model.answer(LintQuery(cycle: "2026-Q1", team: "growth", perspective)).findings.filter { $0.code == "OKR002" }.isEmpty)
    }

    @Test func updatesChangeOwnersFromTheirTimeAndAnEmptyValueGivesItBack() {
        var history = Self.owned()
        history.add(ObjectiveUpdated(id: "O-1", owner: "sam"), at: "2026-02-10")
        history.add(KeyResultUpdated(id: "KR-2", owner: "", team: ""), at: "2026-02-10")
        history.add(KeyResultUpdated(id: "KR-3", team: "reliability"), at: "2026-02-10")
        let before = Self.krs(history.report(asOf: "2026-02-09"))
        #expect(before["KR-1"]?.owner == "maria" && before["KR-2"]?.owner == "sam" && before["KR-2"]?.team == "activation")
        let after = Self.krs(history.report(asOf: "2026-02-11"))
        #expect(after["KR-1"]?.owner == "sam", "follows its objective's new owner")
        #expect(after["KR-2"]?.owner == "sam" && after["KR-2"]?.team == "growth", "given back to the objective's")
        #expect(after["KR-3"]?.owner == "maria" && after["KR-3"]?.team == "reliability")
        // Known at before the update was recorded, the old owner stands.
        let unknown = history.report(asOf: "2026-02-11", knownAt: "2026-02-09")
        #expect(unknown.cycles[0].objectives[0].owner == "maria")
    }

    @Test func theLatestRecordOfAPersonWinsAsOfItsTime() {
        var history = Self.owned()
        history.add(PersonRecorded(id: "maria", name: "María José", teams: ["growth", "activation"]), at: "2026-02-10")
        let model = history.model
        #expect(model.person("maria", Perspective(at: instant("2026-02-01")))?.email == "maria@example.com")
        let later = model.person("maria", Perspective(at: instant("2026-02-11")))
        #expect(later?.name == "María José" && later?.email == nil && later?.teams == ["growth", "activation"])
        #expect(model.knownPeople(Perspective(at: instant("2026-02-11"))).map(\.id) == ["maria", "sam"])
        #expect(model.knownPeople(Perspective(at: instant("2025-12-01"))).isEmpty)
    }

    @Test(arguments: ["maria", "_svc", "li.wei", "a-b_c.d", "u" + String(repeating: "x", count: 31)])
    func unixUserNamesArePersonIDs(_ id: String) {
        #expect(Identifiers.isValidPersonID(id))
    }

    @Test(arguments: ["", "Maria", "9lives", "-x", ".x", "maria wei", "u" + String(repeating: "x", count: 32), "mária", "a@b"])
    func otherNamesAreNot(_ id: String) {
        #expect(!Identifiers.isValidPersonID(id))
    }

    @Test(arguments: ["maria@example.com", "li.wei+okr@mail.example.org", "o'brien@example.ie", "x@a-b.co"])
    func addressesAHeaderCanCarryAreEmails(_ address: String) {
        #expect(Identifiers.isValidEmail(address))
    }

    @Test(arguments: ["maria", "maria@", "@example.com", "maria@example", "a b@example.com", "a..b@example.com",
                      ".a@example.com", "a@-example.com", "a@example..com", "\"a\"@example.com", "a@[127.0.0.1]",
                      "a@example.com\r\nBcc: x@example.com", "a@example.com>", "<a@example.com>", "máría@example.com"])
    func otherTextIsNot(_ address: String) {
        #expect(!Identifiers.isValidEmail(address))
    }
}
