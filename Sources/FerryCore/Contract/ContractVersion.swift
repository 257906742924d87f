/// The contract version this binary speaks. Additions within a version are backwards compatible;
/// anything that would break a reader gets a new version.
public enum ContractVersion {
    public static let current = 1
    /// Versions `ferry run` accepts.
    public static let supported: ClosedRange<Int> = 1...1
}
