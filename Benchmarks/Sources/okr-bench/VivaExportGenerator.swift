import Foundation

/// A large made-up organisation in Viva Goals' export layout (the JSON files of its ZIP, as in
/// `../shared/fixtures/viva-goals`): three years of annual and quarterly time periods, ten
/// teams, a hundred users, `goals` goals (annual and quarterly Big rocks aligned with weights,
/// Kpis of every Outcome and Target Type, Projects, some parentless, some with phased targets)
/// and `checkIns` check-ins spread over the key results' quarters, with notes in plain text and
/// HTML, emoji and no-break spaces, some dated before their activity date, and comments.
/// Deterministic: the same arguments give the same files.
struct VivaExportGenerator {
    var goals = 2000
    var checkIns = 50_000
    var years = [2023, 2024, 2025]

    /// Writes the export's files into `directory`; answers how many records of each file.
    func write(to directory: String) throws {
        var random = SplitMix(seed: 23)
        let teams = (0..<10).map { ["ID": 800 + $0, "Team Name": "Team \(["Growth", "Platform", "Design", "Data", "Mobile", "Web", "Billing", "Search", "Trust", "Sales"][$0])"] as [String: Any] }
        let users = (0..<100).map { n -> [String: Any] in
            ["ID": 500_000 + n, "Name": "Person \(n) Ünal", "Email": "person.\(n)@example.org",
             "Teams": [["ID": 800 + n % 10, "Name": teams[n % 10]["Team Name"]!]]]
        }
        func person(_ n: Int) -> [String: Any] { ["ID": 500_000 + n, "Name": "Person \(n) Ünal", "Email": "person.\(n)@example.org"] }
        func teamRef(_ n: Int) -> [String: Any] { ["ID": 800 + n, "Name": teams[n]["Team Name"]!] }

        var periods: [[String: Any]] = []
        var quarters: [(id: Int, year: Int, q: Int, start: String, end: String, startDay: Date)] = []
        var annual: [Int: Int] = [:]
        let ends = ["03-31", "06-30", "09-30", "12-31"]
        let starts = ["01-01", "04-01", "07-01", "10-01"]
        for year in years {
            let id = 900 + periods.count
            annual[year] = id
            periods.append(["ID": id, "Time Period Name": "Annual \(year)", "Start Date": "\(year)-01-01", "End Date": "\(year)-12-31"])
            for q in 0..<4 {
                let quarterID = 900 + periods.count
                periods.append(["ID": quarterID, "Time Period Name": "Q\(q + 1) \(year)", "Start Date": "\(year)-\(starts[q])",
                                "End Date": "\(year)-\(ends[q])"])
                quarters.append((quarterID, year, q, "\(year)-\(starts[q])", "\(year)-\(ends[q])", Self.day("\(year)-\(starts[q])")))
            }
        }

        var records: [[String: Any]] = []
        var nextID = 10_000
        func base(_ type: String, title: String, period: Int, periodName: String, owner: Int, team: Int, created: String) -> [String: Any] {
            nextID += 1
            return ["ID": nextID, "Title": title, "Type": type, "Created By": person(0), "Owner": [person(owner)], "Teams": [teamRef(team)],
                    "Time Period": ["ID": period, "Name": periodName], "Alignment": [] as [Any], "Parent IDs": [] as [Any],
                    "Delegated To": NSNull(), "Description": NSNull(), "Tags": NSNull(), "Goal Type": "Aspirational",
                    "Progress and Status Configuration": ["Progress": "Update Manually", "Status": "Update Manually"],
                    "Outcome": ["Outcome Type": "Percentage"], "Phased Targets": ["Interval": NSNull(), "Phased Targets": [] as [Any]],
                    "Check-in Owners": [person(owner)], "Created At": created]
        }
        // Ten annual Big rocks a year and forty quarterly ones a quarter at 2,000 goals (fewer
        // for fewer goals); key results fill the rest.
        let annualPerYear = max(1, goals / 200)
        let quarterlyPerQuarter = max(1, goals / 50)
        var annualRocks: [Int: [Int]] = [:]
        for year in years {
            for n in 0..<annualPerYear {
                var rock = base("Big rock", title: "Annual bet \(n) of \(year) 🚀", period: annual[year]!, periodName: "Annual \(year)",
                                owner: n, team: n % 10, created: "\(year)-01-03")
                rock["Progress and Status Configuration"] = ["Progress": "Update from Children", "Status": "Update based on Progress"]
                records.append(rock)
                annualRocks[year, default: []].append(rock["ID"] as! Int)
            }
        }
        // Quarterly Big rocks, each aligned to one or two annual ones.
        var quarterRocks: [Int: [Int]] = [:]
        for quarter in quarters {
            for n in 0..<quarterlyPerQuarter {
                var rock = base("Big rock", title: "Objective \(n) for Q\(quarter.q + 1)\u{00A0}\(quarter.year)", period: quarter.id,
                                periodName: "Q\(quarter.q + 1) \(quarter.year)", owner: (n * 7) % 100, team: n % 10,
                                created: quarter.start)
                let parents = annualRocks[quarter.year]!
                let first = parents[n % parents.count]
                var alignment: [[String: Any]] = [["ID": first, "Title": "", "Weight": "\(Double(10 + n % 5 * 10))%"]]
                if n % 6 == 0 { alignment.append(["ID": parents[(n + 3) % parents.count], "Title": "", "Weight": "0.0%"]) }
                rock["Alignment"] = alignment
                rock["Parent IDs"] = alignment.map { $0["ID"]! }
                if n % 4 == 0 { rock["Goal Type"] = "Committed"; rock["Description"] = "Why: line one.\r\nLine two with <b>markup</b>." }
                if n % 5 == 0 { rock["Tags"] = ["focus", "q\(quarter.q + 1)"] }
                records.append(rock)
                quarterRocks[quarter.id, default: []].append(rock["ID"] as! Int)
            }
        }
        // Key results fill the rest, spread over the quarters.
        let keyResultCount = max(12, goals - records.count)
        var keyResults: [(id: Int, quarter: Int, project: Bool, start: Double, target: Double)] = []
        for k in 0..<keyResultCount {
            let quarter = quarters[k % quarters.count]
            let rocks = quarterRocks[quarter.id]!
            let isProject = k % 11 == 0
            var goal = base(isProject ? "Project" : "Kpi", title: "Key result \(k): move the needle — “\(k % 7)”", period: quarter.id,
                            periodName: "Q\(quarter.q + 1) \(quarter.year)", owner: (k * 13) % 100, team: (k / 3) % 10,
                            created: quarter.start)
            var start = 0.0
            var target = 100.0
            if !isProject, k % 3 != 0 {
                start = Double(10 + k % 50)
                let kind = ["Increase From", "Decrease From", "Stay Above", "Stay Below", "Reach", "Increase To"][k % 6]
                target = kind.hasPrefix("Decrease") ? start / 2 : start * 2
                goal["Outcome"] = ["Outcome Type": "Metric", "Metric Name": "metric \(k)", "Metric Unit": k % 2 == 0 ? "%" : "Number",
                                   "Start": start, "Target": target, "Target Type": kind]
                if kind == "Increase From", k % 4 == 1 {
                    goal["Phased Targets"] = ["Interval": "monthly", "Phased Targets": [
                        ["Target Value": start, "Target Date": quarter.start],
                        ["Target Value": start * 1.5, "Target Date": Self.string(quarter.startDay.addingTimeInterval(45 * 86_400))]]]
                }
            }
            if k % 37 != 0 {
                let parent = rocks[k % rocks.count]
                goal["Alignment"] = [["ID": parent, "Title": "", "Weight": "\(Double(1 + k % 4) * 25)%"]]
                goal["Parent IDs"] = [parent]
            }
            if k % 9 == 0 { goal["Delegated To"] = person((k + 1) % 100); goal["Check-in Owners"] = [person((k * 13) % 100), person((k + 1) % 100)] }
            records.append(goal)
            keyResults.append((goal["ID"] as! Int, keyResults.count % quarters.count, isProject, start, target))
        }
        // Check-ins: spread evenly over the key results, at random days of their quarter.
        var checkInRecords: [[String: Any]] = []
        checkInRecords.reserveCapacity(checkIns)
        let statuses = ["On Track", "On Track", "At Risk", "Behind", "Not Started", "Closed"]
        for n in 0..<checkIns {
            let kr = keyResults[n % keyResults.count]
            let quarter = quarters[kr.quarter]
            let day = quarter.startDay.addingTimeInterval(Double(random.next() % 89) * 86_400 + Double(random.next() % 86_400))
            let value = kr.project ? Double(random.next() % 101) : kr.start + (kr.target - kr.start) * Double(random.next() % 1000) / 1000
            var record: [String: Any] = ["ID": 3_000_000 + n, "OKR ID": kr.id, "CheckIn Date": Self.time(day),
                                         "Activity Date": Self.string(day.addingTimeInterval(n % 10 == 0 ? 3 * 86_400 : 0)),
                                         "Check In Owner": person(n % 100), "Status": statuses[n % statuses.count], "Current Value": value,
                                         "Metric Name": "metric"]
            switch n % 4 {
            case 0: record["Check In Note"] = ["Check In Note": "week \(n): shipped 🎉 the\u{00A0}thing", "Check In Note HTML": "<div>week \(n)</div>"]
            case 1: record["Check In Note"] = ["Check In Note": "", "Check In Note HTML": "<p>only html &amp; more</p><p>line 2</p>"]
            default: record["Check In Note"] = ["Check In Note": "", "Check In Note HTML": NSNull()]
            }
            checkInRecords.append(record)
        }
        let comments = (0..<2000).map { n -> [String: Any] in
            let kr = keyResults[(n * 7) % keyResults.count]
            let day = quarters[kr.quarter].startDay.addingTimeInterval(Double(n % 80) * 86_400 + 3600)
            return ["ID": 40_000 + n, "OKR ID": kr.id, "Comment": "Comment \(n) — can we split this? 👀", "Created By": person(n % 100),
                    "Created At": Self.time(day)]
        }
        let suffix = "_export_file_70001_500001_Organization_70001_20251231120000.json"
        for (name, contents) in [("TimePeriods", periods), ("Teams", teams), ("Users", users), ("objectives", records),
                                 ("checkins", checkInRecords), ("comments", comments), ("Tags", [])] as [(String, [[String: Any]])] {
            try JSONSerialization.data(withJSONObject: contents).write(to: URL(fileURLWithPath: directory + "/" + name + suffix))
        }
    }

    static func day(_ text: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.split(separator: "-").map { Int($0)! }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
    }

    static func string(_ date: Date) -> String { String(time(date).prefix(10)) }

    static func time(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
