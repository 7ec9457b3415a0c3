/// The version of okr: okrd and okrctl are built and released together, so both say this one
/// (`okrd --version`, `okrctl --version`, `ping`'s `version`).
public enum OKRVersion {
    public static let current = "0.7.0"
}
