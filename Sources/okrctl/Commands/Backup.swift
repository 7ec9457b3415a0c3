import ArgumentParser
import OKRWire

/// `okrctl backup DEST`: a hot, compacted, verified copy of the log (admin).
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a hot, compacted, verified copy of the log into DEST (admin).",
        discussion: "DEST is a directory on okrd's machine, written by okrd; it must not hold a data.mdb yet. Writes go on during the copy. Restore: see the README.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "An absolute directory path.") var destination: String

    func run() throws {
        let result = try options.call(Methods.backup, BackupParams(destination: destination))
        try Output.emit(result, json: options.json) { result in
            "backup in \(result.destination): \(result.verify.events) events, verified"
                + (result.verify.isHealthy ? "" : " — DAMAGED: first bad seq \(result.verify.firstBadSeq.map(String.init) ?? "?")")
        }
        if !result.verify.isHealthy { throw CLIError.rejected("the backup does not verify") }
    }
}

/// `okrctl completion bash|zsh|fish`: the shell completion script, generated from the command definitions.
struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print the completion script for a shell.",
        discussion: "bash: okrctl completion bash > /etc/bash_completion.d/okrctl · zsh: into a directory of $fpath as _okrctl · fish: ~/.config/fish/completions/okrctl.fish")
    @Argument(help: "bash, zsh or fish.") var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw CLIError.usage("unknown shell '\(shell)': use bash, zsh or fish")
        }
        print(OKRCtl.completionScript(for: kind))
    }
}
