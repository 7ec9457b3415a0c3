extension Double {
    /// The number as plain text: whole numbers without `.0` (`85`, not `85.0`), others in full
    /// (`72.5`). For messages and for exports that must not lose precision.
    public var plainText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
