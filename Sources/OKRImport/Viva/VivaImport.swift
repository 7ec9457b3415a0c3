import Foundation
import OKREvents
import OKRProjections

/// Maps a Viva Goals export to the events okr appends (SPEC §11): the pure half of
/// `okrctl import viva`, with no log and no daemon. Every event carries the time it happened in
/// Viva and the key `viva:<kind>:<ID>` that makes a second import of the same record a repeat.
public enum VivaImport {
    /// The plan for `export`. `users` maps a Viva email (lower case) to a person id (`--users`);
    /// an email it does not name becomes the local part of the address.
    public static func plan(_ export: VivaExport, users: [String: String] = [:]) throws(VivaImportError) -> ImportPlan {
        var mapper = Mapper(users: users)
        try mapper.map(export)
        return mapper.plan
    }
}

/// The state of one mapping: what each Viva ID became, and the plan so far.
private struct Mapper {
    let users: [String: String]
    var plan = ImportPlan()
    /// Time period ID → cycle.
    var cycles: [String: CycleDefined] = [:]
    /// Time period name (as ``VivaRecord/word(_:)`` reads it) → cycle.
    var cyclesByName: [String: CycleDefined] = [:]
    /// Team ID → okr team.
    var teams: [String: String] = [:]
    /// Email (lower case) → person id, for every person recorded so far.
    var people: [String: String] = [:]
    /// Every goal's ID; what Big rocks and key results became is below.
    var goalIDs: Set<String> = []
    var objectiveIDs: [String: String] = [:]
    /// Each objective created so far (Big rocks and generated ones), with its team.
    var objectiveTeams: [String: String] = [:]
    /// Big rocks that some Kpi or Project counts toward (their progress from children is `both`).
    var objectivesWithKeyResults: Set<String> = []
    var keyResults: [String: KeyResultCreated] = [:]
    var projects: Set<String> = []
    /// Person id → the teams the Users file gives them (for a goal of no team).
    var personTeams: [String: [String]] = [:]
    /// Goals of no team already listed as such.
    var unassigned: Set<String> = []
    /// Tag ID → name, from the Tags file (a goal may name its tags by ID).
    var tagNames: [String: String] = [:]
    /// The earliest instant of the export: when people and teams are taken to exist.
    var origin = Instant.distantFuture

    init(users: [String: String]) { self.users = users }

    mutating func map(_ export: VivaExport) throws(VivaImportError) {
        for period in export.timePeriods { try mapCycle(period) }
        origin = min(origin, cycles.values.map(\.start.start).min() ?? origin)
        for goal in export.goals {
            goalIDs.insert(goal.id!)
            if let created = try? goal.optionalInstant("Created At") { origin = min(origin, created) }
        }
        if origin == .distantFuture { origin = Instant(microsecondsSinceEpoch: 0) }
        for team in export.teams {
            let name = optional("team \(team.id!)", "") { (_) throws(VivaImportError) in try team.string("Team Name") }
            teams[team.id!] = VivaNames.team(name, id: team.id!)
        }
        for user in export.users { try mapUser(user) }
        for tag in export.tags {
            if let id = tag.id, let name = ((try? tag.optionalString("Tag Name")) ?? nil) ?? ((try? tag.optionalString("Name")) ?? nil) {
                tagNames[id] = name
            }
        }

        // Objectives parents first (Viva refuses loops; a loop here keeps the file's order).
        let bigRocks = export.goals.filter { (try? $0.word("Type")) == "big rock" }
        for goal in bigRocks { objectiveIDs[goal.id!] = "viva-\(goal.id!)" }
        for goal in export.goals where ["kpi", "project"].contains((try? goal.word("Type")) ?? "") {
            if let parent = try firstBigRock(of: goal) { objectivesWithKeyResults.insert(parent) }
        }
        for goal in Self.parentsFirst(bigRocks) { try mapObjective(goal) }
        for goal in export.goals {
            switch try goal.word("Type") {
            case "big rock": continue
            case "kpi", "project": try mapKeyResult(goal)
            case nil: throw goal.error("Type", "missing")
            case _?:
                plan.unmapped.append(.init(record: "goal \(goal.id!)", field: "Type", detail: "\(try goal.string("Type").prefix(40)): no okr equivalent"))
            }
        }
        for checkIn in export.checkIns { try mapCheckIn(checkIn) }
        for comment in export.comments { try mapComment(comment) }
    }

