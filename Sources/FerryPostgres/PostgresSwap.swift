import FerryCore

/// The end of a `replace`: the freshly loaded table takes the old one's place, inside the load's
/// transaction. The old table is locked (ACCESS EXCLUSIVE), its privileges are copied to the new
/// table (table and column grants, PUBLIC included; the owner's own revoked privileges too),
/// the new table gets the old one's owner, then the old table is dropped and the new one renamed.
///
/// Indexes, constraints, defaults, triggers, comments and publication membership of the old table
/// are not carried over: the table is new (Docs/connectors/postgres.md). Tables whose loss could
/// break other objects or widen access are refused before anything is loaded.
struct PostgresSwap {
    let connection: PGConnection
    let new: PostgresTableName
    let old: PostgresCatalog.Relation

    /// The privileges a GRANT statement accepts, as `aclexplode` names them.
    private static let privileges: Set<String> = [
        "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN",
    ]

    /// Refuses a `replace` whose swap would break or weaken something: a partitioned or foreign
    /// table (the new table would be a plain one), objects that depend on the table (views,
    /// foreign keys of other tables, functions), and row-level security (the new table would
    /// have no policies, so the copied grants would expose every row).
    static func checkReplaceable(_ old: PostgresCatalog.Relation, catalog: PostgresCatalog) throws(FerryError) {
        let table = old.name
        guard old.kind == "r" else {
            throw FerryError(
                .targetSchemaMismatch, stage: .validate,
                "\(table) is a \(old.kindName); mode replace would make it a plain table: use mode truncate to keep the table")
        }
        let dependents = try catalog.dependents(of: old)
        if !dependents.isEmpty {
            let shown = dependents.prefix(5).joined(separator: ", ") + (dependents.count > 5 ? " and \(dependents.count - 5) more" : "")
            throw FerryError(
                .targetSchemaMismatch, stage: .validate,
                "table \(table) is used by \(shown); use mode truncate to keep the table and its dependents")
        }
        let hasPolicies = try catalog.hasPolicies(old)
        if old.rowSecurity || hasPolicies {
            throw FerryError(
                .targetSchemaMismatch, stage: .validate,
                "table \(table) has row-level security policies; mode replace would drop them: use mode truncate to keep them")
        }
    }

    func run() throws(FerryError) {
        let catalog = PostgresCatalog(connection: connection, stage: .commit)
        let context = PostgresContext(.commit, "replacing table \(old.name)")
        try connection.execute("LOCK TABLE \(old.name.sql) IN ACCESS EXCLUSIVE MODE", context)
        // Checked again under the lock: a view may have been created while the rows were loading.
        guard let current = try catalog.relation(old.name), current.oid == old.oid else {
            throw FerryError(.targetWrite, stage: .commit, "table \(old.name) was dropped or replaced by someone else during the load")
        }
        try Self.checkReplaceable(current, catalog: catalog)
        guard let newRelation = try catalog.relation(new) else {
            throw FerryError(.internalError, stage: .commit, "the new table \(new) disappeared during the load")
        }
        try copyPrivileges(catalog: catalog, to: newRelation, context)
        try connection.execute("DROP TABLE \(old.name.sql)", context)
        try connection.execute("ALTER TABLE \(new.sql) RENAME TO \(PostgresSQL.quoted(old.table))", context)
    }

    /// Makes the new table's privileges those of the old one.
    private func copyPrivileges(catalog: PostgresCatalog, to newRelation: PostgresCatalog.Relation, _ context: PostgresContext) throws(FerryError) {
        let owner = try catalog.owner(of: old)
        let newOwner = try catalog.owner(of: newRelation)
        // Default privileges (ALTER DEFAULT PRIVILEGES) may have granted something on the new
        // table that the old one does not have: start from the owner's privileges only.
        for grantee in Set(try catalog.grants(on: newRelation).filter { $0.grantee != newOwner }.map(\.grantee)) {
            try connection.execute("REVOKE ALL ON TABLE \(new.sql) FROM \(Self.role(grantee))", context)
        }
        let grants = try catalog.grants(on: old)
        let newColumns = Set(try catalog.columns(of: newRelation).map(\.name))
        for grant in grants where grant.grantee != owner && Self.privileges.contains(grant.privilege) {
            // A column privilege moves only when the new table has that column.
            if let column = grant.column, !newColumns.contains(column) { continue }
            var sql = "GRANT \(grant.privilege)"
            if let column = grant.column { sql += " (\(PostgresSQL.quoted(column)))" }
            sql += " ON TABLE \(new.sql) TO \(Self.role(grant.grantee))"
            if grant.grantable { sql += " WITH GRANT OPTION" }
            try connection.execute(sql, context)
        }
        if owner != newOwner {
            try connection.execute("ALTER TABLE \(new.sql) OWNER TO \(PostgresSQL.quoted(owner))", context)
        }
        // The owner may have revoked privileges from itself on the old table.
        if try catalog.hasACL(old) {
            let kept = Set(grants.filter { $0.grantee == owner && $0.column == nil }.map(\.privilege))
            let missing = try catalog.ownerDefaultPrivileges(old).filter { !kept.contains($0) && Self.privileges.contains($0) }
            if !missing.isEmpty {
                try connection.execute("REVOKE \(missing.joined(separator: ", ")) ON TABLE \(new.sql) FROM \(PostgresSQL.quoted(owner))", context)
            }
        }
    }

    /// A role for GRANT/REVOKE: quoted, or `PUBLIC` for nil.
    private static func role(_ name: String?) -> String {
        name.map(PostgresSQL.quoted) ?? "PUBLIC"
    }
}
