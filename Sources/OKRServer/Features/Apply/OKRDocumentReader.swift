import OKREvents
import OKRProjections
import OKRWire

/// Reads an OKR file (TOML; docs/OKRS-AS-CODE.md) into an ``OKRDocument``, checking every
/// field as the commands do. Errors name the path, e.g. `objective[2].kr[1].target`.
enum OKRDocumentReader {
    static func read(_ text: String) throws(DomainError) -> OKRDocument {
        let table: TOMLTable
        do {
            table = try TOMLParser.parse(text)
        } catch {
            throw .validation(error.description, field: "document")
        }
        var document = OKRDocument()
        let root = Fields(table, path: "")
        for (index, person) in try root.tables("person").enumerated() {
            document.people.append(try readPerson(Fields(person, path: "person[\(index + 1)]")))
        }
        for (index, cycle) in try root.tables("cycle").enumerated() {
            document.cycles.append(try readCycle(Fields(cycle, path: "cycle[\(index + 1)]")))
        }
        for (index, star) in try root.tables("northstar").enumerated() {
            let fields = Fields(star, path: "northstar[\(index + 1)]")
            let definition = NorthStarDefined(id: try fields.id("id"), name: try fields.text("name", max: Checks.maxTitleLength),
                                              metric: try fields.metric("metric"), description: try fields.optionalText("description", shape: .lines))
            document.northStars.append(.init(definition, at: try fields.time("at")))
            try fields.finish()
        }
        for (index, strategy) in try root.tables("strategy").enumerated() {
            let fields = Fields(strategy, path: "strategy[\(index + 1)]")
            let definition = StrategyChoiceRecorded(id: try fields.id("id"), statement: try fields.text("statement"),
                                                    northStar: try fields.id("northstar"))
            document.strategies.append(.init(definition, at: try fields.time("at")))
            try fields.finish()
        }
        for (index, objective) in try root.tables("objective").enumerated() {
            document.objectives.append(try readObjective(Fields(objective, path: "objective[\(index + 1)]")))
        }
        for (index, kpi) in try root.tables("kpi").enumerated() {
            document.kpis.append(try readKPI(Fields(kpi, path: "kpi[\(index + 1)]")))
        }
        for (index, initiative) in try root.tables("initiative").enumerated() {
            document.initiatives.append(try readInitiative(Fields(initiative, path: "initiative[\(index + 1)]")))
        }
        for (index, retro) in try root.tables("retro").enumerated() {
            document.retros.append(try readRetro(Fields(retro, path: "retro[\(index + 1)]")))
        }
        if let organisation = try root.table("organisation") { document.organisation = try readOrganisation(organisation) }
        try root.finish()
        return document
    }

    /// `[organisation]`: `time_zone`?, `week_starts`?, `fiscal_year_starts`? (1–12).
    private static func readOrganisation(_ fields: Fields) throws(DomainError) -> OKRDocument.Organisation {
        let start = try fields.number("fiscal_year_starts")
        if let start, start.rounded() != start || !(1...12).contains(start) {
            throw .validation("organisation.fiscal_year_starts must be a month from 1 to 12, not \(start.plainText)",
                              field: "organisation.fiscal_year_starts")
        }
        let organisation = OKRDocument.Organisation(timeZone: try fields.optionalText("time_zone", max: 64),
                                                    weekStarts: try fields.enumeration("week_starts", Weekday.self),
                                                    fiscalYearStarts: start.map { Int($0) })
        try fields.finish()
        return organisation
    }

    /// An `[[initiative]]`: `id`, `title`, `kr`, `owner`?, `link`?, `state`? (open, done, dropped), `at`?.
    private static func readInitiative(_ fields: Fields) throws(DomainError) -> OKRDocument.Initiative {
        let link = try fields.optionalString("link")
        if let link {
            do {
                try InitiativesFeature.checkLink(link)
            } catch {
                throw error.reworded { "\(fields.path).\($0)" }
            }
        }
        let definition = InitiativeAdded(id: try fields.id("id"), title: try fields.text("title", max: Checks.maxTitleLength),
                                         kr: try fields.id("kr"), owner: try fields.optionalPersonID("owner"), link: link)
        let state = try fields.optionalString("state") ?? "open"
        let outcome: InitiativeOutcome?
        switch state {
        case "open": outcome = nil
        case "done": outcome = .done
        case "dropped": outcome = .dropped
        default:
            throw .validation("\(fields.path).state must be one of open, done, dropped, not '\(SafeText.visible(state))'", field: fields.path + ".state")
        }
        let initiative = OKRDocument.Initiative(definition, outcome: outcome, at: try fields.time("at"))
        try fields.finish()
        return initiative
    }