    // MARK: Cycles, teams, people

    mutating func mapCycle(_ period: VivaRecord) throws(VivaImportError) {
        let name = try period.string("Time Period Name")
        let start = try period.day("Start Date")
        let end = try period.day("End Date")
        guard end >= start else { throw period.error("End Date", "\(end) is before the start \(start)") }
        var id = VivaNames.cycleID(Self.line(name, max: 256))
        if cycles.values.contains(where: { $0.id == id }) { id = String("\(id)-\(period.id!)".prefix(64)) }
        let cycle = CycleDefined(id: id, name: Self.line(name, max: 256), start: start, end: end)
        cycles[period.id!] = cycle
        if let word = try period.word("Time Period Name") { cyclesByName[word] = cycle }
        add(.cycleDefined(cycle), at: start.start, key: "cycle:\(period.id!)")
    }

    /// A user of the Users file: a person, when their email gives a person id (else listed).
    mutating func mapUser(_ user: VivaRecord) throws(VivaImportError) {
        let label = "user \(user.id!)"
        let teamNames = optional(label, []) { (mapper) throws(VivaImportError) in
            try user.objects("Teams").compactMap { $0.id.flatMap { mapper.teams[$0] } }
        }
        let name = optional(label, nil) { (_) throws(VivaImportError) in try user.optionalString("Name") }
        optional(label, ()) { (mapper) throws(VivaImportError) in
            try mapper.recordPerson(email: try user.string("Email"), name: name, teams: teamNames, record: user, key: "user:\(user.id!)")
        }
    }

    /// The person id for a Viva person object (`Owner`, `Check In Owner`, `Created By`),
    /// recording the person first when the Users file did not. A person is something the
    /// mapping can do without: one that cannot be read is listed, and the goal has no owner.
    mutating func person(_ object: VivaRecord?, of record: String) -> String? {
        guard let object else { return nil }
        return optional(record, nil) { (mapper) throws(VivaImportError) -> String? in
            guard let email = try object.optionalString("Email"), !email.isEmpty else { return nil }
            if let known = mapper.people[email.lowercased()] { return known }
            try mapper.recordPerson(email: email, name: try object.optionalString("Name"), teams: [], record: object,
                                    key: "user:\(object.id ?? email.lowercased())")
            return mapper.people[email.lowercased()]
        }
    }

    /// The first object of a person field (`Owner`), read leniently.
    mutating func firstPerson(_ field: String, of goal: VivaRecord) -> String? {
        let label = "goal \(goal.id!)"
        let object = optional(label, nil) { (_) throws(VivaImportError) in try goal.objects(field).first }
        return person(object, of: label)
    }

    mutating func recordPerson(email: String, name: String?, teams: [String], record: VivaRecord, key: String) throws(VivaImportError) {
        let lower = email.lowercased()
        guard people[lower] == nil else { return }
        guard let id = users[lower] ?? VivaNames.personID(email: email) else {
            throw record.error("Email", "\(email.prefix(80)) gives no person id: map it with --users")
        }
        let validEmail = Identifiers.isValidEmail(email) ? email : nil
        if validEmail == nil { plan.unmapped.append(.init(record: "user \(record.id ?? id)", field: "Email", detail: "\(email.prefix(80)) is not an address okr can mail")) }
        people[lower] = id
        personTeams[id] = teams
        let person = PersonRecorded(id: id, name: name.map { Self.line($0, max: 256) }, email: validEmail, teams: teams)
        add(.personRecorded(person), at: origin, key: key)
    }

