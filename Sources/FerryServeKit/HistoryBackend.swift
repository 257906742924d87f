package import FerryCore

/// One history connection: runs one statement with `?` placeholders bound to `arguments` and
/// returns its rows. `ServeDatabase` calls it behind its lock, one statement at a time.
protocol HistoryBackend: AnyObject {
    func query(_ sql: String, _ arguments: [ServeDatabase.Value]) throws(FerryError) -> [[ServeDatabase.Value]]
}
