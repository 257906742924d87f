/// Something the user should know that does not fail the run.
package struct Warning: EventPayload {
    /// A stable code such as `lineage_unreachable` or `column_renamed`.
    package var code: String
    package var message: String

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    package var eventPayload: Event.Payload { .warning(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("code", .string(code)), ("message", .string(message))]
    }
}