    // MARK: Goals

    func cycle(of goal: VivaRecord) throws(VivaImportError) -> CycleDefined {
        // An object `{ID, Name}` in Viva's exports; the period's name alone in some.
        if let name = goal.fields["Time Period"] as? String {
            guard let cycle = cyclesByName[VivaRecord.word(name)] else {
                throw goal.error("Time Period", "names time period \(name.prefix(40)), which the export does not have")
            }
            return cycle
        }
        let period = try goal.object("Time Period")
        guard let id = period.id, let cycle = cycles[id] else {
            throw goal.error("Time Period", "names time period \(period.id ?? "?") which the export does not have")
        }
        return cycle
    }

    /// The goal's first team; a goal of no team (a personal one) takes its owner's first team,
    /// else `unassigned`, and says so in the plan.
    mutating func team(of goal: VivaRecord) throws(VivaImportError) -> String {
        let label = "goal \(goal.id!)"
        guard let first = optional(label, nil, { (_) throws(VivaImportError) in try goal.objects("Teams").first }) else {
            var ownersTeam: String?
            if let email = try? goal.objects("Owner").first?.optionalString("Email"), let owner = people[email.lowercased()] {
                ownersTeam = personTeams[owner]?.first
            }
            let team = ownersTeam ?? "unassigned"
            if unassigned.insert(goal.id!).inserted {
                plan.unmapped.append(.init(record: "goal \(goal.id!)", field: "Teams",
                                           detail: "none: taken as team \(team)" + (ownersTeam == nil ? "" : ", its owner's")))
            }
            return team
        }
        if let id = first.id, let team = teams[id] { return team }
        return VivaNames.team(optional(label, "") { (_) throws(VivaImportError) in try first.string("Name") }, id: first.id ?? "0")
    }

    mutating func mapObjective(_ goal: VivaRecord) throws(VivaImportError) {
        let id = goal.id!
        let cycle = try cycle(of: goal)
        // okr plans key results, not objectives: a Big rock's own phased targets are listed.
        switch VivaPhasedTargets.read(goal) {
        case .none: break
        case .targets, .unreadable:
            plan.unmapped.append(.init(record: "goal \(id)", field: "Phased Targets", detail: "a Big rock's own phased targets are not kept"))
        }
        let label = "goal \(id)"
        var parents: [ObjectiveParent] = []
        for link in optional(label, [], { (_) throws(VivaImportError) in try goal.objects("Alignment") }) {
            guard let parent = link.id else { continue }
            guard let parentObjective = objectiveIDs[parent] else {
                plan.unmapped.append(.init(record: label, field: "Alignment", detail: "aligned to \(parent), which is not a Big rock"))
                continue
            }
            let weight = optional(label, nil) { (_) throws(VivaImportError) in try link.optionalText("Weight") }
            parents.append(ObjectiveParent(id: parentObjective, weight: VivaNames.weight(weight) ?? 1))
        }
        let fromChildren = optional(label, nil) { (_) throws(VivaImportError) in try goal.optionalObject("Progress and Status Configuration") }
            .flatMap { try? $0.word("Progress") } == "update from children"
        let kindText = optional(label, nil) { (_) throws(VivaImportError) in try goal.word("Goal Type") }
        if let kindText, !["committed", "aspirational"].contains(kindText) {
            plan.unmapped.append(.init(record: label, field: "Goal Type",
                                       detail: "\(((try? goal.string("Goal Type")) ?? "").prefix(40)): taken as aspirational"))
        }
        let details = details(of: goal)
        let objective = ObjectiveCreated(
            id: objectiveIDs[id]!, cycle: cycle.id, team: try team(of: goal), title: Self.line(try goal.string("Title"), max: 256),
            kind: kindText == "committed" ? .committed : .aspirational, parents: parents,
            owner: firstPerson("Owner", of: goal),
            progress: fromChildren ? (objectivesWithKeyResults.contains(id) ? .both : .children) : .krs, details: details)
        objectiveTeams[objective.id] = objective.team
        add(.objectiveCreated(objective), at: createdAt(goal) ?? cycle.start.start, key: "goal:\(id)")
    }

