import OKRPages

/// The page of a request that cannot be answered: 400, 403 (with the role needed), 404, 503
/// (naming the socket or host that does not answer). It carries the same headers as any page.
enum ErrorPage {
    static func content(title: String, message: String) -> HTML {
        "<h1>\(title)</h1><p class=\"error\">\(message)</p>"
    }
}
