import ArgumentParser
import OKREvents
import OKRWire

/// `okrctl person set|list`: the people who own objectives and key results (SPEC §9).
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: "Record people and list them with what they own.",
                                                    subcommands: [Set.self, List.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Record a person (their Unix user name on the team server is their id).",
            discussion: """
                Options left out keep what was recorded before; an empty --name or --email removes it; \
                --team, given once or more, replaces the list. Someone without an account on the server \
                may be recorded too, and own things. Setting what is already recorded appends nothing.
                """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The person's id: their Unix user name.") var id: String
        @Option(help: "Their name.") var name: String?
        @Option(help: "Their email address (for digests).") var email: String?
        @Option(name: .customLong("team"), help: "A team they work in (repeat for several).") var teams: [String] = []
        @Option(help: "Who reads and acknowledges their check-ins and retrospectives (\"\" for nobody).") var reviewer: String?

        func run() throws {
            let params = PersonSetParams(id: id, name: name, email: email, teams: teams.isEmpty ? nil : teams, reviewer: reviewer)
            try Output.emit(try options.call(Methods.personSet, params), json: options.json) { _ in "" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Everyone recorded, with what they own in the active cycles.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let result = try options.call(Methods.personList)
            try Output.emit(result, json: options.json) { result in
                var table = Table([.init(title: "ID"), .init(title: "NAME"), .init(title: "EMAIL"), .init(title: "TEAMS"),
                                   .init(title: "OBJECTIVES", alignment: .right), .init(title: "KRS", alignment: .right),
                                   .init(title: "REVIEWER")])
                for person in result.people {
                    table.add([person.id, person.name ?? "—", person.email ?? "—", person.teams.joined(separator: ", "),
                               String(person.objectives), String(person.keyResults), person.reviewer ?? "—"])
                }
                return table.isEmpty ? "nobody recorded yet: okrctl person set USER --name NAME --email ADDR" : table.render()
            }
        }
    }
}