    /// When the goal was created in Viva, if its `Created At` can be read (else listed).
    mutating func createdAt(_ goal: VivaRecord) -> Instant? {
        optional("goal \(goal.id!)", nil) { (_) throws(VivaImportError) in try goal.optionalInstant("Created At") }
    }

    /// The first parent of `goal` that is a Big rock, by `Parent IDs` (else `Alignment`) order.
    func firstBigRock(of goal: VivaRecord) throws(VivaImportError) -> String? {
        var parents = try goal.ids("Parent IDs")
        if parents.isEmpty { parents = try goal.objects("Alignment").compactMap(\.id) }
        return parents.first { objectiveIDs[$0] != nil }
    }

    mutating func mapKeyResult(_ goal: VivaRecord) throws(VivaImportError) {
        let id = goal.id!
        let cycle = try cycle(of: goal)
        let team = try team(of: goal)
        let created = createdAt(goal) ?? cycle.start.start
        let objective: String
        var weight = 1.0
        if let parent = try firstBigRock(of: goal) {
            objective = objectiveIDs[parent]!
            let link = (try? goal.objects("Alignment"))?.first { $0.id == parent }
            weight = VivaNames.weight(optional("goal \(id)", nil) { (_) throws(VivaImportError) in try link?.optionalText("Weight") }) ?? 1
            let others = try goal.ids("Parent IDs").filter { $0 != parent }
            for other in others {
                plan.unmapped.append(.init(record: "goal \(id)", field: "Parent IDs", detail: "also aligned to \(other): a key result has one objective"))
            }
        } else {
            objective = try looseObjective(cycle: cycle, team: team, at: created)
        }
        let (kind, baseline, target, unit) = try measure(of: goal)
        let owner = firstPerson("Owner", of: goal)
        let keyResult = KeyResultCreated(
            id: "viva-\(id)", objective: objective, title: Self.line(try goal.string("Title"), max: 256), metric: "viva.\(id)", kind: kind,
            baseline: baseline, target: target, unit: unit, weight: weight, owner: owner, team: team == objectiveTeams[objective] ? nil : team,
            details: details(of: goal))
        keyResults[id] = keyResult
        add(.keyResultCreated(keyResult), at: created, key: "goal:\(id)")
        try mapPlan(goal, keyResult: keyResult, cycle: cycle, at: created)
    }

    /// What a Kpi or Project measures, by its Type and Outcome (SPEC §11): its kind, baseline,
    /// target and unit (a Project a milestone; a Percentage 0 → 100 %).
    mutating func measure(of goal: VivaRecord) throws(VivaImportError) -> (KeyResultKind, Double?, Double, String?) {
        let id = goal.id!
        var kind = KeyResultKind.progress
        var baseline: Double? = 0
        var target = 100.0
        var unit: String? = "%"
        if try goal.word("Type") == "project" {
            kind = .milestone
            target = 1
            unit = nil
            projects.insert(id)
        } else {
            let outcome = try goal.object("Outcome")
            switch try outcome.word("Outcome Type") {
            case "metric":
                target = try outcome.number("Target")
                unit = optional("goal \(id)", nil) { (_) throws(VivaImportError) in try outcome.optionalString("Metric Unit") }
                    .flatMap { $0 == "Number" || $0.isEmpty ? nil : Self.line($0, max: 32) }
                switch try outcome.word("Target Type") {
                case "stay above": kind = .atLeast; baseline = nil
                case "stay below": kind = .atMost; baseline = nil
                case "increase from", "increase to", "reach", "decrease from", "decrease to", "achieve":
                    baseline = try outcome.number("Start")
                    guard baseline != target else { throw outcome.error("Target", "equals Start (\(target)): nothing to move") }
                case nil:
                    throw outcome.error("Target Type", "missing")
                default:
                    throw outcome.error("Target Type", "\(try outcome.string("Target Type").prefix(40)) is not one the import knows")
                }
            case "percentage":
                break
            case nil:
                throw outcome.error("Outcome Type", "missing")
            default:
                throw outcome.error("Outcome Type", "\(try outcome.string("Outcome Type").prefix(40)) is not Metric or Percentage")
            }
        }
        return (kind, baseline, target, unit)
    }

