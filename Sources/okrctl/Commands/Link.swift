import ArgumentParser
import OKRWire

/// `okrctl link ID REF [--title]`: tie a backlog item to the key result or objective it serves.
struct Link: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "Tie a backlog item (JIRA-123) to a key result or objective.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The key result or objective.") var id: String
    @Argument(help: "The backlog item's reference.") var ref: String
    @Option(help: "The item's title.") var title: String?

    func run() throws {
        try Output.emit(try options.call(Methods.link, LinkParams(subject: id, ref: ref, title: title)),
                        json: options.json) { _ in "" }
    }
}

/// `okrctl unlink ID REF`.
struct Unlink: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlink", abstract: "Untie a backlog item from a key result or objective.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The key result or objective.") var id: String
    @Argument(help: "The backlog item's reference.") var ref: String

    func run() throws {
        try Output.emit(try options.call(Methods.unlink, LinkParams(subject: id, ref: ref)),
                        json: options.json) { _ in "" }
    }
}