    /// A `[[retro]]`: `objective`, `rating` (1–5), `outcome`, `learned`?, `next`?, `review`?, `at`?.
    private static func readRetro(_ fields: Fields) throws(DomainError) -> OKRDocument.Dated<RetrospectiveRecorded> {
        guard let rating = try fields.number("rating") else { throw .validation("\(fields.path).rating is required", field: fields.path + ".rating") }
        guard rating.rounded() == rating, (1...5).contains(rating) else {
            throw .validation("\(fields.path).rating must be a whole number from 1 to 5, not \(rating.plainText)", field: fields.path + ".rating")
        }
        guard let outcome = try fields.enumeration("outcome", RetrospectiveOutcome.self) else {
            throw .validation("\(fields.path).outcome is required", field: fields.path + ".outcome")
        }
        let definition = RetrospectiveRecorded(objective: try fields.id("objective"), rating: Int(rating), outcome: outcome,
                                               learned: try fields.optionalText("learned", shape: .lines),
                                               next: try fields.optionalText("next", shape: .lines), review: try fields.optionalID("review"))
        let retro = OKRDocument.Dated(definition, at: try fields.time("at"))
        try fields.finish()
        return retro
    }

    /// A `[[kpi]]` table: `id`, `metric`, `name`, `team`?, `owner`?, `min`? and `max`? (one at
    /// least), `window`? (days, 1), `at`?.
    private static func readKPI(_ fields: Fields) throws(DomainError) -> OKRDocument.Dated<KPIDefined> {
        let (min, max) = (try fields.number("min"), try fields.number("max"))
        guard min != nil || max != nil else {
            throw .validation("\(fields.path) needs a band: min, max or both", field: fields.path + ".min")
        }
        if let min, let max, min > max {
            throw .validation("\(fields.path).min \(min.plainText) is above max \(max.plainText)", field: fields.path + ".min")
        }
        let window = try fields.number("window") ?? 1
        guard window.rounded() == window, window >= 1, window <= Double(KPIsFeature.maxWindow) else {
            throw .validation("\(fields.path).window must be a whole number of days from 1 to \(KPIsFeature.maxWindow), not \(window.plainText)",
                              field: fields.path + ".window")
        }
        let definition = KPIDefined(id: try fields.id("id"), metric: try fields.metric("metric"),
                                    name: try fields.text("name", max: Checks.maxTitleLength), team: try fields.optionalTeam("team"),
                                    owner: try fields.optionalPersonID("owner"), min: min, max: max, window: Int(window))
        let kpi = OKRDocument.Dated(definition, at: try fields.time("at"))
        try fields.finish()
        return kpi
    }

    /// A `[[person]]` table.
    private static func readPerson(_ fields: Fields) throws(DomainError) -> OKRDocument.Dated<PersonRecorded> {
        let email = try fields.optionalString("email")
        if let email, !Identifiers.isValidEmail(email) {
            throw .validation("\(fields.path).email '\(email.prefix(80))' is not an address: use name@example.org", field: fields.path + ".email")
        }
        var teams: [String] = []
        for team in try fields.strings("teams") where !teams.contains(team) {
            guard Identifiers.isValidTeam(team) else {
                throw .validation("\(fields.path).teams: '\(team.prefix(80))' is not a valid team: use 1 to 64 of a-z 0-9 _ -", field: fields.path + ".teams")
            }
            teams.append(team)
        }
        let definition = PersonRecorded(id: try fields.personID("id"), name: try fields.optionalText("name", max: Rules.maxNameLength),
                                        email: email, teams: teams, reviewer: try fields.optionalPersonID("reviewer"))
        let person = OKRDocument.Dated(definition, at: try fields.time("at"))
        try fields.finish()
        return person
    }