    /// The generated objective a Kpi without a Big rock parent goes under: one per cycle and team.
    mutating func looseObjective(cycle: CycleDefined, team: String, at created: Instant) throws(VivaImportError) -> String {
        let id = String("viva-loose-\(cycle.id)-\(team)".prefix(64))
        if objectiveTeams[id] == nil {
            let objective = ObjectiveCreated(id: id, cycle: cycle.id, team: team, title: "Key results without an objective", parents: [])
            objectiveTeams[id] = team
            add(.objectiveCreated(objective), at: created, key: "loose:\(cycle.id):\(team)")
        }
        return id
    }

    mutating func mapPlan(_ goal: VivaRecord, keyResult: KeyResultCreated, cycle: CycleDefined, at created: Instant) throws(VivaImportError) {
        let targets: [VivaRecord]
        switch VivaPhasedTargets.read(goal) {
        case .none: return
        case .unreadable(let detail):
            plan.unmapped.append(.init(record: "goal \(goal.id!)", field: "Phased Targets", detail: detail))
            return
        case .targets(let read): targets = read
        }
        guard keyResult.kind == .progress else {
            plan.unmapped.append(.init(record: "goal \(goal.id!)", field: "Phased Targets", detail: "only a progress key result follows a plan"))
            return
        }
        var checkpoints: [PlanCheckpoint] = []
        for target in targets {
            // A plan is not something the mapping needs: a checkpoint it cannot read is listed, not refused.
            guard let day = try? target.day("Target Date"), let value = try? target.number("Target Value") else {
                plan.unmapped.append(.init(record: "goal \(goal.id!)", field: "Phased Targets",
                                           detail: "a target without a readable Target Date and Target Value"))
                continue
            }
            // Viva starts a plan with the baseline on the cycle's first day: okr's plan does too.
            if day == cycle.start, value == keyResult.baseline { continue }
            guard day > cycle.start, day <= cycle.end else {
                plan.unmapped.append(.init(record: "goal \(goal.id!)", field: "Phased Targets",
                                           detail: "\(day) = \(value.plainText) is not inside the cycle after its first day (the plan starts from the baseline there)"))
                continue
            }
            guard !checkpoints.contains(where: { $0.day == day }) else { continue }
            checkpoints.append(PlanCheckpoint(day: day, value: value))
        }
        guard !checkpoints.isEmpty else { return }
        add(.keyResultPlanned(KeyResultPlanned(id: keyResult.id, checkpoints: checkpoints.sorted { $0.day < $1.day })), at: created,
            key: "plan:\(goal.id!)")
    }

