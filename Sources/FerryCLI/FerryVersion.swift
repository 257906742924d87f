/// This build's version, reported by `ferry version`, in `run_started` and in lineage.
package enum FerryVersion {
    package static let current = "0.1.0"
}