    /// A `[[cycle]]` table.
    private static func readCycle(_ fields: Fields) throws(DomainError) -> OKRDocument.Dated<CycleDefined> {
        let id = try fields.id("id")
        let start = try fields.day("start")
        let end = try fields.day("end")
        guard end >= start else { throw .validation("\(fields.path).end \(end) is before start \(start)", field: fields.path + ".end") }
        let name = try fields.optionalText("name", max: Checks.maxTitleLength) ?? id
        let cycle = OKRDocument.Dated(CycleDefined(id: id, name: name, start: start, end: end), at: try fields.time("at"))
        try fields.finish()
        return cycle
    }

    /// An `[[objective]]` table with its `[[objective.kr]]` tables.
    private static func readObjective(_ fields: Fields) throws(DomainError) -> OKRDocument.Objective {
        let id = try fields.id("id")
        let team = try fields.string("team")
        guard Identifiers.isValidTeam(team) else { throw .validation("\(fields.path).team '\(team)' is not valid: use 1 to 64 of a-z 0-9 _ -", field: fields.path + ".team") }
        let kind = try fields.enumeration("kind", ObjectiveKind.self) ?? .aspirational
        let parent = try fields.optionalID("parent").map { [ObjectiveParentParam(id: $0)] } ?? []
        let parents = try Rules.checkParents(parent + (try fields.parents("parents")))
        let definition = ObjectiveCreated(
            id: id, cycle: try fields.id("cycle"), team: team, title: try fields.text("title", max: Checks.maxTitleLength), kind: kind,
            parents: parents, strategy: try fields.optionalID("strategy"), owner: try fields.optionalPersonID("owner"),
            progress: try fields.enumeration("progress", ProgressSource.self) ?? .krs)
        var spec = OKRDocument.Objective(definition, at: try fields.time("at"))
        for (krIndex, keyResult) in try fields.tables("kr").enumerated() {
            spec.keyResults.append(try readKeyResult(Fields(keyResult, path: "\(fields.path).kr[\(krIndex + 1)]"), objective: id))
        }
        try fields.finish()
        return spec
    }

    private static func readKeyResult(_ fields: Fields, objective: String) throws(DomainError) -> OKRDocument.KeyResult {
        let kind = try fields.enumeration("kind", KeyResultKind.self) ?? .progress
        var target = try fields.number("target")
        var baseline = try fields.number("baseline")
        if kind == .milestone {
            guard target == nil || target == 1 else { throw .validation("\(fields.path).target: a milestone's target is 1", field: fields.path + ".target") }
            target = 1
            baseline = 0
        }
        guard let target else { throw .validation("\(fields.path).target is required for a \(kind.rawValue) key result", field: fields.path + ".target") }
        if let baseline, baseline == target, kind != .milestone {
            throw .validation("\(fields.path): target equals baseline (\(target)): nothing to move", field: fields.path + ".target")
        }
        let weight = try fields.number("weight") ?? 1
        guard weight > 0, weight <= 1000 else { throw .validation("\(fields.path).weight must be above 0 and at most 1000", field: fields.path + ".weight") }
        let definition = KeyResultCreated(
            id: try fields.id("id"), objective: objective, title: try fields.text("title", max: Checks.maxTitleLength),
            metric: try fields.metric("metric"), kind: kind, baseline: baseline, target: target,
            unit: try fields.optionalText("unit", max: 32), level: try fields.enumeration("level", KeyResultLevel.self) ?? .outcome,
            indicator: try fields.enumeration("indicator", Indicator.self) ?? .leading, weight: weight,
            owner: try fields.optionalPersonID("owner"), team: try fields.optionalTeam("team"))
        let result = OKRDocument.KeyResult(definition, at: try fields.time("at"), reason: try fields.optionalText("reason", shape: .lines),
                                           plan: try fields.plan("plan"))
        try fields.finish()
        return result
    }

    /// Typed, path-named access to one TOML table; remembers what was read so leftovers are errors.
    final class Fields {
        let table: TOMLTable
        let path: String
        private var seen: Set<String> = []

