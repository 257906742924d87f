import FerryCore

extension DbtPackage {
    /// `ferry_assert_loaded`, the guard for `pre-hook` and `on-run-start`.
    var assertLoadedMacro: String {
        let ledger = LedgerEntry.defaultTable
        return #"""
        {#-
          ferry_assert_loaded: fails the node (a compiler error) unless Ferry's load ledger,
          \#(ledger) in the table's schema, shows that the seed or relation was loaded: the latest
          load must have completed, be at most max_age old, have loaded the table that is there now
          (PostgreSQL: the same oid; a table recreated since, say by `dbt seed --full-refresh`, fails)
          and, for a seed, have read the same CSV bytes as are there now.
            pre_hook="{{ \#(Self.name).ferry_assert_loaded('big_seed') }}"
            pre_hook="{{ \#(Self.name).ferry_assert_loaded('big_seed', max_age={'count': 24, 'period': 'hour'}) }}"
            on-run-start: "{{ \#(Self.name).ferry_assert_loaded(ref('big_seed')) }}"
          max_age: a number of hours, or {'count': n, 'period': 'minute' | 'hour' | 'day'}.
          require_checksum (default: var('ferry_require_checksum', true)): compare the CSV's SHA-256
          with the loaded one. dbt's Jinja cannot read files, so the current SHA-256 comes from
          `ferry dbt`, which hashes every planned seed before it starts dbt (\#(Self.checksumsVariable));
          outside `ferry dbt` the check fails and says so. A relation that is not a seed has no CSV.
        -#}
        {% macro ferry_assert_loaded(seed_or_relation, max_age=none, require_checksum=none) %}
          {{ return(adapter.dispatch('ferry_assert_loaded', '\#(Self.name)')(seed_or_relation, max_age, require_checksum)) }}
        {% endmacro %}

        {% macro default__ferry_assert_loaded(seed_or_relation, max_age, require_checksum) %}
          {% if not execute %}{{ return('') }}{% endif %}
          {% set found = \#(Self.name).ferry_resolve_loaded(seed_or_relation) %}
          {% set relation = found.relation %}
          {% set seed = found.seed %}
          {% set table_name = relation.schema ~ '.' ~ relation.identifier %}
          {% set what = ("seed '" ~ seed.name ~ "' (" ~ table_name ~ ")") if seed is not none else ("'" ~ table_name ~ "'") %}
          {% set remedy = "`ferry dbt -- <your dbt command>`, for example `ferry dbt -- build`" %}
          {% set ledger = adapter.get_relation(database=relation.database or target.database, schema=relation.schema, identifier='\#(ledger)') %}
          {% if ledger is none %}
            {% do exceptions.raise_compiler_error("ferry_assert_loaded: " ~ what ~ " has not been loaded by Ferry: there is no load ledger "
              ~ relation.schema ~ ".\#(ledger). Load it before dbt runs: " ~ remedy ~ ".") %}
          {% endif %}
          {% set rows = \#(Self.name).ferry_latest_load(ledger, relation) %}
          {% if rows | length == 0 %}
            {% do exceptions.raise_compiler_error("ferry_assert_loaded: " ~ what ~ " has not been loaded by Ferry: "
              ~ relation.schema ~ ".\#(ledger) has no row for it. Load it before dbt runs: " ~ remedy ~ ".") %}
          {% endif %}
          {% set status, loaded_sha256, error_code, run_id, ended_at, age_seconds, loaded_oid, current_oid = rows[0] %}
          {% if status != '\#(LedgerEntry.Status.completed.rawValue)' %}
            {% do exceptions.raise_compiler_error("ferry_assert_loaded: the latest Ferry load of " ~ what ~ " failed (error "
              ~ error_code ~ ", run " ~ run_id ~ ", ended " ~ ended_at ~ "); the table still holds the previous load, if any. "
              ~ "Fix the cause, then reload: " ~ remedy ~ ".") %}
          {% endif %}
          {% if loaded_oid is not none and loaded_oid != current_oid %}
            {% do exceptions.raise_compiler_error("ferry_assert_loaded: " ~ what ~ " is not the table Ferry loaded (run " ~ run_id
              ~ ", ended " ~ ended_at ~ "): it was " ~ ("dropped" if current_oid is none else "replaced")
              ~ " since, for example by a plain `dbt seed --full-refresh` (its oid was " ~ loaded_oid ~ ", now "
              ~ (current_oid if current_oid is not none else "none") ~ "). Reload it: " ~ remedy ~ ".") %}
          {% endif %}
          {% set limit_seconds = \#(Self.name).ferry_max_age_seconds(max_age) %}
          {% if limit_seconds is not none and age_seconds > limit_seconds %}
            {% do exceptions.raise_compiler_error("ferry_assert_loaded: " ~ what ~ " was last loaded " ~ (age_seconds // 3600)
              ~ " h " ~ ((age_seconds % 3600) // 60) ~ " min ago (" ~ ended_at ~ "), longer ago than max_age ("
              ~ limit_seconds ~ " s). Reload it: " ~ remedy ~ ".") %}
          {% endif %}
          {% set require = var('ferry_require_checksum', true) if require_checksum is none else require_checksum %}
          {% if require and seed is not none %}
            {% set current = (fromjson(env_var('\#(Self.checksumsVariable)', '{}')) or {}).get(seed.unique_id) %}
            {% if current is none %}
              {% do exceptions.raise_compiler_error("ferry_assert_loaded: cannot check that " ~ seed.original_file_path
                ~ " is the file Ferry loaded into " ~ what ~ ": dbt's Jinja cannot read files, so the CSV's SHA-256 comes from "
                ~ "`ferry dbt`. Run this command as `ferry dbt --no-load -- <dbt command>` (checks without loading) or "
                ~ "`ferry dbt -- <dbt command>` (loads first); or pass require_checksum=false, or set the var "
                ~ "ferry_require_checksum to false, to check only that the load happened.") %}
            {% endif %}
            {% if current.sha256 != loaded_sha256 %}
              {% do exceptions.raise_compiler_error("ferry_assert_loaded: " ~ seed.original_file_path ~ " has changed since Ferry loaded "
                ~ what ~ " (SHA-256 loaded " ~ (loaded_sha256 or 'none')[:12] ~ "…, now " ~ current.sha256[:12]
                ~ "…, run " ~ run_id ~ "). Reload it: " ~ remedy ~ ".") %}
            {% endif %}
          {% endif %}
          {{ return('') }}
        {% endmacro %}

        """#
    }

    /// `ferry_latest_load`: the ledger's latest row for a table, in each database's SQL.
    var latestLoadMacro: String {
        let ledger = LedgerTable.name
        // The ledger's columns as FerryCore defines them (LedgerColumn), so the macros cannot drift.
        let (status, sha256, errorCode, runID, endedAt, targetTable, targetOID): (LedgerColumn, LedgerColumn, LedgerColumn, LedgerColumn, LedgerColumn, LedgerColumn, LedgerColumn) =
            (.status, .sourceSHA256, .errorCode, .runID, .endedAt, .targetTable, .targetOID)
        let header = #"""
        {#-
          ferry_latest_load: the latest row of the \#(ledger) ledger `ledger` for `relation`, as
          [\#(status), \#(sha256), \#(errorCode), \#(runID), \#(endedAt) (text), age in seconds, \#(targetOID),
          the table's oid now], in a list that is empty when there is none. The ledger names a
          PostgreSQL table schema.table and a SQLite table by its name alone (Ferry's \#(targetTable)).
          Only PostgreSQL has table oids; elsewhere both are none, and so they are for ledger rows
          written before Ferry recorded them.
        -#}
        {% macro ferry_latest_load(ledger, relation) %}
          {{ return(adapter.dispatch('ferry_latest_load', '\#(Self.name)')(ledger, relation)) }}
        {% endmacro %}

        """#
        let schemaTable = #"(relation.schema ~ "." ~ relation.identifier) | replace("'", "''")"#
        return ([header] + [
            latestLoadQuery("default", note: [], alias: "", select: [
                "cast(\(endedAt) as varchar(64)),",
                "cast(extract(epoch from (current_timestamp - \(endedAt))) as bigint),",
                "cast(null as bigint), cast(null as bigint)",
            ], table: schemaTable),
            latestLoadQuery("postgres", note: [
                "{#- to_jsonb(l) holds the columns the ledger has: one made by an older Ferry reads \(targetOID) as null. -#}",
            ], alias: "l", select: [
                "cast(l.\(endedAt) as varchar(64)),",
                "cast(extract(epoch from (current_timestamp - l.\(endedAt))) as bigint),",
                "(to_jsonb(l) ->> '\(targetOID)')::bigint,",
                #"to_regclass('{{ relation.include(database=false).render() | replace("'", "''") }}')::oid::bigint"#,
            ], table: schemaTable),
            latestLoadQuery("sqlite", note: [
                "{#- Ferry writes SQLite times as fixed-width UTC text (2026-11-22 03:10:12.389Z): text order is time order.",
                "    SQLite has no table identity Ferry could record: the oids are null. -#}",
            ], alias: "", select: [
                "\(endedAt),",
                "cast((julianday('now') - julianday(\(endedAt))) * 86400 as integer), null, null",
            ], table: #"relation.identifier | replace("'", "''")"#),
        ]).joined(separator: "\n")
    }

    /// One database's `default`, `postgres` or `sqlite` variant of `ferry_latest_load`: the ledger
    /// row's status, SHA-256, error code and run id, then `select` (one line each), of the latest
    /// row whose target table is the Jinja expression `table`. `alias` names the ledger in the
    /// query when the columns need a prefix (empty: none); `note` is a Jinja comment, line by line.
    private func latestLoadQuery(_ adapter: String, note: [String], alias: String, select: [String], table: String) -> String {
        let (status, sha256, errorCode, runID, endedAt, targetTable): (LedgerColumn, LedgerColumn, LedgerColumn, LedgerColumn, LedgerColumn, LedgerColumn) =
            (.status, .sourceSHA256, .errorCode, .runID, .endedAt, .targetTable)
        let (ledger, column) = alias.isEmpty ? ("{{ ledger }}", "") : ("{{ ledger }} as \(alias)", alias + ".")
        return """
        {% macro \(adapter)__ferry_latest_load(ledger, relation) %}
        \(note.map { "  \($0)\n" }.joined())  {% set query %}
            select \(column)\(status), \(column)\(sha256), \(column)\(errorCode), \(column)\(runID), \(select.joined(separator: "\n           "))
            from \(ledger)
            where \(column)\(targetTable) = '{{ \(table) }}'
            order by \(column)\(endedAt) desc
            limit 1
          {% endset %}
          {{ return(run_query(query).rows) }}
        {% endmacro %}

        """
    }

    /// `ferry_resolve_loaded`: the table and, when there is one, the seed behind a guard's argument.
    var resolveLoadedMacro: String {
        #"""
        {#- {'relation': the table, 'seed': its seed node or none} for a seed's name or a relation. -#}
        {% macro ferry_resolve_loaded(seed_or_relation) %}
          {% set seeds = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed') | list %}
          {% if seed_or_relation is string %}
            {% set named = seeds | selectattr('name', 'equalto', seed_or_relation) | list %}
            {% if named | length == 0 %}
              {% do exceptions.raise_compiler_error("ferry_assert_loaded: the project has no seed named '" ~ seed_or_relation
                ~ "'; pass a seed's name or a relation such as ref('my_seed')") %}
            {% endif %}
            {% set node = named[0] %}
            {{ return({'relation': api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias), 'seed': node}) }}
          {% endif %}
          {% set relation = seed_or_relation %}
          {% for node in seeds if node.schema == relation.schema and node.alias == relation.identifier
                                  and (relation.database is none or node.database == relation.database) %}
            {{ return({'relation': relation, 'seed': node}) }}
          {% endfor %}
          {{ return({'relation': relation, 'seed': none}) }}
        {% endmacro %}

        """#
    }

    /// `ferry_max_age_seconds`: the guard's `max_age` argument in seconds.
    var maxAgeMacro: String {
        #"""
        {#- max_age in seconds: a number of hours, or {'count': n, 'period': 'minute' | 'hour' | 'day'}; none: no limit. -#}
        {% macro ferry_max_age_seconds(max_age) %}
          {% if max_age is none %}{{ return(none) }}{% endif %}
          {% if max_age is number %}{{ return((max_age * 3600) | int) }}{% endif %}
          {% set periods = {'minute': 60, 'hour': 3600, 'day': 86400} %}
          {% if max_age is mapping and max_age.get('period') in periods and max_age.get('count') is number %}
            {{ return((max_age['count'] * periods[max_age['period']]) | int) }}
          {% endif %}
          {% do exceptions.raise_compiler_error("ferry_assert_loaded: max_age must be a number of hours or "
            ~ "{'count': n, 'period': 'minute' | 'hour' | 'day'}, not " ~ max_age) %}
        {% endmacro %}

        """#
    }
}
