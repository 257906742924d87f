import FerryCore

extension DbtPackage {
    /// The SQL type names a seed's `column_types` may use, and the Ferry type each becomes.
    /// `numeric`/`decimal` (with or without precision and scale) are handled apart. Ferry's types
    /// are wider than some SQL names (every integer becomes bigint, every string text).
    static let sqlTypes: [(sql: String, ferry: ColumnType)] = [
        ("smallint", .bigint), ("int2", .bigint), ("integer", .bigint), ("int", .bigint), ("int4", .bigint),
        ("bigint", .bigint), ("int8", .bigint),
        ("real", .double), ("float4", .double), ("float", .double), ("float8", .double),
        ("double precision", .double), ("double", .double),
        ("boolean", .boolean), ("bool", .boolean),
        ("date", .date),
        ("timestamp", .timestamp), ("timestamp without time zone", .timestamp), ("datetime", .timestamp),
        ("timestamptz", .timestamptz), ("timestamp with time zone", .timestamptz),
        ("uuid", .uuid), ("json", .json), ("jsonb", .json),
        ("text", .text), ("varchar", .text), ("character varying", .text), ("char", .text), ("character", .text),
        ("bpchar", .text), ("string", .text),
    ]

    /// `ferry_column_type`: a `column_types` entry as a Ferry type, or a compiler error naming it.
    var columnTypeMacro: String {
        let entries = Self.sqlTypes.map { "'\($0.sql)': '\($0.ferry.name)'" }
        var lines: [String] = []
        var line = "   "
        for entry in entries {
            if line.count + entry.count + 2 > 100 {
                lines.append(line)
                line = "   "
            }
            line += " " + entry + ","
        }
        lines.append(line)
        let decimal = ColumnType.anyDecimal.name
        return #"""
        {#- The Ferry column type for a seed's column_types entry (a SQL type), or a compiler error. -#}
        {% macro ferry_column_type(sql_type, seed_name, column_name) %}
          {% set text = sql_type | string | lower | trim %}
          {% set base = modules.re.sub('\\s+', ' ', modules.re.sub('\\(.*$', '', text)) | trim %}
          {% set args = modules.re.search('\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)\\s*$', text) %}
          {% set names = {
        \#(lines.joined(separator: "\n"))
          } %}
          {% if base in ('numeric', 'decimal') %}
            {% if args is none %}{{ return('\#(decimal)') }}{% endif %}
            {{ return('\#(decimal)(' ~ args.group(1) ~ (',' ~ args.group(2) if args.group(2) else '') ~ ')') }}
          {% elif base in names %}
            {{ return(names[base]) }}
          {% endif %}
          {% do exceptions.raise_compiler_error(
            "seed '" ~ seed_name ~ "': Ferry has no type for column_types." ~ column_name ~ " = '" ~ sql_type
            ~ "'; use one of: numeric(p,s), \#(Self.sqlTypes.map(\.sql).joined(separator: ", "))") %}
        {% endmacro %}

        """#
    }
}
