import HTTPTypes
import Hummingbird

/// What every answer of the dashboard obeys (SPEC §12), whatever route it comes from, errors
/// included: GET and HEAD only (405 with `Allow` otherwise), a `Host` the dashboard answers to (421
/// otherwise, against DNS rebinding), and the headers that keep a page to its own origin.
struct SafetyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Host names (without port) a request may name.
    let allowedHosts: Set<String>

    static var headers: HTTPFields {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
        fields[.xContentTypeOptions] = "nosniff"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        fields[.cacheControl] = "no-store"
        return fields
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if request.method != .get && request.method != .head {
            response = Self.plain(.methodNotAllowed, "only GET and HEAD: the dashboard is read-only\n")
            response.headers[.allow] = "GET, HEAD"
        } else if !allowedHosts.contains(Self.hostName(request.head.authority)) {
            response = Self.plain(.misdirectedRequest, "this dashboard does not answer to that Host\n")
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError {
                response = Self.plain(error.status, (error.body ?? error.status.reasonPhrase) + "\n")
            }
            if request.method == .head { response.body = ResponseBody() }
        }
        response.headers.append(contentsOf: Self.headers)
        return response
    }

    /// The name of a `Host` (or HTTP/2 authority), without its port, lower-cased.
    static func hostName(_ authority: String?) -> String {
        guard var host = authority?.lowercased() else { return "" }
        if host.hasPrefix("[") {
            if let end = host.firstIndex(of: "]") { host = String(host[host.index(after: host.startIndex)..<end]) }
            return host
        }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        return host
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
