import CLibPQ

/// Facts about the libpq linked into this binary.
package enum LibPQ {
    /// The libpq version (`PQlibVersion`), e.g. `15.18`.
    package static var version: String {
        let v = Int(PQlibVersion())
        return v >= 100_000 ? "\(v / 10_000).\(v % 10_000)" : "\(v / 10_000).\(v / 100 % 100).\(v % 100)"
    }
}
