import FerryCore

extension DbtPackage {
    /// `ferry_load_plan`, the run-operation `ferry dbt` reads its loads from.
    var loadPlanMacro: String {
        #"""
        {#-
          ferry_load_plan: the requests `ferry dbt` runs, one per seed selected for Ferry, printed as
          JSON lines: {"\#(Self.planMarker)": 1, "seed": unique_id, "name", "fqn", "package", "in_root_project",
          "path": the CSV relative to its package, "profile" and "target": the profile output in use,
          "request": a Ferry contract v\#(contract.contractVersion) request}, then one line {"\#(Self.planSummaryMarker)": 1,
          "other_seeds": the project's enabled seeds it did not select, "warn_error": whether dbt turns
          warnings into errors} (with no other seed, `ferry dbt -- seed` need not start dbt again).
            dbt run-operation ferry.ferry_load_plan                           seeds tagged `\#(Self.tag)`
            dbt run-operation ferry.ferry_load_plan --args '{seeds: [a, b]}'  these seeds, tagged or not
          create_schemas: create each seed's schema when it is missing (`ferry dbt` passes true when it loads).
          No password is printed: Ferry reads it from PGPASSWORD, ~/.pgpass or the profile's env_var().
        -#}
        {% macro ferry_load_plan(seeds=none, create_schemas=false) %}
          {{ return(adapter.dispatch('ferry_load_plan', '\#(Self.name)')(seeds, create_schemas)) }}
        {% endmacro %}

        {% macro default__ferry_load_plan(seeds, create_schemas) %}
          {% if not execute %}{{ return('') }}{% endif %}
          {% set wanted = [] if seeds is none else ([seeds] if seeds is string else seeds) %}
          {% set all_seeds = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed') | sort(attribute='unique_id') %}
          {% set selected = [] %}
          {% set matched = [] %}
          {% for node in all_seeds %}
            {% if wanted | length > 0 %}
              {% if node.name in wanted or node.unique_id in wanted %}
                {% do selected.append(node) %}
                {% do matched.append(node.name) %}
                {% do matched.append(node.unique_id) %}
              {% endif %}
            {% elif '\#(Self.tag)' in node.tags %}
              {% do selected.append(node) %}
            {% endif %}
          {% endfor %}
          {% for name in wanted if name not in matched %}
            {% do exceptions.raise_compiler_error("ferry_load_plan: the project has no seed named '" ~ name ~ "'") %}
          {% endfor %}
          {% for node in selected %}
            {% if create_schemas and not adapter.check_schema_exists(node.database, node.schema) %}
              {% do adapter.create_schema(api.Relation.create(database=node.database, schema=node.schema)) %}
            {% endif %}
            {% do print(tojson({
              '\#(Self.planMarker)': 1,
              'seed': node.unique_id,
              'name': node.name,
              'fqn': node.fqn | join('.'),
              'package': node.package_name,
              'in_root_project': node.package_name == project_name,
              'path': node.original_file_path,
              'profile': target.profile_name,
              'target': target.target_name,
              'request': \#(Self.name).ferry_seed_request(node),
            })) %}
          {% endfor %}
          {% set options = flags.WARN_ERROR_OPTIONS %}
          {% set errors = (options.error if options.error is defined and options.error else []) | list
            + (options.include if options.include is defined and options.include else []) | list %}
          {% do print(tojson({
            '\#(Self.planSummaryMarker)': 1,
            'other_seeds': (all_seeds | length) - (selected | length),
            'warn_error': true if (flags.WARN_ERROR or errors | length > 0) else false,
          })) %}
        {% endmacro %}

        """#
    }

    /// `ferry_seed_request`: one request that replaces a seed's table with its CSV.
    var seedRequestMacro: String {
        #"""
        {#- One Ferry request for `node`, a seed: load its table from the CSV in one transaction, with the
            mode (and key) of its meta.ferry config, replace by default. -#}
        {% macro ferry_seed_request(node) %}
          {% set settings = \#(Self.name).ferry_seed_settings(node) %}
          {% set request = {
            'contract_version': \#(contract.contractVersion),
            'job': {'name': node.package_name ~ '.' ~ node.name},
            'source': {'kind': 'file', 'path': node.original_file_path, 'format': 'csv'},
            'target': \#(Self.name).ferry_target_endpoint(node),
            'mode': settings.mode,
          } %}
          {% if settings.key | length > 0 %}
            {% do request.update({'key': settings.key}) %}
          {% endif %}
          {% set column_types = node.config.get('column_types') or {} %}
          {% if column_types | length > 0 %}
            {% set columns = [] %}
            {% for name, sql_type in column_types.items() %}
              {% do columns.append({'name': name, 'type': \#(Self.name).ferry_column_type(sql_type, node.name, name)}) %}
            {% endfor %}
            {% do request.update({'columns': columns}) %}
          {% endif %}
          {% set delimiter = node.config.get('delimiter') or ',' %}
          {% if delimiter != ',' %}
            {% do request.update({'options': {'delimiter': delimiter}}) %}
          {% endif %}
          {{ return(request) }}
        {% endmacro %}

        """#
    }

    /// The modes a seed may name in `+meta: {ferry: {mode: …}}`: `replace` (the default) reloads
    /// the table, `append` adds the CSV's rows, `upsert` merges them on `key`.
    static let seedModes: [LoadMode] = [.replace, .append, .upsert]

    /// `ferry_seed_settings`: a seed's mode and key from its `meta.ferry` config, checked.
    var seedSettingsMacro: String {
        let modes = Self.seedModes.map(\.rawValue)
        let keyed = Self.seedModes.filter(\.needsKey).map(\.rawValue)
        let keyless = Self.seedModes.filter { !$0.takesKey }.map(\.rawValue)
        func list(_ names: [String]) -> String { "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]" }
        return #"""
        {#-
          ferry_seed_settings: {'mode': …, 'key': […]} for a seed node, from its meta.ferry config:
            seeds:
              my_project:
                orders:
                  +meta:
                    ferry: {mode: upsert, key: [id]}
          (or `config: {meta: {ferry: …}}` in the seed's properties YAML). mode: \#(modes.joined(separator: ", "))
          (default \#(LoadMode.replace.rawValue)); \#(keyed.joined(separator: ", ")) needs key (the columns that identify a row);
          \#(keyless.joined(separator: ", ")) takes none. Anything else fails the plan, naming the seed and the setting.
        -#}
        {% macro ferry_seed_settings(node) %}
          {% set meta = node.config.get('meta') or {} %}
          {% set settings = meta.get('ferry') if meta.get('ferry') is not none else (node.get('meta') or {}).get('ferry') %}
          {% if settings is none %}{{ return({'mode': '\#(LoadMode.replace.rawValue)', 'key': []}) }}{% endif %}
          {% set seed = "seed '" ~ node.name ~ "' (" ~ node.original_file_path ~ "): meta.ferry" %}
          {% set origin = " (set with `+meta: {ferry: {...}}` in dbt_project.yml, or `config: {meta: {ferry: {...}}}` in "
            ~ (node.patch_path.split('://')[-1] if node.get('patch_path') else "the seed's properties YAML") ~ ")" %}
          {% if settings is not mapping %}
            {% do exceptions.raise_compiler_error(seed ~ " must be a mapping such as {mode: upsert, key: [id]}, not '" ~ settings ~ "'" ~ origin) %}
          {% endif %}
          {% for name in settings.keys() if name not in ['mode', 'key'] %}
            {% do exceptions.raise_compiler_error(seed ~ "." ~ name ~ " is not a setting Ferry knows; it takes mode and key" ~ origin) %}
          {% endfor %}
          {% set mode = settings.get('mode', '\#(LoadMode.replace.rawValue)') %}
          {% if mode not in \#(list(modes)) %}
            {% do exceptions.raise_compiler_error(seed ~ ".mode is '" ~ mode ~ "'; use one of: \#(modes.joined(separator: ", "))" ~ origin) %}
          {% endif %}
          {% set key = settings.get('key') %}
          {% set key = [] if key is none else ([key] if key is string else key) %}
          {% if key is not sequence or key is mapping or (key | reject('string') | list | length) > 0 %}
            {% do exceptions.raise_compiler_error(seed ~ ".key must be a column name or a list of them, not '" ~ settings.get('key') ~ "'" ~ origin) %}
          {% endif %}
          {% if mode in \#(list(keyed)) and key | length == 0 %}
            {% do exceptions.raise_compiler_error(seed ~ ".mode is " ~ mode ~ ", which needs key: the columns that identify a row, "
              ~ "as in {mode: " ~ mode ~ ", key: [id]}" ~ origin) %}
          {% endif %}
          {% if mode in \#(list(keyless)) and key | length > 0 %}
            {% do exceptions.raise_compiler_error(seed ~ ".mode is " ~ mode ~ ", which takes no key; remove key, or use mode upsert" ~ origin) %}
          {% endif %}
          {{ return({'mode': mode, 'key': key}) }}
        {% endmacro %}

        """#
    }

    /// `ferry_target_endpoint`: the request's target on the profile's connection, per adapter.
    var targetEndpointMacro: String {
        #"""
        {#-
          ferry_target_endpoint: the request's target for a seed node, on the connection of `target`
          (the profile's active output) without its password; keepalives_idle 0 means unset, as in
          dbt-postgres. PostgreSQL (dbt-postgres) and SQLite (dbt-sqlite); for another adapter it
          fails with a message, and a project may add its own <adapter>__ferry_target_endpoint.
        -#}
        {% macro ferry_target_endpoint(node) %}
          {{ return(adapter.dispatch('ferry_target_endpoint', '\#(Self.name)')(node)) }}
        {% endmacro %}

        {% macro default__ferry_target_endpoint(node) %}
          {% do exceptions.raise_compiler_error(
            "Ferry loads dbt seeds into PostgreSQL (dbt-postgres) and SQLite (dbt-sqlite); the target '" ~ target.name
            ~ "' is of type '" ~ target.type ~ "'. Load this seed with `dbt seed`, or use a postgres target.") %}
        {% endmacro %}

        {% macro postgres__ferry_target_endpoint(node) %}
          {% set parts = [] %}
          {% set settings = [
            ('host', target.get('host')), ('port', target.get('port')), ('dbname', node.database),
            ('user', target.get('user')), ('sslmode', target.get('sslmode')), ('sslcert', target.get('sslcert')),
            ('sslkey', target.get('sslkey')), ('sslrootcert', target.get('sslrootcert')),
            ('connect_timeout', target.get('connect_timeout')),
            ('keepalives_idle', target.get('keepalives_idle') or none),
          ] %}
          {% for key, value in settings if value is not none and value | string | length > 0 %}
            {% do parts.append(key ~ "='" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") %}
          {% endfor %}
          {{ return({'kind': 'postgres', 'connection': parts | join(' '), 'schema': node.schema, 'table': node.alias}) }}
        {% endmacro %}

        {% macro sqlite__ferry_target_endpoint(node) %}
          {#- dbt-sqlite attaches each schema as a file: schemas_and_paths, else <schema_directory>/<schema>.db. -#}
          {% set paths = target.get('schemas_and_paths') or {} %}
          {% set path = paths.get(node.schema) or (target.get('schema_directory') ~ '/' ~ node.schema ~ '.db') %}
          {{ return({'kind': 'sqlite', 'path': path, 'table': node.alias}) }}
        {% endmacro %}

        """#
    }
}
