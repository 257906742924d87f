extension Schema {
    /// The rules every database sink checks before it starts: at least one column, names that
    /// are not empty and hold no NUL, and for upsert and update key columns that are among the
    /// columns (update also needs a column to set). `table` is the target as messages show it;
    /// `quoted` quotes a column name the way the target's SQL does.
    package func checkLoad(into table: String, mode: LoadMode, key: [String], quoted: (String) -> String) throws(FerryError) {
        guard !columns.isEmpty else {
            throw FerryError(.invalidRequest, stage: .validate, "a load into table \(table) needs at least one column")
        }
        if names.contains(where: { $0.isEmpty || $0.utf8.contains(0) }) {
            throw FerryError(.invalidRequest, stage: .validate, "a column of table \(table) has an empty name or one containing NUL")
        }
        guard mode.needsKey else { return }
        guard !key.isEmpty else {
            throw FerryError(.invalidRequest, stage: .validate, "$.key: \(mode.rawValue) into table \(table) needs key columns")
        }
        for column in key where index(of: column) == nil {
            throw FerryError(.invalidRequest, stage: .validate, "$.key: key column \(quoted(column)) is not a column of the load")
        }
        if mode == .update, names.allSatisfy({ key.contains($0) }) {
            throw FerryError(.invalidRequest, stage: .validate, "update of table \(table) has no column to set besides the key columns")
        }
    }
}
