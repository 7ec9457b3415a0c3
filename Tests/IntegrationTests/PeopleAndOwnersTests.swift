import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// People and owners (SPEC §9) through the real daemon: `person set|list`, `--owner` on
/// objectives and key results, `objective update` / `kr update`, and `status` / `tree` for one
/// owner or for the caller (`--mine`).
@Suite(.serialized) struct PeopleAndOwnersTests {
    /// The walk-through and one person, shared by the refusal cases (each appends nothing).
    static let shared = SharedDaemon(Walkthrough.commands + [["person", "set", "maria"]])

    /// The Unix user running the tests: who `--mine` means here.
    static var me: String { String(cString: getpwuid(geteuid())!.pointee.pw_name) }

    static func objectives(_ status: [String: Any]) -> [[String: Any]] {
        ((status["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]]) ?? []
    }

    static func owned(_ result: CommandResult) throws -> [String] {
        try objectives(result.json()).flatMap { objective in
            [objective["id"] as! String] + ((objective["krs"] as? [[String: Any]]) ?? []).map { $0["id"] as! String }
        }
    }

    @Test func peopleOwnWhatTheyAreGivenAndStatusShowsOnePersonsShare() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        try daemon.run([
            ["person", "set", "maria", "--name", "María José Ünal", "--email", "maria@example.com", "--team", "growth"],
            ["person", "set", "sam_o", "--name", "Sam O.", "--team", "activation", "--team", "growth"],
            ["objective", "update", "O-1", "--owner", "maria"],
            ["kr", "update", "KR-2", "--owner", "sam_o", "--team", "activation"],
        ])
        let status = try daemon.okrctl("status", "--json").json()
        let objective = try #require(Self.objectives(status).first)
        #expect(objective["owner"] as? String == "maria")
        let krs = try #require(objective["krs"] as? [[String: Any]])
        #expect(krs.map { $0["owner"] as? String } == ["maria", "sam_o"], "KR-1 is its objective owner's")
        #expect(krs.map { $0["team"] as? String } == ["growth", "activation"])

        #expect(try Self.owned(daemon.okrctl("status", "--owner", "sam_o", "--json")) == ["O-1", "KR-2"])
        #expect(try Self.owned(daemon.okrctl("status", "--owner", "maria", "--json")) == ["O-1", "KR-1", "KR-2"])
        let table = try daemon.okrctl("status", "--owner", "sam_o")
        #expect(table.status == 0 && table.stdout.contains("OWNER") && table.stdout.contains("sam_o") && !table.stdout.contains("KR-1"))

        // `--mine` is the peer: nothing owned is an empty answer, not an error.
        let nothing = try daemon.okrctl("status", "--mine", "--json")
        #expect(nothing.status == 0, "\(nothing)")
        #expect(Self.objectives(try nothing.json()).isEmpty)
        try daemon.run([["person", "set", Self.me], ["kr", "update", "KR-1", "--owner", Self.me]])
        #expect(try Self.owned(daemon.okrctl("status", "--mine", "--json")) == ["O-1", "KR-1"])
        #expect(try daemon.okrctl("tree", "--mine").stdout.contains("@\(Self.me)"))
        #expect(try daemon.okrctl("kr", "show", "KR-1").stdout.contains(Self.me))

        // Giving a key result back to its objective's owner, and history kept: as of before
        // the updates, nobody owned anything.
        #expect(try daemon.okrctl("kr", "update", "KR-1", "--owner", "").status == 0)
        #expect(try Self.owned(daemon.okrctl("status", "--mine", "--json")).isEmpty)
        let before = try daemon.okrctl("status", "--as-of", "2026-02-20", "--json").json()
        #expect(Self.objectives(before).first?["owner"] is NSNull)

        let people = try daemon.okrctl("person", "list", "--json").json()
        let listed = try #require(people["people"] as? [[String: Any]])
        #expect(listed.map { $0["id"] as? String } == ["maria", Self.me, "sam_o"].sorted())
        let maria = try #require(listed.first { $0["id"] as? String == "maria" })
        #expect(maria["name"] as? String == "María José Ünal" && maria["email"] as? String == "maria@example.com")
        #expect(maria["teams"] as? [String] == ["growth"])
        // No cycle runs now, so the counts are the latest cycle's (as `status` shows it): O-1 and
        // KR-1 (given back to O-1's owner) are maria's, KR-2 is sam's.
        #expect(maria["objectives"] as? Int == 1 && maria["keyResults"] as? Int == 1)
        let sam = try #require(listed.first { $0["id"] as? String == "sam_o" })
        #expect(sam["objectives"] as? Int == 0 && sam["keyResults"] as? Int == 1)
        let text = try daemon.okrctl("person", "list")
        #expect(text.stdout.contains("maria@example.com") && text.stdout.contains("activation, growth"))
    }

    @Test func personSetKeepsWhatItIsNotGivenAndAppendsNothingWhenNothingChanges() throws {
        let daemon = try DaemonProcess()
        #expect(try daemon.okrctl("person", "set", "li.wei", "--name", "Li Wei", "--email", "li@example.org", "--team", "platform").status == 0)
        #expect(try daemon.okrctl("person", "set", "li.wei", "--team", "growth").status == 0)
        let seq = try daemon.lastSeq
        let again = try daemon.okrctl("person", "set", "li.wei", "--team", "growth", "--json").json()
        #expect(again["duplicate"] as? Bool == true)
        #expect(try daemon.lastSeq == seq)
        let person = try #require((try daemon.okrctl("person", "list", "--json").json()["people"] as? [[String: Any]])?.first)
        #expect(person["name"] as? String == "Li Wei" && person["email"] as? String == "li@example.org")
        #expect(person["teams"] as? [String] == ["growth"])
        #expect(try daemon.okrctl("person", "set", "li.wei", "--email", "").status == 0)
        let cleared = try #require((try daemon.okrctl("person", "list", "--json").json()["people"] as? [[String: Any]])?.first)
        #expect(cleared["email"] is NSNull)
    }

    @Test(arguments: [
        (["person", "set", "Maria"], "not a person id"),
        (["person", "set", "9lives"], "not a person id"),
        (["person", "set", "maria", "--email", "maria"], "not an address"),
        (["person", "set", "maria", "--email", "maria@example"], "not an address"),
        (["person", "set", "maria", "--email", "a b@example.com"], "not an address"),
        (["person", "set", "maria", "--email", "maria@example.com\nBcc: all@example.com"], "not an address"),
        (["person", "set", "maria", "--team", "Growth"], "team"),
        (["person", "set", "maria", "--name", "Ma\u{1B}[2Jria"], "U+001B"),
        (["objective", "add", "Grow", "--cycle", "2026-Q1", "--team", "growth", "--owner", "nobody"], "person 'nobody'"),
        (["objective", "add", "Grow", "--cycle", "2026-Q1", "--team", "growth", "--owner", "No Body"], "not a person id"),
        (["kr", "update", "KR-1", "--owner", "nobody"], "person 'nobody'"),
        (["kr", "update", "KR-9", "--owner", "maria"], "KR-9"),
        (["objective", "update", "KR-1", "--title", "x"], "is a key result"),
        (["status", "--owner", "nobody"], "person 'nobody'"),
    ])
    func badPeopleAndOwnersAreRefusedByNameAndAppendNothing(_ arguments: [String], _ message: String) throws {
        let daemon = try Self.shared.get()
        let seq = try daemon.lastSeq
        let result = try daemon.okrctl(arguments: arguments)
        #expect(result.status == 3, "\(arguments): \(result)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(try daemon.lastSeq == seq)
    }

    @Test func usageErrorsAreExitOne() throws {
        let daemon = try Self.shared.get()
        #expect(try daemon.okrctl("status", "--owner", "maria", "--mine").status == 1)
        #expect(try daemon.okrctl("kr", "update", "KR-1").status == 1)
        #expect(try daemon.okrctl("objective", "update", "O-1").status == 1)
    }

    @Test func anApplyDocumentRecordsPeopleAndOwners() throws {
        let daemon = try DaemonProcess()
        let document = """
            [[person]]
            id = "maria"
            name = "María"
            email = "maria@example.com"
            teams = ["growth"]

            [[cycle]]
            id = "2026-Q1"
            start = 2026-01-01
            end = 2026-03-31

            [[objective]]
            id = "ease"
            cycle = "2026-Q1"
            team = "growth"
            title = "Make onboarding easy"
            owner = "maria"

              [[objective.kr]]
              id = "completion"
              title = "Onboarding completion from 60% to 85%"
              metric = "onboarding.completion"
              baseline = 60
              target = 85
              team = "activation"
            """
        let applied = try daemon.okrctl("apply", "-f", "-", "--json", input: document)
        #expect(applied.status == 0, "\(applied)")
        let status = try daemon.okrctl("status", "--cycle", "2026-Q1", "--json").json()
        let kr = try #require((Self.objectives(status).first?["krs"] as? [[String: Any]])?.first)
        #expect(kr["owner"] as? String == "maria" && kr["team"] as? String == "activation")
        #expect(try daemon.okrctl("apply", "-f", "-", input: document).stdout.contains("up to date"))

        // Naming someone nobody recorded is refused, naming them; the file's owner change is an update.
        let unknown = document.replacingOccurrences(of: "owner = \"maria\"", with: "owner = \"sam\"")
        let refused = try daemon.okrctl("apply", "-f", "-", input: unknown)
        #expect(refused.status == 3 && refused.stderr.contains("sam"), "\(refused)")
        let moved = document.replacingOccurrences(of: "teams = [\"growth\"]", with: "teams = [\"growth\"]\n\n[[person]]\nid = \"sam\"")
            .replacingOccurrences(of: "owner = \"maria\"", with: "owner = \"sam\"")
        let plan = try #require(try daemon.okrctl("apply", "-f", "-", "--json", input: moved).json()["plan"] as? [[String: Any]])
        #expect(plan.map { "\($0["action"]!) \($0["id"]!)" } == ["create sam", "update ease"])
    }
}

/// `okrctl due` through the real daemon: the exit status a cron line relies on, and its JSON.
@Suite struct DueCommandTests {
    @Test func dueExitsFourWhenSomethingIsDueAndZeroWhenNothingIs() throws {
        let daemon = try PeopleAndOwnersTests.shared.get()
        // The walk-through: ttfv.hours was last observed on 10 February, so its feed is quiet from
        // the 17th; the check-ins of the 13th are fresh through the 19th (due from the 20th).
        let quiet = try daemon.okrctl("due", "--as-of", "2026-02-19", "--json")
        #expect(quiet.status == 4, "\(quiet)")
        let report = try quiet.json()
        #expect(report["asOf"] as? String == "2026-02-19T00:00:00Z")
        let items = try #require(report["items"] as? [[String: Any]])
        #expect(items.count == 1)
        let item = try #require(items.first)
        #expect(Set(item.keys) == ["owner", "subject", "kind", "since", "message"])
        #expect(item["owner"] is NSNull && item["subject"] as? String == "KR-2" && item["kind"] as? String == "feed")
        #expect(item["since"] as? String == "2026-02-17T00:00:00Z")
        let text = try daemon.okrctl("due", "--as-of", "2026-02-19")
        #expect(text.status == 4 && text.stdout.contains("ttfv.hours") && text.stderr.contains("1 thing is due"))
        let week = try #require(try daemon.okrctl("due", "--as-of", "2026-02-20", "--json").json()["items"] as? [[String: Any]])
        #expect(week.filter { $0["kind"] as? String == "checkin" }.map { $0["since"] as? String } == ["2026-02-20T00:00:00Z", "2026-02-20T00:00:00Z"],
                "a check-in on the 13th is due from the first instant of the 20th (SPEC §15)")

        let calm = try daemon.okrctl("due", "--as-of", "2026-02-16")
        #expect(calm.status == 0, "\(calm)")
        #expect(calm.stdout.contains("nothing due"))
        // Someone who owns nothing has nothing due.
        #expect(try daemon.okrctl("due", "--as-of", "2026-02-20", "--mine").status == 0)
        let negative = try daemon.okrctl("due", "--within=-1")
        #expect(negative.status == 3 && negative.stderr.contains("within"), "\(negative)")
    }
}

/// `okrctl kr move` through the real daemon.
@Suite struct KeyResultMoveCommandTests {
    @Test func aMovedKeyResultCountsTowardItsNewObjectiveFromTheMoveOn() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        try daemon.run([
            ["objective", "add", "Cut time to value", "--cycle", "2026-Q1", "--team", "activation", "--id", "O-2"],
            ["cycle", "add", "2026-Q2", "--start", "2026-04-01", "--end", "2026-06-30"],
            ["objective", "add", "Later", "--cycle", "2026-Q2", "--team", "growth", "--id", "O-9"],
        ])
        #expect(try daemon.okrctl("kr", "move", "KR-2", "--objective", "O-2", "--reason", "activation owns onboarding speed",
                                  "--at", "2026-02-10").status == 0)
        func krs(asOf: String) throws -> [String: [String]] {
            let status = try daemon.okrctl("status", "--cycle", "2026-Q1", "--as-of", asOf, "--json").json()
            let objectives = (status["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]] ?? []
            return Dictionary(uniqueKeysWithValues: objectives.map {
                ($0["id"] as! String, (($0["krs"] as? [[String: Any]]) ?? []).map { $0["id"] as! String })
            })
        }
        #expect(try krs(asOf: "2026-02-05") == ["O-1": ["KR-1", "KR-2"], "O-2": []])
        #expect(try krs(asOf: "2026-02-15") == ["O-1": ["KR-1"], "O-2": ["KR-2"]])
        let log = try daemon.okrctl("log", "--json", "--type", "KeyResultMoved")
        #expect(log.stdout.contains("activation owns onboarding speed"))

        let seq = try daemon.lastSeq
        for (arguments, message) in [
            (["kr", "move", "KR-2", "--objective", "O-2", "--reason", "again"], "already counts toward"),
            (["kr", "move", "KR-2", "--objective", "O-9", "--reason", "next quarter"], "moves within its cycle"),
            (["kr", "move", "KR-2", "--objective", "O-404", "--reason", "x"], "objective 'O-404'"),
            (["kr", "move", "KR-1", "--objective", "KR-2", "--reason", "x"], "is a key result"),
            (["kr", "move", "KR-1", "--objective", "O-2", "--reason", " "], "reason must not be empty"),
        ] {
            let result = try daemon.okrctl(arguments: arguments)
            #expect(result.status == 3 && result.stderr.contains(message), "\(arguments): \(result)")
        }
        #expect(try daemon.lastSeq == seq, "refusals appended nothing")
    }
}