        init(_ table: TOMLTable, path: String) {
            self.table = table
            self.path = path
        }

        private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        private func value(_ key: String) -> TOMLValue? {
            seen.insert(key)
            return table[key]
        }

        /// A single table (`[key]`), or `nil` when absent.
        func table(_ key: String) throws(DomainError) -> Fields? {
            guard let value = value(key) else { return nil }
            guard let table = value.table else { throw .validation("\(name(key)) must be a table ([\(name(key))])", field: name(key)) }
            return Fields(table, path: name(key))
        }

        func tables(_ key: String) throws(DomainError) -> [TOMLTable] {
            guard let value = value(key) else { return [] }
            guard let array = value.array else { throw .validation("\(name(key)) must be an array of tables ([[\(name(key))]])", field: name(key)) }
            var tables: [TOMLTable] = []
            for element in array {
                guard let table = element.table else { throw .validation("\(name(key)) must be an array of tables", field: name(key)) }
                tables.append(table)
            }
            return tables
        }

        func optionalString(_ key: String) throws(DomainError) -> String? {
            guard let value = value(key) else { return nil }
            guard let string = value.string else { throw .validation("\(name(key)) must be a string", field: name(key)) }
            return string
        }

        func string(_ key: String) throws(DomainError) -> String {
            guard let string = try optionalString(key) else { throw .validation("\(name(key)) is required", field: name(key)) }
            return string
        }

        func text(_ key: String, max: Int = Checks.maxTextLength, shape: SafeText.Shape = .line) throws(DomainError) -> String {
            try Checks.text(try string(key), field: name(key), max: max, shape: shape)
        }

        func optionalText(_ key: String, max: Int = Checks.maxTextLength, shape: SafeText.Shape = .line) throws(DomainError) -> String? {
            try Checks.optionalText(try optionalString(key), field: name(key), max: max, shape: shape)
        }

        func id(_ key: String) throws(DomainError) -> String {
            let id = try string(key)
            try Checks.id(id, field: name(key))
            return id
        }

        func optionalID(_ key: String) throws(DomainError) -> String? {
            guard let id = try optionalString(key) else { return nil }
            try Checks.id(id, field: name(key))
            return id
        }

        func personID(_ key: String) throws(DomainError) -> String {
            let id = try string(key)
            try Checks.personID(id, field: name(key))
            return id
        }

        func optionalPersonID(_ key: String) throws(DomainError) -> String? {
            guard let id = try optionalString(key) else { return nil }
            try Checks.personID(id, field: name(key))
            return id
        }

        func optionalTeam(_ key: String) throws(DomainError) -> String? {
            guard let team = try optionalString(key) else { return nil }
            guard Identifiers.isValidTeam(team) else {
                throw .validation("\(name(key)) '\(team.prefix(80))' is not valid: use 1 to 64 of a-z 0-9 _ -", field: name(key))
            }
            return team
        }

        /// An array of strings; absent reads as empty.
        func strings(_ key: String) throws(DomainError) -> [String] {
            guard let value = value(key) else { return [] }
            guard let array = value.array else { throw .validation("\(name(key)) must be an array of strings", field: name(key)) }
            var strings: [String] = []
            for element in array {
                guard let string = element.string else { throw .validation("\(name(key)) must be an array of strings", field: name(key)) }
                strings.append(string)
            }
            return strings
        }

        /// Parents as `"ID"`, `"ID:WEIGHT"` or `{ id = "ID", weight = W }`; absent reads as none.
        func parents(_ key: String) throws(DomainError) -> [ObjectiveParentParam] {
            guard let value = value(key) else { return [] }
            guard let array = value.array else { throw .validation("\(name(key)) must be an array of parents", field: name(key)) }
            var parents: [ObjectiveParentParam] = []
            for element in array {
                if let text = element.string, let parent = ObjectiveParentParam(argument: text) {
                    parents.append(parent)
                } else if let table = element.table, let id = table["id"]?.string {
                    let weight = table["weight"]
                    guard weight == nil || weight?.number != nil, table.keys.allSatisfy({ ["id", "weight"].contains($0) }) else {
                        throw .validation("\(name(key)): a parent is { id = \"O-1\", weight = 3 }", field: name(key))
                    }
                    parents.append(ObjectiveParentParam(id: id, weight: weight?.number))
                } else {
                    throw .validation("\(name(key)): each parent is \"ID\", \"ID:WEIGHT\" or { id = \"ID\", weight = W }", field: name(key))
                }
            }
            return parents
        }

