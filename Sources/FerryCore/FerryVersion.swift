/// This build's version, reported by `ferry version`, in `run_started`, in lineage and in the
/// `created_by` of the Parquet files it writes.
package enum FerryVersion {
    package static let current = "0.1.0"
}
