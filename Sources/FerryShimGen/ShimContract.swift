import FerryCore

/// What the shims mirror of the contract: the request's members and their documentation, the
/// endpoint kinds, modes, event types, error codes and exit codes. Read from FerryCore's types and
/// from the JSON Schemas `ferry contract` prints, so a change to the contract changes the shims.
package struct ShimContract: Sendable, Equatable {
    /// One top-level member of a request, such as `source` or `mode`.
    package struct RequestMember: Sendable, Equatable {
        /// The member's name on the wire (snake_case).
        package var name: String
        /// The schema's description of the member.
        package var description: String
        /// The JSON shape of the member's value, which decides the argument's Python annotation.
        package var shape: Shape
        /// The allowed values, for a member the schema restricts to an `enum` of strings.
        package var choices: [String]

        /// The JSON shape the schema gives a member's value.
        package enum Shape: Sendable, Equatable {
            case object, array, string, integer, number, boolean, any
        }
    }

    /// One kind of source or target endpoint and the members its object may hold.
    package struct Endpoint: Sendable, Equatable {
        /// The `kind` value, such as `postgres`.
        package var kind: String
        /// The schema's title, such as "PostgreSQL target".
        package var title: String
        /// Member names in schema order, `kind` first.
        package var members: [String]
    }

    /// A stable error code and the category that decides its exit code.
    package struct ErrorCode: Sendable, Equatable {
        /// The code, such as `target_exists`.
        package var code: String
        /// Its category, such as `target`.
        package var category: String
    }

    /// The contract version a request names in `contract_version`.
    package var contractVersion: Int
    /// The Ferry version the shims are generated for (the provider package's version).
    package var ferryVersion: String
    /// The request's top-level members, in schema order, without `contract_version`.
    package var requestMembers: [RequestMember]
    /// The load modes, in declaration order.
    package var modes: [String]
    /// The source kinds, in the order of the schema's `enum`.
    package var sources: [Endpoint]
    /// The target kinds, in the order of the schema's `enum`.
    package var targets: [Endpoint]
    /// Every event `type`, in schema order.
    package var eventTypes: [String]
    /// The event types that end a run and carry its result (`run_completed`, `run_failed`).
    package var resultEventTypes: [String]
    /// Every error code this contract version defines.
    package var errorCodes: [ErrorCode]
    /// Ferry's exit codes, sorted by status.
    package var exitCodes: [ExitCodeRule]

    /// The contract this build of FerryCore speaks. `ferryVersion` and `exitCodes` live in FerryCLI,
    /// which passes them in.
    package init(ferryVersion: String, exitCodes: [ExitCodeRule]) throws(ShimGenError) {
        let request = try Self.schema(named: "request.schema.json")
        let event = try Self.schema(named: "event.schema.json")
        let reader = SchemaReader(request: request, event: event)
        contractVersion = ContractVersion.current
        self.ferryVersion = ferryVersion
        requestMembers = try reader.requestMembers()
        modes = LoadMode.allCases.map(\.rawValue)
        sources = try reader.endpoints(role: "source")
        targets = try reader.endpoints(role: "target")
        eventTypes = try reader.eventTypes()
        resultEventTypes = try reader.resultEventTypes(among: eventTypes)
        errorCodes = FerryError.Code.all.map { ErrorCode(code: $0.rawValue, category: $0.category.rawValue) }
        self.exitCodes = exitCodes.sorted { $0.status < $1.status }
    }

    /// The parsed text of one of `ContractSchema.files`.
    private static func schema(named name: String) throws(ShimGenError) -> JSONValue {
        guard let file = ContractSchema.files.first(where: { $0.name == name }) else {
            throw ShimGenError("the contract has no \(name)")
        }
        do {
            return try JSONParser.parse(file.json)
        } catch {
            throw ShimGenError("\(name) is not valid JSON: \(error)")
        }
    }
}
