package import FerryCore

/// The request's `transform.dedupe` around the transform's `ShapeStage`: the shaped rows pass a
/// `Deduper` on their output columns; repeats are left out and counted in the result's
/// `rows_deduplicated` (they are not rejects), and rows that wait (`keep: last`, or spilled past
/// the memory cap) reach the target at `finish`.
package final class DedupeStage: SchemaStage {
    private let inner: any SchemaStage
    private let spec: DedupeSpec
    private let openSpill: () throws(FerryError) -> any SpillStore
    private var deduper: Deduper?

    /// `openSpill`: a new private place for spill files (FerryCLI passes a `SpillDirectory`).
    package init(inner: any SchemaStage, spec: DedupeSpec, openSpill: @escaping () throws(FerryError) -> any SpillStore) {
        self.inner = inner
        self.spec = spec
        self.openSpill = openSpill
    }

    package var resultMembers: [(key: String, value: JSONValue)] {
        inner.resultMembers + [("rows_deduplicated", .int(deduper?.duplicates ?? 0))]
    }

    package func start(input: Schema, existing: [Column]?) throws(FerryError) -> Schema {
        let schema = try inner.start(input: input, existing: existing)
        var key: [Int]?
        if let names = spec.key {
            var issues: [RequestIssue] = []
            let path = JSONPath.root.appending("transform").appending("dedupe").appending("key")
            key = []
            for (k, name) in names.enumerated() {
                if let i = schema.index(of: name) { key?.append(i) } else {
                    let hint = Suggestion.closest(to: name, among: schema.names).map { "; did you mean \"\($0)\"?" } ?? ""
                    issues.append(RequestIssue(path: path.appending(index: k), message: "no column \"\(name)\" in the transform's output\(hint)"))
                }
            }
            if !issues.isEmpty { throw FerryError(InvalidRequest(issues: issues)) }
        }
        deduper = Deduper(schema: schema, key: key, keep: spec.keep, memoryCap: spec.memoryMB << 20, openSpill: openSpill)
        return schema
    }

    package func shape(_ batch: TypedBatch) throws(FerryError) -> ShapedBatch {
        var shaped = try inner.shape(batch)
        guard let deduper, shaped.rows.rowCount > 0 else { return shaped }
        let now = try deduper.take(shaped.rows)
        if now.contains(false) { shaped.rows = shaped.rows.keeping(now) }
        return shaped
    }

    package func finish(_ emit: (TypedBatch) throws(FerryError) -> Void) throws(FerryError) {
        try deduper?.finish(emit)
    }
}