        /// A plan as `["DATE=VALUE", …]` or `[{ day = DATE, value = N }, …]`, by day; absent reads as none.
        func plan(_ key: String) throws(DomainError) -> [PlanCheckpoint] {
            guard let value = value(key) else { return [] }
            guard let array = value.array else { throw .validation("\(name(key)) must be an array of checkpoints", field: name(key)) }
            var checkpoints: [PlanCheckpoint] = []
            for element in array {
                var day: CalendarDay?
                var number: Double?
                if let text = element.string {
                    let given = PlanCheckpointParam(argument: text)
                    day = CalendarDay(given.day)
                    number = Double(given.value)
                } else if let table = element.table {
                    if let date = table["day"]?.dateTime, date.hasDate, !date.hasTime {
                        day = CalendarDay(year: date.year, month: date.month, day: date.day)
                    } else if let text = table["day"]?.string {
                        day = CalendarDay(text)
                    }
                    number = table["value"]?.number
                }
                guard let day, let number, number.isFinite else {
                    throw .validation("\(name(key)): each checkpoint is \"DATE=VALUE\" or { day = DATE, value = N }", field: name(key))
                }
                guard !checkpoints.contains(where: { $0.day == day }) else {
                    throw .validation("\(name(key)): checkpoint \(day) is given twice", field: name(key))
                }
                checkpoints.append(PlanCheckpoint(day: day, value: number))
            }
            return checkpoints.sorted { $0.day < $1.day }
        }

        func metric(_ key: String) throws(DomainError) -> String {
            let metric = try string(key)
            try Checks.metric(metric, field: name(key))
            return metric
        }

        func number(_ key: String) throws(DomainError) -> Double? {
            guard let value = value(key) else { return nil }
            guard let number = value.number else { throw .validation("\(name(key)) must be a number", field: name(key)) }
            try Checks.finite(number, field: name(key))
            return number
        }

        func enumeration<Value: RawRepresentable & CaseIterable>(_ key: String, _ type: Value.Type) throws(DomainError) -> Value?
            where Value.RawValue == String {
            guard let text = try optionalString(key) else { return nil }
            guard let value = Value(rawValue: text) else {
                throw .validation("\(name(key)) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'", field: name(key))
            }
            return value
        }

        func day(_ key: String) throws(DomainError) -> CalendarDay {
            guard let value = value(key) else { throw .validation("\(name(key)) is required", field: name(key)) }
            if let date = value.dateTime, date.hasDate, !date.hasTime, let day = CalendarDay(year: date.year, month: date.month, day: date.day) {
                return day
            }
            if let text = value.string, let day = CalendarDay(text) { return day }
            throw .validation("\(name(key)) must be a date (2026-01-01)", field: name(key))
        }

        func time(_ key: String) throws(DomainError) -> Instant? {
            guard let value = value(key) else { return nil }
            if let text = value.string, let instant = Instant(rfc3339: text) { return instant }
            if let date = value.dateTime, date.hasDate, let day = CalendarDay(year: date.year, month: date.month, day: date.day) {
                // A local date-time is taken as UTC, as the wire's times are.
                let seconds = Double(date.hour * 3600 + date.minute * 60 + date.second) + Double(date.nanosecond) / 1e9
                    - Double((date.offsetMinutes ?? 0) * 60)
                return day.start.adding(seconds: seconds)
            }
            throw .validation("\(name(key)) must be an RFC 3339 time or a date", field: name(key))
        }

        func finish() throws(DomainError) {
            if let unknown = table.keys.filter({ !seen.contains($0) }).sorted().first {
                throw .validation("unknown key \(name(unknown))", field: name(unknown))
            }
        }
    }
}
