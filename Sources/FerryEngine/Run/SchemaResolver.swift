package import FerryCore

/// Decides every column's type: declared in the request, else the existing target table's (for
/// modes that keep the table), else the source system's, else inferred from the data.
package struct SchemaResolver {
    package var request: LoadRequest

    package init(request: LoadRequest) { self.request = request }

    /// Whether `mode` loads into the existing table rather than a new one.
    private var keepsTable: Bool { [.append, .truncate, .upsert, .update].contains(request.mode) }

    /// Columns whose type still has to be inferred from the data, by source index.
    package func columnsToInfer(source: [SourceColumn], existing: [Column]?) -> [Int] {
        let declared = Set(request.columns.map { ColumnName($0.name) })
        let targetNames = Set((keepsTable ? existing : nil)?.map { ColumnName($0.name) } ?? [])
        return source.indices.filter { i in
            let c = source[i]
            return !declared.contains(ColumnName(c.name)) && !targetNames.contains(ColumnName(c.name)) && c.type == nil
        }
    }

    /// Builds the schema once inference (if any) is done.
    package func resolve(
        source: [SourceColumn], existing: [Column]?, inference: SchemaInference?, rowsScanned: Int, sampled: Bool
    ) throws(FerryError) -> ResolvedSchema {
        let table = request.target.objectName
        let sourceNames = source.map(\.name)
        let sourceKeys = sourceNames.map(ColumnName.init)
        let declaredByName = Dictionary(request.columns.map { (ColumnName($0.name), $0) }, uniquingKeysWith: { a, _ in a })

        for d in request.columns where !sourceKeys.contains(ColumnName(d.name)) {
            throw FerryError(.sourceSchema, stage: .validate,
                             "declared column \"\(d.name)\" is not in the source (its columns: \(Self.list(sourceNames)))")
        }

        var columns: [Column] = []
        var fieldIndex: [Int?] = []
        if keepsTable, let existing {
            let existingNames = Set(existing.map { ColumnName($0.name) })
            let extra = sourceNames.filter { !existingNames.contains(ColumnName($0)) }
            if !extra.isEmpty {
                throw FerryError(.targetSchemaMismatch, stage: .validate,
                                 "source column\(extra.count == 1 ? "" : "s") \(Self.list(extra)) not in table \"\(table)\"; use mode replace to recreate it, or drop the column\(extra.count == 1 ? "" : "s") from the source")
            }
            let missingRequired = existing.filter { c in !c.nullable && !c.hasDefault && !sourceKeys.contains(ColumnName(c.name)) }
            if !missingRequired.isEmpty {
                throw FerryError(.targetSchemaMismatch, stage: .validate,
                                 "table \"\(table)\" has NOT NULL column\(missingRequired.count == 1 ? "" : "s") \(Self.list(missingRequired.map(\.name))) that the source lacks")
            }
            for t in existing {
                guard let i = sourceKeys.firstIndex(of: ColumnName(t.name)) else { continue }
                var c = t
                if let d = declaredByName[ColumnName(t.name)] {
                    c.type = d.type
                    c.nullable = d.nullable && t.nullable
                    c.origin = .declared
                }
                columns.append(c)
                fieldIndex.append(i)
            }
        } else {
            for (i, s) in source.enumerated() {
                if let d = declaredByName[ColumnName(s.name)] {
                    columns.append(Column(name: s.name, type: d.type, nullable: d.nullable, origin: .declared))
                } else if let t = s.type {
                    columns.append(Column(name: s.name, type: t, nullable: s.nullable, origin: .source))
                } else {
                    let type = inference?.type(ofColumn: i) ?? .text
                    columns.append(Column(name: s.name, type: type, nullable: true, origin: .inferred))
                }
                fieldIndex.append(i)
            }
        }

        let names = columns.map(\.name)
        let keys = Set(request.key.map(ColumnName.init))
        // A NULL key matches nothing: such a row is rejected with its reason, not loaded.
        for (i, c) in columns.enumerated() where keys.contains(ColumnName(c.name)) { columns[i].nullable = false }
        for k in request.key where !names.map(ColumnName.init).contains(ColumnName(k)) {
            throw FerryError(.sourceSchema, stage: .validate, "key column \"\(k)\" is not among the columns (\(Self.list(names)))")
        }
        if columns.isEmpty {
            throw FerryError(.sourceSchema, stage: .validate, "the source has no columns")
        }
        return ResolvedSchema(schema: Schema(columns: columns), fieldIndex: fieldIndex, rowsScanned: rowsScanned, sampled: sampled)
    }

    static func list(_ names: [String]) -> String {
        let quoted = names.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
        return names.count > 10 ? quoted + " and \(names.count - 10) more" : quoted
    }
}
