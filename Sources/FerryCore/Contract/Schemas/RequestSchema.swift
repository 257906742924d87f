extension ContractSchema {
    /// The JSON Schema (draft 2020-12) of a v1 request, as `ferry contract --schema request` prints it.
    static let request = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://ferry.dev/contract/v1/request.schema.json",
      "title": "Ferry load request (contract v1)",
      "description": "What ferry run reads from --request FILE or stdin: one load from a source to a target. Unknown members are errors; members whose name starts with $comment are notes, allowed in every object and ignored; a member whose value is null counts as absent.",
      "type": "object",
      "required": [
        "contract_version",
        "source"
      ],
      "properties": {
        "contract_version": {
          "description": "The contract version the request is written against; this binary speaks 1.",
          "type": "integer",
          "const": 1
        },
        "job": {
          "description": "The name and namespace the run reports itself under. Default: name load_<target table>, namespace ferry.",
          "anyOf": [
            {
              "$ref": "#/$defs/job"
            },
            {
              "type": "null"
            }
          ]
        },
        "source": {
          "$ref": "#/$defs/source",
          "description": "Where the load reads from."
        },
        "target": {
          "description": "Where the load writes to. Default: the embedded SQLite database ./ferry.db, in a table named after the source file.",
          "anyOf": [
            {
              "$ref": "#/$defs/target"
            },
            {
              "type": "null"
            }
          ]
        },
        "mode": {
          "description": "How the load treats the target; every mode is atomic, so on failure the target is left as it was. create: create the table, fail when it exists. append: add rows, creating the table when absent. replace: load a new table and swap it for the old one. truncate: empty the table and load it. upsert: insert new keys and update existing ones (needs key). update: update rows whose key exists; other rows change nothing (needs key).",
          "enum": [
            "create",
            "append",
            "replace",
            "truncate",
            "upsert",
            "update",
            null
          ],
          "default": "create"
        },
        "key": {
          "description": "Key columns that match source rows to target rows: required, non-empty, for upsert and update; not allowed with other modes. No column may be listed twice.",
          "type": [
            "array",
            "null"
          ],
          "uniqueItems": true,
          "items": {
            "type": "string",
            "description": "A column name."
          }
        },
        "columns": {
          "description": "Columns whose type the request declares; every other column's type is inferred from the input (or taken from the existing table or the source database). A column may be declared once.",
          "type": [
            "array",
            "null"
          ],
          "items": {
            "$ref": "#/$defs/declared_column"
          }
        },
        "options": {
          "description": "Options for reading text sources and the load policy (max_rejects).",
          "anyOf": [
            {
              "$ref": "#/$defs/options"
            },
            {
              "type": "null"
            }
          ]
        },
        "lineage": {
          "description": "OpenLineage run events (START, then COMPLETE, FAIL or ABORT): where they go and the run they belong to. Each member left out comes from the standard environment: OPENLINEAGE_URL, OPENLINEAGE_ENDPOINT, OPENLINEAGE_API_KEY, OPENLINEAGE_CONFIG (YAML), OPENLINEAGE_DISABLED, OPENLINEAGE_NAMESPACE, OPENLINEAGE_PARENT_ID, OPENLINEAGE_ROOT_PARENT_ID, OPENLINEAGE_CONTEXT. Lineage is best effort: a failing transport gives a lineage_not_delivered warning, never a failed load. See Docs/lineage.md.",
          "anyOf": [
            {
              "$ref": "#/$defs/lineage"
            },
            {
              "type": "null"
            }
          ]
        }
      },
      "patternProperties": {
        "^\\$comment": {}
      },
      "additionalProperties": false,
      "allOf": [
        {
          "description": "upsert and update need key columns; the other modes take none.",
          "if": {
            "required": [
              "mode"
            ],
            "properties": {
              "mode": {
                "enum": [
                  "upsert",
                  "update"
                ]
              }
            }
          },
          "then": {
            "required": [
              "key"
            ],
            "properties": {
              "key": {
                "type": "array",
                "minItems": 1
              }
            }
          },
          "else": {
            "properties": {
              "key": {
                "maxItems": 0
              }
            }
          }
        },
        {
          "description": "A file target supports the create and replace modes only.",
          "if": {
            "required": [
              "target"
            ],
            "properties": {
              "target": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "file"
                  }
                }
              }
            }
          },
          "then": {
            "properties": {
              "mode": {
                "enum": [
                  "create",
                  "replace",
                  null
                ]
              }
            }
          }
        },
        {
          "description": "A target table cannot be named after the source when the source is not a file: give a target with a table.",
          "if": {
            "required": [
              "source"
            ],
            "properties": {
              "source": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "enum": [
                      "sqlite",
                      "postgres"
                    ]
                  }
                }
              }
            }
          },
          "then": {
            "required": [
              "target"
            ],
            "properties": {
              "target": {
                "type": "object",
                "if": {
                  "type": "object",
                  "required": [
                    "kind"
                  ],
                  "properties": {
                    "kind": {
                      "enum": [
                        "sqlite",
                        "postgres"
                      ]
                    }
                  }
                },
                "then": {
                  "required": [
                    "table"
                  ],
                  "properties": {
                    "table": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        {
          "description": "File-to-file copies are not supported: load into a database or export from one.",
          "if": {
            "required": [
              "source",
              "target"
            ],
            "properties": {
              "source": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "file"
                  }
                }
              },
              "target": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "file"
                  }
                }
              }
            }
          },
          "then": {
            "properties": {
              "target": {
                "not": {
                  "type": "object",
                  "required": [
                    "kind"
                  ],
                  "properties": {
                    "kind": {
                      "const": "file"
                    }
                  }
                }
              }
            }
          }
        }
      ],
      "$defs": {
        "job": {
          "title": "Job",
          "description": "The name and namespace a run reports itself under (events, lineage).",
          "type": "object",
          "required": [
            "name"
          ],
          "properties": {
            "name": {
              "description": "The job's name, e.g. load_orders. When the whole job member is absent it is load_<target table>.",
              "type": "string",
              "minLength": 1
            },
            "namespace": {
              "description": "The job's namespace, e.g. a team or a pipeline.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "default": "ferry"
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        },
        "source": {
          "title": "Source endpoint",
          "description": "Where a load reads from, chosen by kind: a file, a SQLite table or query, a PostgreSQL table or query, or a table or query of any database with an ODBC driver.",
          "type": "object",
          "required": [
            "kind"
          ],
          "properties": {
            "kind": {
              "description": "The kind of source; it decides which other members are allowed.",
              "enum": [
                "file",
                "sqlite",
                "postgres",
                "odbc"
              ]
            }
          },
          "allOf": [
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "file"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/file_source"
              }
            },
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "sqlite"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/sqlite_source"
              }
            },
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "postgres"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/postgres_source"
              }
            },
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "odbc"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/odbc_source"
              }
            }
          ]
        },
        "target": {
          "title": "Target endpoint",
          "description": "Where a load writes to, chosen by kind: a SQLite table, a PostgreSQL table, a table of any database with an ODBC driver, or a file (export).",
          "type": "object",
          "required": [
            "kind"
          ],
          "properties": {
            "kind": {
              "description": "The kind of target; it decides which other members are allowed.",
              "enum": [
                "sqlite",
                "postgres",
                "odbc",
                "file"
              ]
            }
          },
          "allOf": [
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "sqlite"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/sqlite_target"
              }
            },
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "postgres"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/postgres_target"
              }
            },
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "odbc"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/odbc_target"
              }
            },
            {
              "if": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "properties": {
                  "kind": {
                    "const": "file"
                  }
                }
              },
              "then": {
                "$ref": "#/$defs/file_target"
              }
            }
          ]
        },
        "file_source": {
          "title": "File source",
          "description": "A CSV, TSV or JSON Lines file, optionally gzip-compressed.",
          "type": "object",
          "required": [
            "kind",
            "path"
          ],
          "properties": {
            "kind": {
              "description": "Always file.",
              "const": "file"
            },
            "path": {
              "description": "Path of the file, relative to the working directory. The format is guessed from the name (case-insensitive): .csv or .txt -> csv, .tsv or .tab -> tsv, .jsonl or .ndjson -> jsonl, each optionally followed by .gz.",
              "type": "string",
              "minLength": 1
            },
            "format": {
              "description": "csv (RFC 4180), tsv (tab-separated with PostgreSQL text escapes: \\N, \\t, \\n, \\\\) or jsonl (one JSON object per line). Default: guessed from path; required when the name does not tell.",
              "enum": [
                "csv",
                "tsv",
                "jsonl",
                null
              ]
            },
            "compression": {
              "description": "auto: gzip when the file starts with the gzip magic bytes, otherwise none; none; gzip.",
              "enum": [
                "auto",
                "none",
                "gzip",
                null
              ],
              "default": "auto"
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false,
          "allOf": [
            {
              "description": "When the file name does not tell the format, format is required.",
              "if": {
                "properties": {
                  "path": {
                    "type": "string",
                    "not": {
                      "pattern": "\\.([Cc][Ss][Vv]|[Tt][Xx][Tt]|[Tt][Ss][Vv]|[Tt][Aa][Bb]|[Jj][Ss][Oo][Nn][Ll]|[Nn][Dd][Jj][Ss][Oo][Nn])(\\.[Gg][Zz])?$"
                    }
                  }
                },
                "required": [
                  "path"
                ]
              },
              "then": {
                "required": [
                  "format"
                ],
                "properties": {
                  "format": {
                    "type": "string"
                  }
                }
              }
            }
          ]
        },
        "file_target": {
          "title": "File target",
          "description": "A CSV, TSV or JSON Lines file to export to; only the create and replace modes apply, and the source must be a database.",
          "type": "object",
          "required": [
            "kind",
            "path"
          ],
          "properties": {
            "kind": {
              "description": "Always file.",
              "const": "file"
            },
            "path": {
              "description": "Path of the file to write. The format is guessed from the name (case-insensitive): .csv or .txt -> csv, .tsv or .tab -> tsv, .jsonl or .ndjson -> jsonl, each optionally followed by .gz.",
              "type": "string",
              "minLength": 1
            },
            "format": {
              "description": "csv, tsv or jsonl. Default: guessed from path; required when the name does not tell.",
              "enum": [
                "csv",
                "tsv",
                "jsonl",
                null
              ]
            },
            "compression": {
              "description": "Only none: compressed file targets are not supported.",
              "enum": [
                "none",
                null
              ],
              "default": "none"
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false,
          "allOf": [
            {
              "description": "When the file name does not tell the format, format is required.",
              "if": {
                "properties": {
                  "path": {
                    "type": "string",
                    "not": {
                      "pattern": "\\.([Cc][Ss][Vv]|[Tt][Xx][Tt]|[Tt][Ss][Vv]|[Tt][Aa][Bb]|[Jj][Ss][Oo][Nn][Ll]|[Nn][Dd][Jj][Ss][Oo][Nn])(\\.[Gg][Zz])?$"
                    }
                  }
                },
                "required": [
                  "path"
                ]
              },
              "then": {
                "required": [
                  "format"
                ],
                "properties": {
                  "format": {
                    "type": "string"
                  }
                }
              }
            }
          ]
        },
        "sqlite_source": {
          "title": "SQLite source",
          "description": "A table or a read-only query of a SQLite database file; give exactly one of table and query.",
          "type": "object",
          "required": [
            "kind"
          ],
          "properties": {
            "kind": {
              "description": "Always sqlite.",
              "const": "sqlite"
            },
            "path": {
              "description": "The database file.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "default": "ferry.db"
            },
            "table": {
              "description": "The table to read. Give a table or a query, not both.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "query": {
              "description": "A read-only SQL query whose result is the source. Give a table or a query, not both.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "table"
              ],
              "properties": {
                "table": {
                  "type": "string"
                }
              }
            },
            {
              "required": [
                "query"
              ],
              "properties": {
                "query": {
                  "type": "string"
                }
              }
            }
          ],
          "if": {
            "required": [
              "table"
            ],
            "properties": {
              "table": {
                "type": "string"
              }
            }
          },
          "then": {
            "properties": {
              "query": {
                "type": "null"
              }
            }
          }
        },
        "sqlite_target": {
          "title": "SQLite target",
          "description": "A table in a SQLite database file.",
          "type": "object",
          "required": [
            "kind"
          ],
          "properties": {
            "kind": {
              "description": "Always sqlite.",
              "const": "sqlite"
            },
            "path": {
              "description": "The database file; created when it does not exist.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "default": "ferry.db"
            },
            "table": {
              "description": "The table to load. Default: named after the source file, in lowercase letters, digits and underscores (data/Orders 2024.csv.gz -> orders_2024). Required when the source is not a file.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        },
        "odbc_source": {
          "title": "ODBC source",
          "description": "A table or a query of any database reached through an ODBC driver (unixODBC); give exactly one of table and query.",
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
              "description": "A data source name configured in odbc.ini (warehouse), or a full ODBC connection string (Driver={PostgreSQL Unicode};Server=db;Port=5432;Database=shop;UID=loader;PWD=...). unixODBC and the driver resolve it. It is a secret: events, logs and errors show it with every secret attribute (PWD, Password, and any attribute whose name contains password, secret, token or key) replaced by ***.",
              "type": "string",
              "minLength": 1
            },
            "schema": {
              "description": "The schema of the table to read. Default: the driver's default schema.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "table": {
              "description": "The table (or view) to read. Give a table or a query, not both.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "query": {
              "description": "A SQL query in the database's own dialect whose result is the source. Give a table or a query, not both.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "table"
              ],
              "properties": {
                "table": {
                  "type": "string"
                }
              }
            },
            {
              "required": [
                "query"
              ],
              "properties": {
                "query": {
                  "type": "string"
                }
              }
            }
          ],
          "if": {
            "required": [
              "table"
            ],
            "properties": {
              "table": {
                "type": "string"
              }
            }
          },
          "then": {
            "properties": {
              "query": {
                "type": "null"
              }
            }
          }
        },
        "odbc_target": {
          "title": "ODBC target",
          "description": "A table in any database reached through an ODBC driver (unixODBC). The load and its row in the load ledger (ferry_loads) commit in one transaction; the modes the database's SQL allows are supported (see Docs/connectors/odbc.md).",
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
              "description": "A data source name configured in odbc.ini (warehouse), or a full ODBC connection string (Driver={PostgreSQL Unicode};Server=db;Port=5432;Database=shop;UID=loader;PWD=...). unixODBC and the driver resolve it. It is a secret: events, logs and errors show it with every secret attribute (PWD, Password, and any attribute whose name contains password, secret, token or key) replaced by ***.",
              "type": "string",
              "minLength": 1
            },
            "schema": {
              "description": "The schema of the table to load. Default: the driver's default schema.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "table": {
              "description": "The table to load. Default: named after the source file, in lowercase letters, digits and underscores. Required when the source is not a file.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        },
        "postgres_source": {
          "title": "PostgreSQL source",
          "description": "A table or a read-only query of a PostgreSQL database; give exactly one of table and query.",
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
              "description": "How to reach the server: a URI (postgresql://user@host:5432/shop?sslmode=require) or a libpq conninfo string (host=db.internal dbname=shop user=loader); a string that is neither is a database name. libpq resolves it: every part it leaves out, and the whole connection when it is absent, comes from the PG* environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, PGSSLMODE, ...), the service file (service=name) and ~/.pgpass; options such as sslmode pass through. It is a secret: events, logs and errors show it with every password replaced by ***. Prefer ~/.pgpass or PGPASSWORD to a password in the request.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "schema": {
              "description": "The schema of the table to read. Default: the connection's search_path decides (usually public).",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "table": {
              "description": "The table (or view) to read. Give a table or a query, not both.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "query": {
              "description": "A read-only SQL query (one statement) whose result is the source. Give a table or a query, not both.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "table"
              ],
              "properties": {
                "table": {
                  "type": "string"
                }
              }
            },
            {
              "required": [
                "query"
              ],
              "properties": {
                "query": {
                  "type": "string"
                }
              }
            }
          ],
          "if": {
            "required": [
              "table"
            ],
            "properties": {
              "table": {
                "type": "string"
              }
            }
          },
          "then": {
            "properties": {
              "query": {
                "type": "null"
              }
            }
          }
        },
        "postgres_target": {
          "title": "PostgreSQL target",
          "description": "A table in a PostgreSQL database. The load and its row in the load ledger (ferry_loads) commit in one transaction.",
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
              "description": "How to reach the server: a URI (postgresql://user@host:5432/shop?sslmode=require) or a libpq conninfo string (host=db.internal dbname=shop user=loader); a string that is neither is a database name. libpq resolves it: every part it leaves out, and the whole connection when it is absent, comes from the PG* environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, PGSSLMODE, ...), the service file (service=name) and ~/.pgpass; options such as sslmode pass through. It is a secret: events, logs and errors show it with every password replaced by ***. Prefer ~/.pgpass or PGPASSWORD to a password in the request.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "schema": {
              "description": "The schema of the table to load. Default: the connection's search_path decides (usually public).",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "table": {
              "description": "The table to load. Default: named after the source file, in lowercase letters, digits and underscores (data/Orders 2024.csv.gz -> orders_2024). Required when the source is not a file.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "ledger_schema": {
              "description": "The schema of the load ledger table ferry_loads (created on first use; it must exist and be writable). Default: the schema of the target table.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "copy_streams": {
              "description": "COPY streams, each on its own connection, for modes create and replace: the rows fill a committed staging table that the load's transaction renames into place (other modes write inside the transaction through one stream). Default: 2 when the input file is at least 256 MiB and the machine has at least 4 cores, else 1.",
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "maximum": 16
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        },
        "lineage": {
          "title": "Lineage",
          "type": "object",
          "properties": {
            "enabled": {
              "description": "false: send no OpenLineage events. Default: true unless OPENLINEAGE_DISABLED is true.",
              "type": [
                "boolean",
                "null"
              ]
            },
            "transport": {
              "description": "Where events go. Default: OPENLINEAGE_URL (http), else the transport of the OPENLINEAGE_CONFIG file, else nowhere (the result event still names the datasets).",
              "anyOf": [
                {
                  "$ref": "#/$defs/lineage_transport"
                },
                {
                  "type": "null"
                }
              ]
            },
            "parent": {
              "description": "The run that started this one (an Airflow task, a dbt run). Default: OPENLINEAGE_PARENT_ID ({namespace}/{job name}/{run id}) or OPENLINEAGE_CONTEXT.",
              "anyOf": [
                {
                  "$ref": "#/$defs/lineage_run"
                },
                {
                  "type": "null"
                }
              ]
            },
            "root": {
              "description": "The root of the parent's hierarchy (the DAG run). Default: OPENLINEAGE_ROOT_PARENT_ID or OPENLINEAGE_CONTEXT, else the parent.",
              "anyOf": [
                {
                  "$ref": "#/$defs/lineage_run"
                },
                {
                  "type": "null"
                }
              ]
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        },
        "lineage_run": {
          "title": "Lineage run reference",
          "type": "object",
          "required": [
            "run_id",
            "job_namespace",
            "job_name"
          ],
          "properties": {
            "run_id": {
              "description": "The run's OpenLineage run id, a UUID.",
              "type": "string",
              "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
            },
            "job_namespace": {
              "description": "The namespace of the run's job.",
              "type": "string",
              "minLength": 1
            },
            "job_name": {
              "description": "The name of the run's job, e.g. {dag_id}.{task_id} for an Airflow task.",
              "type": "string",
              "minLength": 1
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        },
        "lineage_transport": {
          "title": "Lineage transport",
          "type": "object",
          "required": [
            "type"
          ],
          "properties": {
            "type": {
              "description": "http: POST each event to url + endpoint. file: append each event as one line to path. console: write each event as one line to stderr.",
              "enum": [
                "http",
                "file",
                "console"
              ]
            },
            "url": {
              "description": "http: the server, e.g. http://marquez:5000.",
              "type": "string",
              "pattern": "^https?://"
            },
            "endpoint": {
              "description": "http: the path events are POSTed to.",
              "type": "string",
              "minLength": 1,
              "default": "/api/v1/lineage"
            },
            "api_key": {
              "description": "http: sent as Authorization: Bearer <api_key>. A secret: never shown (***).",
              "type": "string",
              "minLength": 1
            },
            "timeout_seconds": {
              "description": "http: the most time each event may take, retries included; lineage never delays a run by more.",
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 300,
              "default": 5
            },
            "retries": {
              "description": "http: attempts after the first, for connection failures, timeouts, 429 and 5xx answers.",
              "type": "integer",
              "minimum": 0,
              "maximum": 10,
              "default": 2
            },
            "compression": {
              "description": "http: gzip compresses each body (Content-Encoding: gzip).",
              "enum": [
                "gzip",
                "none"
              ],
              "default": "none"
            },
            "path": {
              "description": "file: the file events are appended to.",
              "type": "string",
              "minLength": 1
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false,
          "allOf": [
            {
              "if": {
                "properties": {
                  "type": {
                    "const": "http"
                  }
                }
              },
              "then": {
                "required": [
                  "url"
                ],
                "properties": {
                  "path": false
                }
              }
            },
            {
              "if": {
                "properties": {
                  "type": {
                    "const": "file"
                  }
                }
              },
              "then": {
                "required": [
                  "path"
                ],
                "properties": {
                  "url": false,
                  "endpoint": false,
                  "api_key": false,
                  "timeout_seconds": false,
                  "retries": false,
                  "compression": false
                }
              }
            },
            {
              "if": {
                "properties": {
                  "type": {
                    "const": "console"
                  }
                }
              },
              "then": {
                "properties": {
                  "url": false,
                  "endpoint": false,
                  "api_key": false,
                  "timeout_seconds": false,
                  "retries": false,
                  "compression": false,
                  "path": false
                }
              }
            }
          ]
        },
        "declared_column": {
          "title": "Declared column",
          "description": "A source column whose type the request declares instead of letting Ferry infer it.",
          "type": "object",
          "required": [
            "name",
            "type"
          ],
          "properties": {
            "name": {
              "description": "The column's name as the source names it (header field, JSON key or result column).",
              "type": "string",
              "minLength": 1
            },
            "type": {
              "$ref": "#/$defs/column_type",
              "description": "The column's Ferry type."
            },
            "nullable": {
              "description": "Whether the column may hold NULL; a NULL in a NOT NULL column rejects the row.",
              "type": [
                "boolean",
                "null"
              ],
              "default": true
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        },
        "column_type": {
          "title": "Column type",
          "description": "A Ferry column type: bigint, decimal, decimal(p) or decimal(p,s) (precision 1-1000, scale 0-p; decimal(p) means decimal(p,0)), double, boolean, date, timestamp (no time zone), timestamptz (an instant, normalised to UTC), uuid, json (an object or array, stored as its text) or text. Ferry also reads these names in upper case.",
          "type": "string",
          "pattern": "^(bigint|decimal|double|boolean|date|timestamp|timestamptz|uuid|json|text|decimal\\( *([1-9][0-9]{0,2}|1000) *(, *([0-9]|[1-9][0-9]{1,2}|1000) *)?\\))$"
        },
        "options": {
          "title": "Options",
          "description": "Options for reading text sources and the load policy. Absent members take the defaults of the source's format.",
          "type": "object",
          "properties": {
            "delimiter": {
              "description": "Field separator, one ASCII character other than a line break. Default: , for csv, a tab for tsv.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 1,
              "pattern": "^[\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u007f]$"
            },
            "quote": {
              "description": "Quote character of csv, one ASCII character other than a line break and different from the delimiter. Default: \".",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 1,
              "pattern": "^[\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u007f]$"
            },
            "escape": {
              "description": "Escape character inside quoted csv fields, one ASCII character other than a line break. Default: the quote itself (RFC 4180 doubling).",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 1,
              "pattern": "^[\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u007f]$"
            },
            "header": {
              "description": "Whether the first record holds the column names; without a header, columns are named column_1, column_2, ...",
              "type": [
                "boolean",
                "null"
              ],
              "default": true
            },
            "null_markers": {
              "description": "Field texts read as NULL, replacing the default: an unquoted empty field for csv, \\N for tsv.",
              "type": [
                "array",
                "null"
              ],
              "items": {
                "type": "string",
                "description": "A field text that means NULL."
              }
            },
            "encoding": {
              "description": "Character encoding of a text source; latin-1 is transcoded to UTF-8 as it is read.",
              "enum": [
                "utf-8",
                "latin-1",
                null
              ],
              "default": "utf-8"
            },
            "max_rejects": {
              "description": "How many rejected rows the load tolerates: a count (0 means any rejected row fails the load), or a percentage of rows read such as \"2.5%\", decided when the input ends. Over the limit the run fails with rejects_exceeded and the target is left unchanged.",
              "default": 0,
              "anyOf": [
                {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": 2147483647,
                  "description": "A count of rows."
                },
                {
                  "type": "string",
                  "pattern": "^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?)%$",
                  "description": "A percentage of rows read, 0% to 100%."
                },
                {
                  "type": "null"
                }
              ]
            },
            "reject_path": {
              "description": "Where rejected rows are written, as JSON Lines with their line and reason. Default: <job name>.rejects.jsonl in the working directory.",
              "type": [
                "string",
                "null"
              ],
              "minLength": 1
            },
            "batch_size": {
              "description": "Rows per batch handed to the target.",
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "maximum": 1000000,
              "default": 10000
            },
            "infer_rows": {
              "description": "Infer types from the first N rows instead of the whole input. Default: the whole input.",
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "maximum": 2147483647
            }
          },
          "patternProperties": {
            "^\\$comment": {}
          },
          "additionalProperties": false
        }
      }
    }

    """#
}
