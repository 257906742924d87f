/// This build's version, reported by `ferry version`, in `run_started` and in lineage.
public enum FerryVersion {
    public static let current = "0.1.0"
}
