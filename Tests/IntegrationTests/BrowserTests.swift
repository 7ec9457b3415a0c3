import Foundation
import OKRTestSupport
import Testing

/// The dashboard in a real browser (SPEC §12): `Tests/Browser/dashboard_in_browser.py` drives
/// Debian's headless Chromium through chromedriver against the real okrd and `okrctl dashboard`
/// — the quarter's numbers, a live update within 2 s, the as-of control, a hostile title that
/// runs nothing, the page with JavaScript off, no sideways scrolling from 390 to 1920 px, and
/// the README's screenshots (here into a temporary directory; `make screenshots` refreshes
/// docs/images). `make deps` installs chromium, chromium-driver and python3-selenium.
@Suite(.serialized) struct BrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/dashboard_in_browser.py").path

    @Test func theDashboardInARealBrowser() throws {
        let missing = ["/usr/bin/chromium", "/usr/bin/chromedriver"].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        try #require(missing.isEmpty, "the browser tests need \(missing.joined(separator: " and ")): `make deps` installs chromium and chromium-driver")
        let shots = TemporaryDirectory("okr-shots")
        let result = try DaemonProcess.run("/usr/bin/python3", [Self.script, "--bin", DaemonProcess.productsDirectory,
                                                                "--screenshots", shots.path])
        #expect(result.status == 0, "\(result)")
        #expect(!result.stdout.contains("FAIL"), "\(result.stdout)")
        for name in ["overview-1280.png", "kr-1280.png", "health-1280.png", "overview-390.png"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: shots.path + "/" + name)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(name) holds a picture (\(size) bytes)")
        }
    }
}
