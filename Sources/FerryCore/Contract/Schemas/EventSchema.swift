extension ContractSchema {
    /// The JSON Schema (draft 2020-12) of one v1 event line, as `ferry contract --schema event` prints it.
    static let event = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://ferry.dev/contract/v1/event.schema.json",
      "title": "Ferry event (contract v1)",
      "description": "One line of the JSON-lines event stream ferry run writes to stdout. Every event carries the envelope (contract_version, type, run_id, seq, time) and the fields of its type. A run that passed validation starts with run_started; the last line of every run is its result, run_completed or run_failed.",
      "type": "object",
      "required": [
        "contract_version",
        "type",
        "run_id",
        "seq",
        "time"
      ],
      "properties": {
        "contract_version": {
          "$ref": "#/$defs/contract_version",
          "description": "The contract version of the event; 1."
        },
        "type": {
          "description": "The event's type; it decides the other fields.",
          "enum": [
            "run_started",
            "schema_resolved",
            "progress",
            "warning",
            "rows_rejected",
            "run_completed",
            "run_failed"
          ]
        },
        "run_id": {
          "$ref": "#/$defs/run_id",
          "description": "The run's identifier, a UUIDv7; the same on every event of a run."
        },
        "seq": {
          "$ref": "#/$defs/seq",
          "description": "The event's position in the run: 1, 2, 3, ... without gaps."
        },
        "time": {
          "$ref": "#/$defs/time",
          "description": "When the event was emitted, UTC with milliseconds."
        }
      },
      "oneOf": [
        {
          "$ref": "#/$defs/run_started"
        },
        {
          "$ref": "#/$defs/schema_resolved"
        },
        {
          "$ref": "#/$defs/progress"
        },
        {
          "$ref": "#/$defs/warning"
        },
        {
          "$ref": "#/$defs/rows_rejected"
        },
        {
          "$ref": "#/$defs/run_completed"
        },
        {
          "$ref": "#/$defs/run_failed"
        }
      ],
      "$defs": {
        "contract_version": {
          "description": "The contract version; 1.",
          "type": "integer",
          "const": 1
        },
        "run_id": {
          "description": "A UUIDv7 (RFC 9562) in lowercase 8-4-4-4-12 form; time-ordered, so runs sort by start time.",
          "type": "string",
          "format": "uuid",
          "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
        },
        "seq": {
          "description": "1-based, gapless sequence number within a run.",
          "type": "integer",
          "minimum": 1
        },
        "time": {
          "description": "ISO 8601 UTC time with milliseconds, e.g. 2026-11-21T21:30:00.123Z.",
          "type": "string",
          "format": "date-time",
          "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"
        },
        "job": {
          "title": "Job",
          "description": "The name and namespace a run reports itself under.",
          "type": "object",
          "required": [
            "name",
            "namespace"
          ],
          "properties": {
            "name": {
              "description": "The job's name (default load_<target table>).",
              "type": "string",
              "minLength": 1
            },
            "namespace": {
              "description": "The job's namespace (default ferry).",
              "type": "string",
              "minLength": 1
            }
          },
          "additionalProperties": false
        },
        "mode": {
          "description": "The load mode.",
          "enum": [
            "create",
            "append",
            "replace",
            "truncate",
            "upsert",
            "update"
          ]
        },
        "source": {
          "title": "Source endpoint",
          "description": "The source as resolved from the request, defaults filled in.",
          "oneOf": [
            {
              "$ref": "#/$defs/file_source"
            },
            {
              "$ref": "#/$defs/sqlite_source"
            },
            {
              "$ref": "#/$defs/postgres_source"
            },
            {
              "$ref": "#/$defs/odbc_source"
            }
          ]
        },
        "target": {
          "title": "Target endpoint",
          "description": "The target as resolved from the request, defaults filled in.",
          "oneOf": [
            {
              "$ref": "#/$defs/sqlite_target"
            },
            {
              "$ref": "#/$defs/postgres_target"
            },
            {
              "$ref": "#/$defs/odbc_target"
            },
            {
              "$ref": "#/$defs/file_target"
            }
          ]
        },
        "file_source": {
          "title": "File source",
          "description": "A CSV, TSV or JSON Lines file source.",
          "type": "object",
          "required": [
            "kind",
            "path",
            "format",
            "compression"
          ],
          "properties": {
            "kind": {
              "description": "Always file.",
              "const": "file"
            },
            "path": {
              "description": "The file's path as the request gave it.",
              "type": "string",
              "minLength": 1
            },
            "format": {
              "description": "The format, given or guessed from the file name.",
              "enum": [
                "csv",
                "tsv",
                "jsonl"
              ]
            },
            "compression": {
              "description": "auto, none or gzip, as requested (auto when not given).",
              "enum": [
                "auto",
                "none",
                "gzip"
              ]
            }
          },
          "additionalProperties": false
        },
        "file_target": {
          "title": "File target",
          "description": "A CSV, TSV or JSON Lines file target (export).",
          "type": "object",
          "required": [
            "kind",
            "path",
            "format",
            "compression"
          ],
          "properties": {
            "kind": {
              "description": "Always file.",
              "const": "file"
            },
            "path": {
              "description": "The file's path as the request gave it.",
              "type": "string",
              "minLength": 1
            },
            "format": {
              "description": "The format, given or guessed from the file name.",
              "enum": [
                "csv",
                "tsv",
                "jsonl"
              ]
            },
            "compression": {
              "description": "Always none.",
              "const": "none"
            }
          },
          "additionalProperties": false
        },
        "sqlite_source": {
          "title": "SQLite source",
          "description": "A SQLite table or query source: exactly one of table and query.",
          "type": "object",
          "required": [
            "kind",
            "path"
          ],
          "properties": {
            "kind": {
              "description": "Always sqlite.",
              "const": "sqlite"
            },
            "path": {
              "description": "The database file (default ferry.db).",
              "type": "string",
              "minLength": 1
            },
            "table": {
              "description": "The table read.",
              "type": "string",
              "minLength": 1
            },
            "query": {
              "description": "The query read.",
              "type": "string",
              "minLength": 1
            }
          },
          "additionalProperties": false,
          "oneOf": [
            {
              "required": [
                "table"
              ]
            },
            {
              "required": [
                "query"
              ]
            }
          ]
        },
        "sqlite_target": {
          "title": "SQLite target",
          "description": "A SQLite table target.",
          "type": "object",
          "required": [
            "kind",
            "path",
            "table"
          ],
          "properties": {
            "kind": {
              "description": "Always sqlite.",
              "const": "sqlite"
            },
            "path": {
              "description": "The database file (default ferry.db).",
              "type": "string",
              "minLength": 1
            },
            "table": {
              "description": "The table loaded (default: named after the source file).",
              "type": "string",
              "minLength": 1
            }
          },
          "additionalProperties": false
        },
        "connection": {
          "title": "Redacted connection",
          "description": "A PostgreSQL connection as the request gave it (URI, conninfo string or database name), with every password replaced by ***: postgresql://loader:***@db/shop, host=db password=***. Never a password.",
          "type": "string",
          "minLength": 1,
          "not": {
            "pattern": "^postgres(ql)?://[^@/]*:(?!\\*\\*\\*@)[^@/]*@|(^|[\\s&?])(ssl)?password\\s*=(?!\\s*\\*\\*\\*(\\s|&|$))"
          }
        },
        "odbc_connection": {
          "title": "Redacted ODBC connection",
          "description": "An ODBC data source name or connection string as the request gave it, with the value of every secret attribute replaced by ***: DSN=shop;UID=loader;PWD=***. Never a password.",
          "type": "string",
          "minLength": 1,
          "not": {
            "pattern": "(^|;)\\s*([pP][wW][dD]|[^;=]*([pP][aA][sS][sS][wW][oO][rR][dD]|[sS][eE][cC][rR][eE][tT]|[tT][oO][kK][eE][nN]|[kK][eE][yY])[^;=]*)\\s*=(?!\\*\\*\\*(;|$))"
          }
        },
        "odbc_source": {
          "title": "ODBC source",
          "description": "A table or query of a database reached through ODBC: exactly one of table and query.",
          "type": "object",
          "required": [
            "kind",
            "connection"
          ],
          "properties": {
            "kind": {
              "description": "Always odbc.",
              "const": "odbc"
            },
            "connection": {
              "$ref": "#/$defs/odbc_connection",
              "description": "The data source name or connection string, secrets redacted."
            },
            "schema": {
              "description": "The table's schema, when the request gave one.",
              "type": "string",
              "minLength": 1
            },
            "table": {
              "description": "The table read.",
              "type": "string",
              "minLength": 1
            },
            "query": {
              "description": "The query read.",
              "type": "string",
              "minLength": 1
            }
          },
          "additionalProperties": false,
          "oneOf": [
            {
              "required": [
                "table"
              ]
            },
            {
              "required": [
                "query"
              ]
            }
          ]
        },
        "odbc_target": {
          "title": "ODBC target",
          "description": "A table of a database reached through ODBC.",
          "type": "object",
          "required": [
            "kind",
            "connection",
            "table"
          ],
          "properties": {
            "kind": {
              "description": "Always odbc.",
              "const": "odbc"
            },
            "connection": {
              "$ref": "#/$defs/odbc_connection",
              "description": "The data source name or connection string, secrets redacted."
            },
            "schema": {
              "description": "The table's schema, when the request gave one.",
              "type": "string",
              "minLength": 1
            },
            "table": {
              "description": "The table loaded (default: named after the source file).",
              "type": "string",
              "minLength": 1
            }
          },
          "additionalProperties": false
        },
        "postgres_source": {
          "title": "PostgreSQL source",
          "description": "A PostgreSQL table or query source: exactly one of table and query.",
          "type": "object",
          "required": [
            "kind"
          ],
          "properties": {
            "kind": {
              "description": "Always postgres.",
              "const": "postgres"
            },
            "connection": {
              "$ref": "#/$defs/connection",
              "description": "The connection, password redacted; absent when the request gave none (libpq's PG* environment variables, service file and ~/.pgpass decide)."
            },
            "schema": {
              "description": "The table's schema; absent when the request gave none (the search_path decides).",
              "type": "string",
              "minLength": 1
            },
            "table": {
              "description": "The table read.",
              "type": "string",
              "minLength": 1
            },
            "query": {
              "description": "The query read.",
              "type": "string",
              "minLength": 1
            }
          },
          "additionalProperties": false,
          "oneOf": [
            {
              "required": [
                "table"
              ]
            },
            {
              "required": [
                "query"
              ]
            }
          ]
        },
        "postgres_target": {
          "title": "PostgreSQL target",
          "description": "A PostgreSQL table target.",
          "type": "object",
          "required": [
            "kind",
            "table"
          ],
          "properties": {
            "kind": {
              "description": "Always postgres.",
              "const": "postgres"
            },
            "connection": {
              "$ref": "#/$defs/connection",
              "description": "The connection, password redacted; absent when the request gave none (libpq's PG* environment variables, service file and ~/.pgpass decide)."
            },
            "schema": {
              "description": "The table's schema; absent when the request gave none (the search_path decides).",
              "type": "string",
              "minLength": 1
            },
            "table": {
              "description": "The table loaded (default: named after the source file).",
              "type": "string",
              "minLength": 1
            },
            "ledger_schema": {
              "description": "The schema of the load ledger, when the request set one.",
              "type": "string",
              "minLength": 1
            },
            "copy_streams": {
              "description": "The COPY streams the request asked for, when it set them.",
              "type": "integer",
              "minimum": 1,
              "maximum": 16
            }
          },
          "additionalProperties": false
        },
        "run_lineage": {
          "title": "Run lineage",
          "description": "The datasets a run read and wrote, named as its OpenLineage events name them (postgres://host:port with database.schema.table; file with an absolute path; SQLite tables as file with <database path>#<table>), and the parent run it is linked to.",
          "type": "object",
          "required": [
            "inputs",
            "outputs"
          ],
          "properties": {
            "inputs": {
              "description": "The datasets read.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/lineage_dataset"
              }
            },
            "outputs": {
              "description": "The datasets written.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/lineage_dataset"
              }
            },
            "parent": {
              "description": "The parent run the OpenLineage events link to; absent when there is none or lineage is disabled.",
              "type": "object",
              "required": [
                "run_id",
                "job_namespace",
                "job_name"
              ],
              "properties": {
                "run_id": {
                  "description": "The parent's OpenLineage run id.",
                  "type": "string"
                },
                "job_namespace": {
                  "description": "The parent job's namespace.",
                  "type": "string"
                },
                "job_name": {
                  "description": "The parent job's name.",
                  "type": "string"
                }
              },
              "additionalProperties": false
            }
          },
          "additionalProperties": false
        },
        "lineage_dataset": {
          "title": "Lineage dataset",
          "type": "object",
          "required": [
            "namespace",
            "name"
          ],
          "properties": {
            "namespace": {
              "description": "The OpenLineage dataset namespace: postgres://host:port, or file.",
              "type": "string"
            },
            "name": {
              "description": "The OpenLineage dataset name: database.schema.table, an absolute path, or <database path>#<table>.",
              "type": "string"
            }
          },
          "additionalProperties": false
        },
        "column_type": {
          "title": "Column type",
          "description": "A Ferry column type in canonical form: bigint, decimal, decimal(p), decimal(p,s), double, boolean, date, timestamp, timestamptz, uuid, json or text.",
          "type": "string",
          "pattern": "^(bigint|decimal|double|boolean|date|timestamp|timestamptz|uuid|json|text|decimal\\(([1-9][0-9]{0,2}|1000)(,([0-9]|[1-9][0-9]{1,2}|1000))?\\))$"
        },
        "column": {
          "title": "Resolved column",
          "description": "A column the load writes.",
          "type": "object",
          "required": [
            "name",
            "type",
            "nullable",
            "origin"
          ],
          "properties": {
            "name": {
              "description": "The column's name.",
              "type": "string"
            },
            "type": {
              "$ref": "#/$defs/column_type",
              "description": "The column's Ferry type."
            },
            "nullable": {
              "description": "Whether the column may hold NULL.",
              "type": "boolean"
            },
            "origin": {
              "description": "Where the type came from: declared in the request's columns, inferred from the input's values, taken from the existing target table, or reported by the source database.",
              "enum": [
                "declared",
                "inferred",
                "target",
                "source"
              ]
            }
          },
          "additionalProperties": false
        },
        "reject_sample": {
          "title": "Reject sample",
          "description": "Why one row was rejected; never the row's values (they are in the reject file only).",
          "type": "object",
          "required": [
            "line",
            "column",
            "reason"
          ],
          "properties": {
            "line": {
              "description": "1-based line where the record starts in the source (the row number for database sources).",
              "type": "integer",
              "minimum": 1
            },
            "column": {
              "description": "The column at fault, or null when the whole record is (e.g. a wrong field count).",
              "type": [
                "string",
                "null"
              ]
            },
            "reason": {
              "description": "Why the row was rejected, e.g. not a valid bigint.",
              "type": "string"
            }
          },
          "additionalProperties": false
        },
        "driver_error": {
          "title": "Driver error",
          "description": "The error as the underlying database or library reported it.",
          "type": "object",
          "required": [
            "system",
            "code",
            "message"
          ],
          "properties": {
            "system": {
              "description": "Who reported it: sqlite, postgres, odbc, curl, zlib or posix.",
              "type": "string"
            },
            "code": {
              "description": "The driver's own code: an SQLite extended result code name (SQLITE_BUSY), a SQLSTATE, an errno name (ENOENT).",
              "type": "string"
            },
            "message": {
              "description": "The driver's message; never row values.",
              "type": "string"
            }
          },
          "additionalProperties": false
        },
        "request_issue": {
          "title": "Request issue",
          "description": "One problem of an invalid request.",
          "type": "object",
          "required": [
            "path",
            "message"
          ],
          "properties": {
            "path": {
              "description": "JSON path of the problem in the request, e.g. $.options.max_rejects or $.columns[2].type.",
              "type": "string",
              "pattern": "^\\$"
            },
            "message": {
              "description": "What is wrong, with a did-you-mean hint for near misses.",
              "type": "string"
            }
          },
          "additionalProperties": false
        },
        "error": {
          "title": "Error",
          "description": "What failed, where, and whether to retry. The category decides the exit code: request 3, source 4, target 5, rejects 6, cancelled 130, internal 1.",
          "type": "object",
          "required": [
            "code",
            "category",
            "stage",
            "message",
            "retryable"
          ],
          "properties": {
            "code": {
              "description": "A stable, machine-readable error code. New codes may be added within v1, each in an existing category.",
              "enum": [
                "invalid_request",
                "unsupported",
                "source_not_found",
                "source_unreadable",
                "source_format",
                "source_schema",
                "target_exists",
                "target_not_found",
                "target_schema_mismatch",
                "target_constraint",
                "target_unavailable",
                "target_write",
                "rejects_exceeded",
                "cancelled",
                "internal"
              ]
            },
            "category": {
              "description": "The family of the code, which decides the exit code.",
              "enum": [
                "request",
                "source",
                "target",
                "rejects",
                "cancelled",
                "internal"
              ]
            },
            "stage": {
              "description": "Where in the run it failed.",
              "enum": [
                "validate",
                "connect",
                "extract",
                "transform",
                "load",
                "commit",
                "lineage",
                "cancelled"
              ]
            },
            "message": {
              "description": "A human message naming files, tables, columns and lines; never row values or secrets.",
              "type": "string"
            },
            "retryable": {
              "description": "Whether running the same request again later may succeed (e.g. the database was busy or locked).",
              "type": "boolean"
            },
            "driver": {
              "$ref": "#/$defs/driver_error",
              "description": "The driver's own error, when a database or library reported one."
            },
            "issues": {
              "description": "Every problem of an invalid request, with its JSON path (invalid_request only).",
              "type": "array",
              "minItems": 1,
              "items": {
                "$ref": "#/$defs/request_issue"
              }
            }
          },
          "additionalProperties": false,
          "allOf": [
            {
              "if": {
                "properties": {
                  "category": {
                    "const": "request"
                  }
                },
                "required": [
                  "category"
                ]
              },
              "then": {
                "properties": {
                  "code": {
                    "enum": [
                      "invalid_request",
                      "unsupported"
                    ]
                  }
                }
              }
            },
            {
              "if": {
                "properties": {
                  "category": {
                    "const": "source"
                  }
                },
                "required": [
                  "category"
                ]
              },
              "then": {
                "properties": {
                  "code": {
                    "enum": [
                      "source_not_found",
                      "source_unreadable",
                      "source_format",
                      "source_schema"
                    ]
                  }
                }
              }
            },
            {
              "if": {
                "properties": {
                  "category": {
                    "const": "target"
                  }
                },
                "required": [
                  "category"
                ]
              },
              "then": {
                "properties": {
                  "code": {
                    "enum": [
                      "target_exists",
                      "target_not_found",
                      "target_schema_mismatch",
                      "target_constraint",
                      "target_unavailable",
                      "target_write"
                    ]
                  }
                }
              }
            },
            {
              "if": {
                "properties": {
                  "category": {
                    "const": "rejects"
                  }
                },
                "required": [
                  "category"
                ]
              },
              "then": {
                "properties": {
                  "code": {
                    "enum": [
                      "rejects_exceeded"
                    ]
                  }
                }
              }
            },
            {
              "if": {
                "properties": {
                  "category": {
                    "const": "cancelled"
                  }
                },
                "required": [
                  "category"
                ]
              },
              "then": {
                "properties": {
                  "code": {
                    "enum": [
                      "cancelled"
                    ]
                  }
                }
              }
            },
            {
              "if": {
                "properties": {
                  "category": {
                    "const": "internal"
                  }
                },
                "required": [
                  "category"
                ]
              },
              "then": {
                "properties": {
                  "code": {
                    "enum": [
                      "internal"
                    ]
                  }
                }
              }
            }
          ]
        },
        "run_started": {
          "title": "Run started",
          "description": "The first event of every run that passed validation: what is about to happen.",
          "type": "object",
          "required": [
            "contract_version",
            "type",
            "run_id",
            "seq",
            "time",
            "job",
            "source",
            "target",
            "mode",
            "ferry_version"
          ],
          "properties": {
            "contract_version": {
              "$ref": "#/$defs/contract_version",
              "description": "The contract version of the event; 1."
            },
            "type": {
              "description": "Always run_started.",
              "const": "run_started"
            },
            "run_id": {
              "$ref": "#/$defs/run_id",
              "description": "The run's identifier, a UUIDv7; the same on every event of a run."
            },
            "seq": {
              "$ref": "#/$defs/seq",
              "description": "The event's position in the run: 1, 2, 3, ... without gaps."
            },
            "time": {
              "$ref": "#/$defs/time",
              "description": "When the event was emitted, UTC with milliseconds."
            },
            "job": {
              "$ref": "#/$defs/job",
              "description": "The job the run reports itself under."
            },
            "source": {
              "$ref": "#/$defs/source",
              "description": "The source, with defaults filled in."
            },
            "target": {
              "$ref": "#/$defs/target",
              "description": "The target, with defaults filled in."
            },
            "mode": {
              "$ref": "#/$defs/mode",
              "description": "The load mode."
            },
            "ferry_version": {
              "description": "The version of the ferry binary.",
              "type": "string",
              "minLength": 1
            }
          },
          "additionalProperties": false
        },
        "schema_resolved": {
          "title": "Schema resolved",
          "description": "The columns the load will write, their types, and where each type came from; emitted once the types are known, before any row is written.",
          "type": "object",
          "required": [
            "contract_version",
            "type",
            "run_id",
            "seq",
            "time",
            "columns",
            "inference"
          ],
          "properties": {
            "contract_version": {
              "$ref": "#/$defs/contract_version",
              "description": "The contract version of the event; 1."
            },
            "type": {
              "description": "Always schema_resolved.",
              "const": "schema_resolved"
            },
            "run_id": {
              "$ref": "#/$defs/run_id",
              "description": "The run's identifier, a UUIDv7; the same on every event of a run."
            },
            "seq": {
              "$ref": "#/$defs/seq",
              "description": "The event's position in the run: 1, 2, 3, ... without gaps."
            },
            "time": {
              "$ref": "#/$defs/time",
              "description": "When the event was emitted, UTC with milliseconds."
            },
            "columns": {
              "description": "The columns in target order.",
              "type": "array",
              "items": {
                "$ref": "#/$defs/column"
              }
            },
            "inference": {
              "description": "How much of the input type inference looked at.",
              "type": "object",
              "required": [
                "rows_scanned",
                "sampled"
              ],
              "properties": {
                "rows_scanned": {
                  "description": "Rows the inference pass read; 0 when no column was inferred.",
                  "type": "integer",
                  "minimum": 0
                },
                "sampled": {
                  "description": "Whether inference looked at the first infer_rows rows rather than the whole input.",
                  "type": "boolean"
                }
              },
              "additionalProperties": false
            }
          },
          "additionalProperties": false
        },
        "progress": {
          "title": "Progress",
          "description": "Throughput so far; at most about two a second, none for short runs.",
          "type": "object",
          "required": [
            "contract_version",
            "type",
            "run_id",
            "seq",
            "time",
            "phase",
            "rows_read",
            "rows_written",
            "rows_rejected",
            "bytes_read",
            "total_bytes",
            "rows_per_second",
            "bytes_per_second"
          ],
          "properties": {
            "contract_version": {
              "$ref": "#/$defs/contract_version",
              "description": "The contract version of the event; 1."
            },
            "type": {
              "description": "Always progress.",
              "const": "progress"
            },
            "run_id": {
              "$ref": "#/$defs/run_id",
              "description": "The run's identifier, a UUIDv7; the same on every event of a run."
            },
            "seq": {
              "$ref": "#/$defs/seq",
              "description": "The event's position in the run: 1, 2, 3, ... without gaps."
            },
            "time": {
              "$ref": "#/$defs/time",
              "description": "When the event was emitted, UTC with milliseconds."
            },
            "phase": {
              "description": "infer: reading the input to infer types; load: loading.",
              "enum": [
                "infer",
                "load"
              ]
            },
            "rows_read": {
              "description": "Rows read so far in this phase.",
              "type": "integer",
              "minimum": 0
            },
            "rows_written": {
              "description": "Rows written so far (not yet committed).",
              "type": "integer",
              "minimum": 0
            },
            "rows_rejected": {
              "description": "Rows rejected so far.",
              "type": "integer",
              "minimum": 0
            },
            "bytes_read": {
              "description": "Bytes read so far (compressed bytes for gzip files).",
              "type": "integer",
              "minimum": 0
            },
            "total_bytes": {
              "description": "Size of the input when known (the compressed size for gzip files), else null; compare with bytes_read for a percentage.",
              "type": [
                "integer",
                "null"
              ],
              "minimum": 0
            },
            "rows_per_second": {
              "description": "Rows read per second since the run started.",
              "type": "integer",
              "minimum": 0
            },
            "bytes_per_second": {
              "description": "Bytes read per second since the run started.",
              "type": "integer",
              "minimum": 0
            }
          },
          "additionalProperties": false
        },
        "warning": {
          "title": "Warning",
          "description": "Something the user should know that does not fail the run.",
          "type": "object",
          "required": [
            "contract_version",
            "type",
            "run_id",
            "seq",
            "time",
            "code",
            "message"
          ],
          "properties": {
            "contract_version": {
              "$ref": "#/$defs/contract_version",
              "description": "The contract version of the event; 1."
            },
            "type": {
              "description": "Always warning.",
              "const": "warning"
            },
            "run_id": {
              "$ref": "#/$defs/run_id",
              "description": "The run's identifier, a UUIDv7; the same on every event of a run."
            },
            "seq": {
              "$ref": "#/$defs/seq",
              "description": "The event's position in the run: 1, 2, 3, ... without gaps."
            },
            "time": {
              "$ref": "#/$defs/time",
              "description": "When the event was emitted, UTC with milliseconds."
            },
            "code": {
              "description": "A stable snake_case code, e.g. rows_not_matched (update rows whose key matched nothing). New codes may appear within v1.",
              "type": "string",
              "pattern": "^[a-z][a-z0-9_]*$"
            },
            "message": {
              "description": "A human message; never row values.",
              "type": "string"
            }
          },
          "additionalProperties": false
        },
        "rows_rejected": {
          "title": "Rows rejected",
          "description": "Rows of one batch were rejected: how many, the running total, where they went, and up to five reasons.",
          "type": "object",
          "required": [
            "contract_version",
            "type",
            "run_id",
            "seq",
            "time",
            "count",
            "total",
            "reject_file",
            "samples"
          ],
          "properties": {
            "contract_version": {
              "$ref": "#/$defs/contract_version",
              "description": "The contract version of the event; 1."
            },
            "type": {
              "description": "Always rows_rejected.",
              "const": "rows_rejected"
            },
            "run_id": {
              "$ref": "#/$defs/run_id",
              "description": "The run's identifier, a UUIDv7; the same on every event of a run."
            },
            "seq": {
              "$ref": "#/$defs/seq",
              "description": "The event's position in the run: 1, 2, 3, ... without gaps."
            },
            "time": {
              "$ref": "#/$defs/time",
              "description": "When the event was emitted, UTC with milliseconds."
            },
            "count": {
              "description": "Rows rejected in this batch.",
              "type": "integer",
              "minimum": 1
            },
            "total": {
              "description": "Rows rejected so far in the run.",
              "type": "integer",
              "minimum": 1
            },
            "reject_file": {
              "description": "The JSON Lines file the rejected rows were written to.",
              "type": [
                "string",
                "null"
              ]
            },
            "samples": {
              "description": "Up to five of the batch's rejected rows: line, column and reason.",
              "type": "array",
              "maxItems": 5,
              "items": {
                "$ref": "#/$defs/reject_sample"
              }
            }
          },
          "additionalProperties": false
        },
        "run_completed": {
          "title": "Run completed",
          "description": "The last event of a successful run (exit code 0).",
          "type": "object",
          "required": [
            "contract_version",
            "type",
            "run_id",
            "seq",
            "time",
            "status",
            "job",
            "mode",
            "rows_read",
            "rows_written",
            "rows_rejected",
            "bytes_read",
            "duration_ms",
            "source",
            "target",
            "reject_file",
            "lineage"
          ],
          "properties": {
            "contract_version": {
              "$ref": "#/$defs/contract_version",
              "description": "The contract version of the event; 1."
            },
            "type": {
              "description": "Always run_completed.",
              "const": "run_completed"
            },
            "run_id": {
              "$ref": "#/$defs/run_id",
              "description": "The run's identifier, a UUIDv7; the same on every event of a run."
            },
            "seq": {
              "$ref": "#/$defs/seq",
              "description": "The event's position in the run: 1, 2, 3, ... without gaps."
            },
            "time": {
              "$ref": "#/$defs/time",
              "description": "When the event was emitted, UTC with milliseconds."
            },
            "status": {
              "description": "Always completed.",
              "const": "completed"
            },
            "job": {
              "$ref": "#/$defs/job",
              "description": "The job the run reported itself under."
            },
            "mode": {
              "description": "The load mode.",
              "enum": [
                "create",
                "append",
                "replace",
                "truncate",
                "upsert",
                "update"
              ]
            },
            "rows_read": {
              "description": "Rows read from the source.",
              "type": "integer",
              "minimum": 0
            },
            "rows_written": {
              "description": "Rows written to the target (for update: rows that matched a key).",
              "type": "integer",
              "minimum": 0
            },
            "rows_rejected": {
              "description": "Rows rejected (and written to reject_file).",
              "type": "integer",
              "minimum": 0
            },
            "bytes_read": {
              "description": "Bytes read from the source (compressed bytes for gzip files).",
              "type": "integer",
              "minimum": 0
            },
            "duration_ms": {
              "description": "Wall time of the run in milliseconds.",
              "type": "integer",
              "minimum": 0
            },
            "source": {
              "$ref": "#/$defs/source",
              "description": "The source, with defaults filled in."
            },
            "target": {
              "$ref": "#/$defs/target",
              "description": "The target, with defaults filled in."
            },
            "reject_file": {
              "description": "Where rejected rows were written; null when no row was rejected.",
              "type": [
                "string",
                "null"
              ]
            },
            "lineage": {
              "$ref": "#/$defs/run_lineage",
              "description": "The run's datasets in OpenLineage names, for an orchestrator's lineage integration."
            }
          },
          "additionalProperties": false
        },
        "run_failed": {
          "title": "Run failed",
          "description": "The last event of a failed run (exit code 1, 3, 4, 5, 6 or 130). When the request could not be read or was invalid, it is the only event and job, mode, source and target are null.",
          "type": "object",
          "required": [
            "contract_version",
            "type",
            "run_id",
            "seq",
            "time",
            "status",
            "job",
            "mode",
            "rows_read",
            "rows_written",
            "rows_rejected",
            "bytes_read",
            "duration_ms",
            "source",
            "target",
            "reject_file",
            "error"
          ],
          "properties": {
            "contract_version": {
              "$ref": "#/$defs/contract_version",
              "description": "The contract version of the event; 1."
            },
            "type": {
              "description": "Always run_failed.",
              "const": "run_failed"
            },
            "run_id": {
              "$ref": "#/$defs/run_id",
              "description": "The run's identifier, a UUIDv7; the same on every event of a run."
            },
            "seq": {
              "$ref": "#/$defs/seq",
              "description": "The event's position in the run: 1, 2, 3, ... without gaps."
            },
            "time": {
              "$ref": "#/$defs/time",
              "description": "When the event was emitted, UTC with milliseconds."
            },
            "status": {
              "description": "Always failed.",
              "const": "failed"
            },
            "job": {
              "description": "The job the run reported itself under. Null only when the request could not be read.",
              "anyOf": [
                {
                  "$ref": "#/$defs/job"
                },
                {
                  "type": "null"
                }
              ]
            },
            "mode": {
              "description": "The load mode. Null only when the request could not be read.",
              "enum": [
                "create",
                "append",
                "replace",
                "truncate",
                "upsert",
                "update",
                null
              ]
            },
            "rows_read": {
              "description": "Rows read from the source.",
              "type": "integer",
              "minimum": 0
            },
            "rows_written": {
              "description": "Always 0: a failed load leaves the target as it was.",
              "type": "integer",
              "const": 0
            },
            "rows_rejected": {
              "description": "Rows rejected (and written to reject_file).",
              "type": "integer",
              "minimum": 0
            },
            "bytes_read": {
              "description": "Bytes read from the source (compressed bytes for gzip files).",
              "type": "integer",
              "minimum": 0
            },
            "duration_ms": {
              "description": "Wall time of the run in milliseconds.",
              "type": "integer",
              "minimum": 0
            },
            "source": {
              "description": "The source, with defaults filled in. Null only when the request could not be read.",
              "anyOf": [
                {
                  "$ref": "#/$defs/source"
                },
                {
                  "type": "null"
                }
              ]
            },
            "target": {
              "description": "The target, with defaults filled in. Null only when the request could not be read.",
              "anyOf": [
                {
                  "$ref": "#/$defs/target"
                },
                {
                  "type": "null"
                }
              ]
            },
            "reject_file": {
              "description": "Where rejected rows were written; null when no row was rejected.",
              "type": [
                "string",
                "null"
              ]
            },
            "lineage": {
              "$ref": "#/$defs/run_lineage",
              "description": "The run's datasets in OpenLineage names, for an orchestrator's lineage integration."
            },
            "error": {
              "$ref": "#/$defs/error",
              "description": "What failed, where, and whether to retry."
            }
          },
          "additionalProperties": false
        }
      }
    }

    """#
}
