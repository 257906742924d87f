/// The contract version this binary speaks. Additions within a version are backwards compatible;
/// anything that would break a reader gets a new version.
package enum ContractVersion {
    package static let current = 1
    /// Versions `ferry run` accepts.
    package static let supported: ClosedRange<Int> = 1...1
}
