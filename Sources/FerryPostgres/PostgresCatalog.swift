import FerryCore

/// What the server's catalog says about a table (`pg_class`, `pg_attribute`, `pg_index`,
/// `pg_depend`, ACLs). Names travel as parameters, never inside the SQL text.
struct PostgresCatalog {
    /// A relation a name resolves to.
    struct Relation: Equatable {
        var oid: UInt32
        /// `pg_class.relkind`: `r` table, `p` partitioned table, `v` view, `m` materialized
        /// view, `f` foreign table, …
        var kind: String
        var schema: String
        var table: String
        /// Whether row-level security is enabled (`relrowsecurity`).
        var rowSecurity: Bool

        var name: PostgresTableName { PostgresTableName(schema: schema, table: table) }

        /// What the kind is called in messages.
        var kindName: String {
            switch kind {
            case "r": "table"
            case "p": "partitioned table"
            case "v": "view"
            case "m": "materialized view"
            case "f": "foreign table"
            case "S": "sequence"
            default: "relation"
            }
        }
    }

    /// A column of an existing table.
    struct TableColumn: Equatable {
        var name: String
        var type: PostgresColumnType
        var notNull: Bool
        /// A default, serial or identity column: the server fills it when a load leaves it out.
        var hasDefault: Bool
    }

    /// One privilege from an ACL (`aclexplode`): grantee nil means PUBLIC.
    struct Grant: Equatable {
        var grantee: String?
        var privilege: String
        var grantable: Bool
        /// The column, for column privileges.
        var column: String?
    }

    let connection: PGConnection
    let stage: FerryError.Stage

    /// The relation `name` resolves to (`to_regclass` on the quoted name, so an unqualified
    /// name follows the search_path), or nil when there is none.
    func relation(_ name: PostgresTableName) throws(FerryError) -> Relation? {
        let result = try connection.execute(
            """
            SELECT c.oid::bigint, c.relkind::text, n.nspname::text, c.relname::text, c.relrowsecurity
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = pg_catalog.to_regclass($1)
            """,
            parameters: [name.sql], PostgresContext(stage, "looking up table \(name)"))
        guard result.rowCount == 1, let oid = result.int(0, 0) else { return nil }
        return Relation(
            oid: UInt32(truncatingIfNeeded: oid), kind: result.text(0, 1) ?? "", schema: result.text(0, 2) ?? "",
            table: result.text(0, 3) ?? "", rowSecurity: result.bool(0, 4))
    }

    /// Whether schema `name` exists (`pg_namespace`).
    func schemaExists(_ name: String) throws(FerryError) -> Bool {
        try connection.execute(
            "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", parameters: [name],
            PostgresContext(stage, "looking up schema \(PostgresSQL.quoted(name))")).rowCount == 1
    }

    /// The schema new tables go to: the first existing schema of the search_path.
    func currentSchema() throws(FerryError) -> String? {
        try connection.execute("SELECT pg_catalog.current_schema()::text", PostgresContext(stage, "reading the current schema")).text(0, 0)
    }

    /// The table's columns in order, without dropped and generated ones (COPY cannot set those).
    func columns(of relation: Relation) throws(FerryError) -> [TableColumn] {
        let result = try connection.execute(
            """
            SELECT a.attname::text, a.atttypid::bigint, a.atttypmod,
                   pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END::bigint,
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
                   a.atthasdef OR a.attidentity <> ''
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum
            """,
            parameters: [String(relation.oid)], PostgresContext(stage, "reading the columns of \(relation.kindName) \(relation.name)"))
        var out: [TableColumn] = []
        for row in 0..<result.rowCount {
            let type = PostgresColumnType(
                oid: UInt32(truncatingIfNeeded: result.int(row, 1) ?? 0), typmod: Int32(truncatingIfNeeded: result.int(row, 2) ?? -1),
                base: UInt32(truncatingIfNeeded: result.int(row, 5) ?? 0), baseTypmod: Int32(truncatingIfNeeded: result.int(row, 6) ?? -1),
                name: result.text(row, 3) ?? "")
            out.append(TableColumn(name: result.text(row, 0) ?? "", type: type, notNull: result.bool(row, 4),
                                   hasDefault: result.bool(row, 7)))
        }
        return out
    }

    /// Whether the table has a primary key or unique index, usable as an `ON CONFLICT` arbiter
    /// (not partial, no expressions, not deferrable), on exactly the columns `key` in any order.
    func hasUniqueKey(_ relation: Relation, key: [String]) throws(FerryError) -> Bool {
        let result = try connection.execute(
            """
            SELECT i.indexrelid::bigint, a.attname::text
            FROM pg_catalog.pg_index i
            CROSS JOIN LATERAL pg_catalog.generate_series(0, i.indnkeyatts - 1) AS k(n)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n]
            WHERE i.indrelid = $1::oid AND i.indisunique AND i.indimmediate AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL
            ORDER BY 1
            """,
            parameters: [String(relation.oid)], PostgresContext(stage, "reading the unique indexes of table \(relation.name)"))
        var byIndex: [Int: Set<String>] = [:]
        var counts: [Int: Int] = [:]
        for row in 0..<result.rowCount {
            guard let index = result.int(row, 0), let name = result.text(row, 1) else { continue }
            byIndex[index, default: []].insert(name)
            counts[index, default: 0] += 1
        }
        let wanted = Set(key)
        return byIndex.contains { index, names in names == wanted && counts[index] == key.count }
    }

