import FerryCore
import FerryFiles

/// The files `ferry init` writes: a commented request and sample data that exercises quoting,
/// NULL versus empty text, non-Latin text and every inferred type, plus the files the README tour
/// loads next (`data/updates.csv` for the upsert, `data/big.csv.gz` for rejects). `examples/` in
/// the repository is exactly the text part of this output (a test keeps them equal).
enum ExampleFiles {
    static let requestPath = "ferry.request.json"
    static let dataPath = "data/orders.csv"
    static let updatesPath = "data/updates.csv"
    static let bigPath = "data/big.csv.gz"

    /// The text files, as committed under `examples/`.
    static let text: [(path: String, contents: String)] = [(requestPath, request), (dataPath, orders), (updatesPath, updates)]

    /// Every file `ferry init` writes, with its bytes (the gzip file is compressed here).
    static func all() throws(FerryError) -> [(path: String, bytes: [UInt8])] {
        text.map { ($0.path, Array($0.contents.utf8)) } + [(bigPath, try Gzip.compress(BigExample.csv(), stage: .validate))]
    }

    static let request = #"""
    {
      "$comment": "A Ferry request, contract v1. Run it here with: ferry run --request ferry.request.json. Members whose name starts with $comment are notes and are ignored; any other unknown member is an error.",
      "contract_version": 1,
      "job": {"name": "load_orders", "namespace": "examples"},
      "source": {
        "$comment": "A CSV, TSV or JSON Lines file, optionally gzip-compressed. The format comes from the file name unless format is given. Paths are relative to the working directory.",
        "kind": "file",
        "path": "data/orders.csv"
      },
      "target": {
        "$comment": "With no target at all, data lands in ./ferry.db in a table named after the file.",
        "kind": "sqlite",
        "path": "ferry.db",
        "table": "orders"
      },
      "$comment_mode": "create (fails if the table exists), append, replace, truncate, upsert or update (these two need key). Every mode is atomic.",
      "mode": "replace",
      "$comment_columns": "Declared types are used as given; the other columns are inferred from the whole file. zip codes such as 02134 would stay text anyway: a value becomes a number only if it round-trips exactly.",
      "columns": [
        {"name": "amount", "type": "decimal(12,2)", "nullable": false}
      ],
      "options": {
        "$comment": "max_rejects is a count or a percentage such as \"1%\"; rejected rows go to reject_path with their line and reason.",
        "header": true,
        "max_rejects": 0,
        "reject_path": "orders.rejects.jsonl"
      }
    }

    """#

    static let orders = #"""
    id,customer,comment,zip,amount,active,order_date,created_at,parent_id,name
    1,6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01,first order,02134,19.99,true,2024-01-05,2024-01-05T09:15:00.120+01:00,,Zoë Müller
    2,0b8e4a57-3d2f-4f6e-8b71-5c9d0e1a2b03,"comma, inside",10001,1250.00,false,2024-01-06,2024-01-06T17:45:30+00:00,1,Łukasz Wiśniewski
    3,9a7c5e31-8b4d-4e2f-a6c1-3d5f7b9e0c05,"she said ""hi""",94105,0.50,true,2024-02-29,2024-02-29T23:59:59.999999Z,1,Дмитрий Иванов
    4,4c2e8a16-5f7b-4d9c-b3e0-1a6c8e2f4d07,"two
    lines",00501,7.00,true,2024-03-01,2024-03-01T00:00:00-05:00,,王小明
    5,2d9f1b73-7c5e-4a8d-9f26-8e0b4c6a1d09,"",60601,99999.99,false,2024-03-15,2024-03-15T12:00:00+05:30,3,محمد علي
    6,8e3a6c59-1d7f-4b2e-8c94-6f2a0d8b3e11,,73301,42.00,true,2024-04-01,2024-04-01T08:30:00.5+02:00,5,Nguyễn Văn An
    7,5b1f9d27-4e8a-4c6f-a2d3-9c7e1b5f0a13,café ☕ and 🚲,30301,3.14,false,2024-04-02,2024-04-02T10:00:00+09:00,,Αλέξανδρος Παπαδόπουλος
    8,7a4d2f81-9b6c-4e1a-8d57-2b8f4c0e6a15,"tab\#tinside",98101,18.00,true,2024-05-20,2024-05-20T14:20:10-07:00,7,José Álvarez

    """#
}

extension ExampleFiles {
    /// Two changed orders (2 and 5) and two new ones (9 and 10), with the columns of orders.csv:
    /// `ferry load data/updates.csv --table orders --mode upsert --key id`.
    static let updates = #"""
    id,customer,comment,zip,amount,active,order_date,created_at,parent_id,name
    2,0b8e4a57-3d2f-4f6e-8b71-5c9d0e1a2b03,"comma, inside (paid)",10001,1300.00,true,2024-01-06,2024-01-06T17:45:30+00:00,1,Łukasz Wiśniewski
    5,2d9f1b73-7c5e-4a8d-9f26-8e0b4c6a1d09,refunded,60601,0.00,false,2024-03-15,2024-03-15T12:00:00+05:30,3,محمد علي
    9,3e7b0c42-6d1a-4f8e-b5c9-7a2d4e6f8b17,new customer,02139,25.00,true,2024-06-01,2024-06-01T09:00:00+02:00,,Ana Lima
    10,6c0d8e35-2b9f-4a7c-9e14-5d3b7f1a9c19,,00601,12.50,true,2024-06-02,2024-06-02T18:30:00-03:00,9,Ana Lima

    """#
}
