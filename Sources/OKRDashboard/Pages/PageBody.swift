import OKRPages

/// What a page's route hands to ``Layout``: its content, and in kiosk mode the screen it is.
struct PageBody {
    var content: HTML
    var screen: KioskScreen?

    init(_ content: HTML, screen: KioskScreen? = nil) {
        self.content = content
        self.screen = screen
    }
}