    /// Objects that would block dropping the table or break with it: views and materialized
    /// views over it, foreign keys of other tables referencing it, functions and policies that
    /// name it (normal `pg_depend` dependencies of objects that do not belong to the table).
    func dependents(of relation: Relation) throws(FerryError) -> [String] {
        let result = try connection.execute(
            """
            SELECT DISTINCT CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::regclass THEN
                     (SELECT CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || c.oid::regclass::text
                      FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.oid = d.objid)
                   ELSE pg_catalog.pg_describe_object(d.classid, d.objid, 0) END
            FROM pg_catalog.pg_depend d
            WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = $1::oid AND d.deptype = 'n'
              AND NOT (d.classid = 'pg_catalog.pg_rewrite'::regclass
                       AND EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid AND r.ev_class = $1::oid))
              AND NOT (d.classid = 'pg_catalog.pg_constraint'::regclass
                       AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.oid = d.objid AND k.conrelid = $1::oid))
              AND NOT (d.classid = 'pg_catalog.pg_policy'::regclass
                       AND EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.oid = d.objid AND p.polrelid = $1::oid))
              AND NOT (d.classid = 'pg_catalog.pg_trigger'::regclass
                       AND EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g WHERE g.oid = d.objid AND g.tgrelid = $1::oid))
            ORDER BY 1
            """,
            parameters: [String(relation.oid)], PostgresContext(stage, "reading what depends on table \(relation.name)"))
        return (0..<result.rowCount).compactMap { result.text($0, 0) }
    }

    /// Whether row-level security policies exist on the table.
    func hasPolicies(_ relation: Relation) throws(FerryError) -> Bool {
        let result = try connection.execute(
            "SELECT count(*) FROM pg_catalog.pg_policy WHERE polrelid = $1::oid",
            parameters: [String(relation.oid)], PostgresContext(stage, "reading the policies of table \(relation.name)"))
        return (result.int(0, 0) ?? 0) > 0
    }

    /// The owner's role name.
    func owner(of relation: Relation) throws(FerryError) -> String {
        let result = try connection.execute(
            "SELECT pg_catalog.pg_get_userbyid(relowner)::text FROM pg_catalog.pg_class WHERE oid = $1::oid",
            parameters: [String(relation.oid)], PostgresContext(stage, "reading the owner of table \(relation.name)"))
        return result.text(0, 0) ?? ""
    }

    /// Whether the table has an ACL of its own (nil `relacl` means the default privileges).
    func hasACL(_ relation: Relation) throws(FerryError) -> Bool {
        let result = try connection.execute(
            "SELECT relacl IS NOT NULL FROM pg_catalog.pg_class WHERE oid = $1::oid",
            parameters: [String(relation.oid)], PostgresContext(stage, "reading the privileges of table \(relation.name)"))
        return result.bool(0, 0)
    }

    /// Every table and column privilege granted on the table (`aclexplode` of `relacl` and
    /// `attacl`), the owner's included.
    func grants(on relation: Relation) throws(FerryError) -> [Grant] {
        let result = try connection.execute(
            """
            SELECT CASE WHEN x.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END,
                   x.privilege_type, x.is_grantable, NULL::text
            FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) x WHERE c.oid = $1::oid
            UNION ALL
            SELECT CASE WHEN x.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END,
                   x.privilege_type, x.is_grantable, a.attname::text
            FROM pg_catalog.pg_attribute a, pg_catalog.aclexplode(a.attacl) x
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
            """,
            parameters: [String(relation.oid)], PostgresContext(stage, "reading the privileges of table \(relation.name)"))
        return (0..<result.rowCount).map { row in
            Grant(grantee: result.text(row, 0), privilege: result.text(row, 1) ?? "", grantable: result.bool(row, 2), column: result.text(row, 3))
        }
    }

    /// The privileges an owner has by default on a table, on this server version
    /// (`acldefault('r', owner)`).
    func ownerDefaultPrivileges(_ relation: Relation) throws(FerryError) -> [String] {
        let result = try connection.execute(
            """
            SELECT x.privilege_type FROM pg_catalog.pg_class c,
                   pg_catalog.aclexplode(pg_catalog.acldefault('r', c.relowner)) x WHERE c.oid = $1::oid
            """,
            parameters: [String(relation.oid)], PostgresContext(stage, "reading the privileges of table \(relation.name)"))
        return (0..<result.rowCount).compactMap { result.text($0, 0) }
    }
}