    /// What a goal holds beyond okr's own fields: its description, tags, delegate and check-in
    /// owners (people recorded as they are met).
    mutating func details(of goal: VivaRecord) -> GoalDetails? {
        let label = "goal \(goal.id!)"
        let description = optional(label, nil) { (_) throws(VivaImportError) in try goal.optionalString("Description") }
            .map { Self.lines($0) }.flatMap { $0.isEmpty ? nil : String($0.prefix(4000)) }
        var tags: [String] = []
        if let list = goal.fields["Tags"] as? [Any] {
            for tag in list {
                let name: String? = switch tag {
                case let text as String: text
                case let number as NSNumber: tagNames[number.stringValue]
                case let object as [String: Any]:
                    (object["Name"] as? String) ?? (object["Tag Name"] as? String) ?? (object["ID"] as? NSNumber).flatMap { tagNames[$0.stringValue] }
                default: nil
                }
                guard let name else {
                    plan.unmapped.append(.init(record: "goal \(goal.id!)", field: "Tags", detail: "a tag the export does not name"))
                    continue
                }
                let line = Self.line(name, max: 64)
                if !line.isEmpty, !tags.contains(line) { tags.append(line) }
            }
        }
        let delegate = person(optional(label, nil) { (_) throws(VivaImportError) in try goal.optionalObject("Delegated To") }, of: label)
        var checkInOwners: [String] = []
        for owner in optional(label, [], { (_) throws(VivaImportError) in try goal.objects("Check-in Owners") }) {
            if let id = person(owner, of: label), !checkInOwners.contains(id) { checkInOwners.append(id) }
        }
        let details = GoalDetails(description: description, tags: tags, delegate: delegate, checkInOwners: checkInOwners)
        return details.isEmpty ? nil : details
    }

    // MARK: Check-ins and comments

    mutating func mapCheckIn(_ checkIn: VivaRecord) throws(VivaImportError) {
        let id = checkIn.id!
        let goalID = try checkIn.number("OKR ID").plainText
        guard goalIDs.contains(goalID) else { throw checkIn.error("OKR ID", "names goal \(goalID), which the export does not have") }
        // A check-in without a value (a status or a note alone) has no observation; a value that
        // is not a number refuses the export.
        let value = try checkIn.optionalNumber("Current Value")
        // The CheckIn Date is when the value held; the Activity Date only when it was entered.
        let at: Instant
        if let date = try checkIn.optionalInstant("CheckIn Date") { at = date } else { at = try checkIn.instant("Activity Date") }
        // A check-in on a Big rock becomes a check-in on its objective (SPEC §15); its value is
        // not kept, since an objective's score comes from its key results and children.
        let objective = keyResults[goalID] == nil ? objectiveIDs[goalID] : nil
        guard keyResults[goalID] != nil || objective != nil else {
            plan.unmapped.append(.init(record: "check-in \(id)", field: "OKR ID", detail: "on goal \(goalID), neither a key result nor a Big rock"))
            return
        }
        if let value, let keyResult = keyResults[goalID] {
            add(.metricObserved(MetricObserved(metric: keyResult.metric, value: projects.contains(goalID) ? value / 100 : value, source: "viva")),
                at: at, key: "observation:\(id)")
        } else if value != nil {
            plan.unmapped.append(.init(record: "check-in \(id)", field: "Current Value",
                                       detail: "on Big rock \(goalID): an objective's score comes from its key results, so its value is left out"))
        }
        // The note is an object of text and HTML in Viva's exports; plain text in some.
        let label = "check-in \(id)"
        let noteObject = checkIn.fields["Check In Note"] is String
            ? nil : optional(label, nil) { (_) throws(VivaImportError) in try checkIn.optionalObject("Check In Note") }
        var note = optional(label, nil) { (_) throws(VivaImportError) in try (noteObject ?? checkIn).optionalString("Check In Note") }
            .map { Self.lines($0) } ?? ""
        if note.isEmpty, let html = optional(label, nil, { (_) throws(VivaImportError) in try noteObject?.optionalString("Check In Note HTML") }) {
            note = Self.lines(VivaNames.plainText(html: html))
        }
        var status: CheckInStatus?
        switch optional(label, nil, { (_) throws(VivaImportError) in try checkIn.word("Status") }) {
        case "on track": status = .onTrack
        case "at risk": status = .atRisk
        case "behind": status = .offTrack
        case nil: break
        case _?:
            let other = Self.line((try? checkIn.string("Status")) ?? "", max: 64)
            note = "Status in Viva: \(other)." + (note.isEmpty ? "" : "\n" + note)
        }
        guard status != nil || !note.isEmpty else { return }
        let author = person(optional(label, nil) { (_) throws(VivaImportError) in try checkIn.optionalObject("Check In Owner") }, of: label)
        let text = note.isEmpty ? nil : String(note.prefix(4000))
        let recorded = if let objective {
            CheckInRecorded(objective: objective, confidence: nil, note: text, author: author, status: status)
        } else {
            CheckInRecorded(kr: keyResults[goalID]!.id, confidence: nil, note: text, author: author, status: status)
        }
        add(.checkInRecorded(recorded), at: at, key: "checkin:\(id)")
    }

