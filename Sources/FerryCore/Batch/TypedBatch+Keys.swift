extension TypedBatch {
    /// Refuses the batch (`target_constraint`, stage `load`) at its first row with a NULL in one of
    /// the `key` columns (indexes into `schema`, the batch's schema): an upsert key must have a
    /// value. The engine rejects such rows before; this guards targets that would insert them or
    /// fold them together. `quoted` quotes a column name as the target's SQL does.
    package func requireKeyValues(_ key: [Int], schema: Schema, quoted: (String) -> String) throws(FerryError) {
        for index in key where index < columns.count {
            let nulls = columns[index].isNull
            for row in 0..<min(rowCount, nulls.count) where nulls[row] {
                throw FerryError(
                    .targetConstraint, stage: .load,
                    "key column \(quoted(schema.columns[index].name)) is NULL at source line \(lines[row]); an upsert key must have a value")
            }
        }
    }
}
