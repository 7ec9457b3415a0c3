import Foundation
import HTTPTypes
import Hummingbird
import OKRPages
import OKRProjections
import OKRWire

/// The dashboard's paths (SPEC §12): each asks okrd what it shows, as the user running the
/// dashboard, and answers a page or the JSON `okrctl … --json` prints.
struct DashboardRoutes: Sendable {
    let client: OkrdClient
    let relay: EventRelay
    let options: DashboardOptions

    func register(in router: Router<BasicRequestContext>) {
        get(router, "/") { request, _ in try await page(request, title: "Overview", path: "/") { view in
            try await overview(view, screen: Int(Self.query(request)["screen"] ?? "") ?? 0)
        } }
        get(router, "/tree") { request, _ in try await page(request, title: "Tree", path: "/tree") { view in
            PageBody(TreePage.content(try await client.call(Methods.tree, TreeParams(cycle: view.cycle, asOf: view.asOf, owner: view.owner)),
                                      view: view))
        } }
        get(router, "/kr/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await page(request, title: id, path: "/kr/" + Layout.segment(id)) { view in PageBody(try await keyResult(id, view: view)) }
        }
        get(router, "/due") { request, _ in try await page(request, title: "Due", path: "/due") { view in
            PageBody(DuePage.content(try await client.call(Methods.due, DueParams(owner: view.owner, team: view.team, asOf: view.asOf))))
        } }
        get(router, "/kpis") { request, _ in try await page(request, title: "KPIs", path: "/kpis") { view in
            PageBody(KPIPage.content(try await client.call(Methods.kpiList, KPIListParams(asOf: view.asOf, team: view.team, owner: view.owner))))
        } }
        get(router, "/reviews") { request, _ in try await page(request, title: "Reviews", path: "/reviews") { view in
            PageBody(ReviewsPage.content(try await reviews(view)))
        } }
        get(router, "/health") { request, _ in try await page(request, title: "Health", path: "/health") { view in
            PageBody(HealthPage.content(try await health(view)))
        } }
        get(router, "/api/status") { request, _ in try await api(request) { try await client.call(Methods.status, $0.status) } }
        get(router, "/api/tree") { request, _ in
            try await api(request) { try await client.call(Methods.tree, TreeParams(cycle: $0.cycle, asOf: $0.asOf, owner: $0.owner)) }
        }
        get(router, "/api/due") { request, _ in
            try await api(request) { try await client.call(Methods.due, DueParams(owner: $0.owner, team: $0.team, asOf: $0.asOf)) }
        }
        get(router, "/api/kpis") { request, _ in
            try await api(request) { try await client.call(Methods.kpiList, KPIListParams(asOf: $0.asOf, team: $0.team, owner: $0.owner)) }
        }
        get(router, "/api/reviews") { request, _ in try await api(request) { try await reviews($0) } }
        get(router, "/api/kr/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await api(request) { try await client.call(Methods.keyResultShow, KeyResultShowParams(id: id, asOf: $0.asOf)) }
        }
        router.get("/events") { _, _ in
            let stream = relay.subscribe()
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                            body: ResponseBody { writer in
                                for await message in stream { try await writer.write(ByteBuffer(string: message)) }
                                try await writer.finish(nil)
                            })
        }
        get(router, "/assets/dashboard.css") { _, _ in asset(Assets.stylesheet, type: "text/css; charset=utf-8") }
        get(router, "/assets/dashboard.js") { _, _ in asset(Assets.script, type: "text/javascript; charset=utf-8") }
    }

    /// Registers `handler` for GET and HEAD (``SafetyMiddleware`` leaves HEAD's body out).
    private func get(_ router: Router<BasicRequestContext>, _ path: RouterPath,
                     _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        router.get(path, use: handler)
        router.head(path, use: handler)
    }

    /// `/`: status and the key results' sparklines (`series`) for the view, asked of okrd at once; in kiosk
    /// mode, for one team of the rotation.
    private func overview(_ view: ViewQuery, screen requested: Int) async throws -> PageBody {
        var view = view
        var screen: KioskScreen?
        if let seconds = options.kioskSeconds, view.team == nil || !options.teams.isEmpty {
            var all = view
            all.team = nil
            let teams = options.teams.isEmpty ? KioskScreen.teams(given: [], in: try await client.call(Methods.status, all.status)) : options.teams
            screen = KioskScreen(teams: teams, requested: requested, seconds: seconds, view: all)
            view.team = screen?.team
        }
        async let status = client.call(Methods.status, view.status)
        async let series = client.call(Methods.series, view.status)
        let inputs = OverviewPage.Inputs(status: try await status, histories: (try? await series)?.byKeyResult ?? [:])
        return PageBody(OverviewPage.content(inputs, view: view, screen: screen), screen: screen)
    }

    private func keyResult(_ id: String, view: ViewQuery) async throws -> HTML {
        let detail = try await client.call(Methods.keyResultShow, KeyResultShowParams(id: id, asOf: view.asOf))
        let cycle = try await client.call(Methods.cycleList).cycles.first { $0.id == detail.cycle }
        return KeyResultPage.content(detail, cycle: cycle, view: view)
    }

    /// `/health`'s inputs: the view's status, every team (of people, and of objectives in any
    /// cycle), and lint.
    /// The reviews of the view's cycle (every one without a cycle), each with its objectives.
    private func reviews(_ view: ViewQuery) async throws -> ReviewsPage.Reviews {
        var details: [ReviewDetail] = []
        for review in try await client.call(Methods.reviewList, ReviewListParams(cycle: view.cycle)).reviews
        where view.team == nil || review.team == nil || review.team == view.team {
            details.append(try await client.call(Methods.reviewShow, ReviewShowParams(id: review.id)))
        }
        return ReviewsPage.Reviews(reviews: details)
    }

    private func health(_ view: ViewQuery) async throws -> HealthPage.Inputs {
        let status = try await client.call(Methods.status, view.status)
        var teams = Set(try await client.call(Methods.personList).people.flatMap(\.teams))
        for cycle in try await client.call(Methods.cycleList).cycles where cycle.objectives > 0 {
            let report = try await client.call(Methods.status, StatusParams(cycle: cycle.id, asOf: view.asOf, knownAt: view.knownAt))
            teams.formUnion(report.cycles.flatMap(\.objectives).map(\.team))
        }
        let lint = try await client.call(Methods.lint, LintParams(cycle: view.cycle, team: view.team, asOf: view.asOf))
        return HealthPage.Inputs(status: status, knownTeams: teams, lint: lint)
    }

    /// A page: the view from the URL, the content from okrd, or the error page that says why not.
    private func page(_ request: Request, title: String, path: String,
                      content: (ViewQuery) async throws -> PageBody) async throws -> Response {
        let view: ViewQuery
        do {
            view = try ViewQuery(query: Self.query(request), defaults: options.defaults)
        } catch {
            return html(.badRequest, Layout.page(title: "Bad request", path: path, view: options.defaults,
                                                 content: ErrorPage.content(title: "Bad request", message: error.message)))
        }
        do {
            let body = try await content(view)
            return html(.ok, Layout.page(title: title, path: path, view: view, kiosk: options.kioskSeconds != nil, screen: body.screen,
                                         content: body.content))
        } catch {
            let (status, heading, message) = failure(error)
            return html(status, Layout.page(title: heading, path: path, view: view, content: ErrorPage.content(title: heading, message: message)))
        }
    }

    /// JSON as `okrctl … --json` prints it, or the error as JSON.
    private func api<Value: Encodable>(_ request: Request, _ body: (ViewQuery) async throws -> Value) async throws -> Response {
        do {
            let view = try ViewQuery(query: Self.query(request), defaults: options.defaults)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONDocument.data(try await body(view)))))
        } catch let error as ViewQuery.Invalid {
            return json(.badRequest, error.message)
        } catch {
            let (status, _, message) = failure(error)
            return json(status, message)
        }
    }

    /// The status, heading and sentence for a failed call to okrd.
    private func failure(_ error: any Error) -> (HTTPResponse.Status, String, String) {
        guard let error = error as? WireClientError else { return (.internalServerError, "Error", "\(error)") }
        switch error {
        case .rejected(let refusal) where refusal.code == RPCError.permissionDeniedCode:
            return (.forbidden, "Not allowed", refusal.message)
        case .rejected(let refusal) where refusal.code == RPCError.notFoundCode:
            return (.notFound, "Not found", refusal.message)
        case .rejected(let refusal) where refusal.code == RPCError.validationFailedCode || refusal.code == RPCError.invalidParamsCode:
            return (.badRequest, "Bad request", refusal.message)
        case .rejected(let refusal):
            return (.badGateway, "okrd refused", refusal.line)
        default:
            return (.serviceUnavailable, "okrd is not answering",
                    "okrd does not answer at \(client.reach): \(error.description). This page shows it again once okrd is back.")
        }
    }

    private func html(_ status: HTTPResponse.Status, _ page: HTML) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: page.markup)))
    }

    private func json(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = (try? JSONDocument.data(["error": message])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The URL's query as a dictionary (the last value of a repeated name).
    static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        return query
    }
}
