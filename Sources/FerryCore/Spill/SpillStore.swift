/// Scratch files a stage writes what it must remember but cannot keep in memory (a `unique`
/// check's keys, a de-duplication's rows), as numbered parts it appends to and reads back whole.
/// FerryPOSIX's `SpillDirectory` keeps them in a private temporary directory; `SpillPartitions`
/// decides what goes where.
package protocol SpillStore: AnyObject {
    /// Appends `bytes` to part `name` (created empty when new).
    func append(_ bytes: [UInt8], to name: String) throws(FerryError)
    /// The whole of part `name`, which is removed; empty when there is no such part.
    func take(_ name: String) throws(FerryError) -> [UInt8]
    /// Removes every part and the store itself (idempotent).
    func discard()
}
