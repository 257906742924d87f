/// Something the user should know that does not fail the run.
public struct Warning: EventPayload {
    /// A stable code such as `lineage_unreachable` or `column_renamed`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var eventPayload: Event.Payload { .warning(self) }

    public var jsonMembers: [(key: String, value: JSONValue)] {
        [("code", .string(code)), ("message", .string(message))]
    }
}
