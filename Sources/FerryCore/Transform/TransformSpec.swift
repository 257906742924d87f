/// The request's `transform`: which input columns reach the target, under which names, derived
/// columns, a row filter and audit columns (Docs/transforms.md). Expressions are parsed here, so
/// a syntax error is a request error with its JSON path and position; they are typed when the
/// input's schema is known (`ShapeStage` in FerryEngine).
package struct TransformSpec: Sendable, Equatable {
    /// One derived or reshaped output column.
    package struct DerivedColumn: Sendable, Equatable {
        package var name: String
        /// The value; nil: the output column of this name as it stands (to cast or default it).
        package var expr: TransformExpression?
        /// Cast the value to this Ferry type.
        package var type: ColumnType?
        /// The value where the result is NULL.
        package var defaultValue: TransformExpression?

        package init(name: String, expr: TransformExpression? = nil, type: ColumnType? = nil, defaultValue: TransformExpression? = nil) {
            self.name = name
            self.expr = expr
            self.type = type
            self.defaultValue = defaultValue
        }
    }

    /// The audit columns a load can add.
    package enum AuditColumn: String, Sendable, CaseIterable {
        /// When the run started (timestamptz, the same for every row of the run).
        case loadedAt = "_loaded_at"
        /// The run's id (text, a UUIDv7).
        case runID = "_run_id"
    }

    /// Input columns to keep, in this order; nil: all of them.
    package var select: [String]?
    package var drop: [String] = []
    /// `(from, to)` renames, applied after select and drop.
    package var rename: [(from: String, to: String)] = []
    package var columns: [DerivedColumn] = []
    /// Rows for which this is not TRUE are left out (counted as filtered, not rejected).
    package var filter: TransformExpression?
    package var audit: [AuditColumn] = []
    /// Output text columns whose values lose leading and trailing spaces.
    package var trim: [String] = []
    /// Output text columns where an empty string becomes NULL (after `trim`).
    package var emptyAsNull: [String] = []
    /// Leave out input rows whose every column is NULL (counted as filtered).
    package var dropNullRows = false
    /// Leave out rows repeating an earlier row's key (counted as deduplicated, not rejected).
    package var dedupe: DedupeSpec?
    /// How output columns from the input are named (Docs/schema-evolution.md).
    package var names = NameStyle.asIs
    /// What append and upsert do when the existing table's columns differ; nil: fail (exit 5).
    package var onSchemaChange: OnSchemaChange?

    package init() {}

    package var isEmpty: Bool {
        select == nil && drop.isEmpty && rename.isEmpty && columns.isEmpty && filter == nil && audit.isEmpty
            && trim.isEmpty && emptyAsNull.isEmpty && !dropNullRows && dedupe == nil && names == .asIs && onSchemaChange == nil
    }

    package static func == (a: TransformSpec, b: TransformSpec) -> Bool { a.json == b.json }
}

/// An expression's text, its parse, and the JSON path it came from (for errors).
package struct TransformExpression: Sendable, Equatable {
    package var text: String
    package var expr: Expr
    package var path: JSONPath

    /// Parses `text`; a syntax error is reported at `path` with its position.
    package static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> TransformExpression? {
        let text: String
        switch v {
        case let .string(s): text = s
        case let .number(n): text = n
        case let .bool(b): text = b ? "TRUE" : "FALSE"
        default:
            issues.report(p, "expected an expression (a string), found \(v.typeName)")
            return nil
        }
        do {
            return TransformExpression(text: text, expr: try ExprParser.parse(text), path: p)
        } catch {
            issues.report(p, error.description)
            return nil
        }
    }

    package static func == (a: TransformExpression, b: TransformExpression) -> Bool { a.text == b.text }
}