    mutating func mapComment(_ comment: VivaRecord) throws(VivaImportError) {
        let id = comment.id!
        let goalID = try comment.number("OKR ID").plainText
        guard goalIDs.contains(goalID) else { throw comment.error("OKR ID", "names goal \(goalID), which the export does not have") }
        let objective = keyResults[goalID] == nil ? objectiveIDs[goalID] : nil
        guard keyResults[goalID] != nil || objective != nil else {
            plan.unmapped.append(.init(record: "comment \(id)", field: "OKR ID", detail: "on goal \(goalID), neither a key result nor a Big rock"))
            return
        }
        let text = Self.lines(try comment.string("Comment"))
        guard !text.isEmpty else { return }
        let label = "comment \(id)"
        let author = person(optional(label, nil) { (_) throws(VivaImportError) in try comment.optionalObject("Created By") }, of: label)
        let note = String(text.prefix(4000))
        let recorded = if let objective {
            CheckInRecorded(objective: objective, confidence: nil, note: note, author: author)
        } else {
            CheckInRecorded(kr: keyResults[goalID]!.id, confidence: nil, note: note, author: author)
        }
        add(.checkInRecorded(recorded), at: try comment.instant("Created At"), key: "comment:\(id)")
    }

    // MARK: Helpers

    /// A field the mapping can do without, read leniently: when it is unreadable, the record is
    /// imported without it (`fallback`) and the field is listed as unmapped with the record's ID.
    /// Only a field the mapping needs refuses the export (docs/IMPORT.md).
    mutating func optional<T>(_ record: String, _ fallback: T, _ read: (inout Mapper) throws(VivaImportError) -> T) -> T {
        do {
            return try read(&self)
        } catch {
            plan.unmapped.append(.init(record: record, field: error.field ?? "?", detail: "\(error.problem.prefix(120)): left out"))
            return fallback
        }
    }

    mutating func add(_ payload: EventPayload, at instant: Instant, key: String) {
        plan.events.append(ImportPlan.Event(payload: payload, effectiveAt: instant, key: "viva:" + key))
    }

    /// Big rocks ordered so that a parent comes before its children.
    static func parentsFirst(_ goals: [VivaRecord]) -> [VivaRecord] {
        ParentsFirst.order(goals, id: \.id, parents: { ((try? $0.objects("Alignment")) ?? []).compactMap(\.id) })
    }

    /// One line of text okr takes: whitespace runs (line breaks, tabs, no-break spaces) as one
    /// space, characters SPEC §8 refuses dropped, at most `max` bytes.
    static func line(_ text: String, max: Int) -> String {
        var result = ""
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                space = !result.isEmpty
                continue
            }
            guard SafeText.allows(scalar, in: .line) else { continue }
            if space { result.append(" ") }
            space = false
            result.unicodeScalars.append(scalar)
        }
        while result.utf8.count > max { result.removeLast() }
        return result
    }

    /// Several lines of text okr takes: CR LF as LF, refused characters dropped, trimmed.
    static func lines(_ text: String) -> String {
        let normalized = SafeText.normalizingLineEnds(text)
        var result = ""
        for scalar in normalized.unicodeScalars where SafeText.allows(scalar, in: .lines) {
            result.unicodeScalars.append(scalar == "\u{00A0}" ? " " : scalar)
        }
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
