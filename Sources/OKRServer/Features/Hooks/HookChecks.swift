import Foundation
import OKREvents
import OKRProjections
import OKRWire

/// `hook.add`'s checks (SPEC §13): each mistake refused with 1004 naming it, before anything is
/// written; answers the event to append and the credential to keep out of the log.
enum HookChecks {
    struct Checked {
        var event: HookAdded
        var credential: HookSecrets.Credential
        /// What the fingerprint is of: the secret, the token, or a Slack or Teams URL.
        var credentialText: String?
    }

    static func check(_ params: HookAddParams) throws(DomainError) -> Checked {
        guard Identifiers.isValidID(params.name) else {
            throw .validation("hook name '\(SafeText.visible(params.name))' is not 1 to 64 of a-z, A-Z, 0-9, '.', '_', '-'", field: "name")
        }
        guard let format = HookFormat(rawValue: params.format) else {
            throw .validation("format '\(SafeText.visible(params.format))' is not one of "
                              + HookFormat.allCases.map(\.rawValue).joined(separator: ", "), field: "format")
        }
        let url: HookURL
        switch HookURL.parse(params.url) {
        case .success(let parsed): url = parsed
        case .failure(let problem): throw .validation("URL '\(SafeText.visible(String(params.url.prefix(200))))' \(problem.text)", field: "url")
        }
        if format == .matrix, !url.path.contains("/rooms/") {
            throw .validation("a matrix hook's URL is the homeserver and room, https://HS/_matrix/client/v3/rooms/ROOM_ID, "
                              + "not '\(SafeText.visible(url.text))'", field: "url")
        }
        let kinds = try self.kinds(params.events)
        for team in params.teams ?? [] where !Identifiers.isValidTeam(team) {
            throw .validation("team '\(SafeText.visible(team))' is not 1 to 64 of a-z, 0-9, '_', '-'", field: "team")
        }
        for owner in params.owners ?? [] where !Identifiers.isValidPersonID(owner) {
            throw .validation("owner '\(SafeText.visible(owner))' is not a user name", field: "owner")
        }
        var credential = HookSecrets.Credential(url: url.text)
        var fingerprinted: String? = format.urlIsSecret ? url.text : nil
        switch format {
        case .standard:
            guard params.tokenFile == nil else { throw .validation("a standard hook is signed with --secret-file, not --token-file", field: "token") }
            let secret = try read(params.secretFile, params.secret, params.unreadable, flag: "--secret-file", what: "a standard hook's secret")
            guard secret.hasPrefix("whsec_"), let key = Data(base64Encoded: String(secret.dropFirst(6))), key.count >= 16 else {
                throw .validation("secret file '\(SafeText.visible(params.secretFile ?? ""))' does not hold a Standard Webhooks secret: "
                                  + "whsec_ and the base64 of 16 to 64 random bytes (e.g. echo whsec_$(head -c 32 /dev/urandom | base64))",
                                  field: "secret")
            }
            credential.secret = secret
            fingerprinted = secret
        case .matrix:
            guard params.secretFile == nil else { throw .validation("a matrix hook takes --token-file, not --secret-file", field: "secret") }
            let token = try read(params.tokenFile, params.token, params.unreadable, flag: "--token-file", what: "a matrix hook's access token")
            guard !token.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? true }) else {
                throw .validation("token file '\(SafeText.visible(params.tokenFile ?? ""))' holds more than one access token "
                                  + "(spaces or characters that are not ASCII)", field: "token")
            }
            credential.token = token
            fingerprinted = token
        case .slack, .teams:
            guard params.secretFile == nil, params.tokenFile == nil else {
                throw .validation("a \(format.rawValue) hook's URL is its credential: it takes no --secret-file or --token-file",
                                  field: params.secretFile != nil ? "secret" : "token")
            }
        }
        let shown = format.urlIsSecret ? url.endpoint : url.text
        let event = HookAdded(name: params.name, format: format.rawValue, url: shown, kinds: kinds,
                              teams: params.teams ?? [], owners: params.owners ?? [])
        return Checked(event: event, credential: credential, credentialText: fingerprinted)
    }

    /// The kinds of `--events`, every kind without it.
    static func kinds(_ events: [String]?) throws(DomainError) -> [String] {
        guard let events else { return HookKind.selectable.map(\.rawValue) }
        guard !events.isEmpty else { throw .validation("--events names no kind", field: "events") }
        var kinds: [String] = []
        for event in events {
            guard let kind = HookKind(rawValue: event), kind != .test else {
                throw .validation("event kind '\(SafeText.visible(event))' is not one of "
                                  + HookKind.selectable.map(\.rawValue).joined(separator: ", "), field: "events")
            }
            if !kinds.contains(kind.rawValue) { kinds.append(kind.rawValue) }
        }
        return kinds
    }

    /// The credential okrctl read from `file`, trimmed, or a refusal naming the file.
    private static func read(_ file: String?, _ content: String?, _ unreadable: String?, flag: String, what: String) throws(DomainError) -> String {
        let field = flag == "--secret-file" ? "secret" : "token"
        guard let file else { throw .validation("\(what) is missing: give \(flag) FILE", field: field) }
        if let unreadable {
            throw .validation("cannot read \(flag.dropFirst(2)) '\(SafeText.visible(file))': \(SafeText.visible(unreadable))", field: field)
        }
        let trimmed = (content ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .validation("\(flag.dropFirst(2)) '\(SafeText.visible(file))' is empty", field: field) }
        return trimmed
    }

    /// What `hook list` shows of the URL: its scheme and host.
    static func endpoint(of hook: HookAdded) -> String {
        if case .success(let url) = HookURL.parse(hook.url) { return url.endpoint }
        return hook.url
    }
}
