import FerryCore
@testable import FerryShimGen
import Testing

@Suite("Schema reading and Python text")
struct SchemaReaderTests {
    /// A minimal event schema: two types, the second a result.
    let event: JSONValue

    init() throws {
        event = try JSONParser.parse(#"{"properties":{"type":{"enum":["run_started","run_completed"]}},"$defs":{"run_completed":{"properties":{"status":{}}}}}"#)
    }

    @Test("a request schema the generator does not understand fails, naming what is missing")
    func missingPieces() throws {
        let noDescription = SchemaReader(request: try JSONParser.parse(#"{"properties":{"contract_version":{},"mode":{"enum":["create"]}}}"#), event: event)
        #expect(throws: ShimGenError("request schema: properties.mode has no description")) { try noDescription.requestMembers() }

        let noKinds = SchemaReader(request: try JSONParser.parse(#"{"$defs":{"source":{"properties":{"kind":{"enum":["file"]}}}}}"#), event: event)
        #expect(throws: ShimGenError("request schema: $defs.source has no allOf of kinds")) { try noKinds.endpoints(role: "source") }

        let unmapped = SchemaReader(request: try JSONParser.parse(#"{"$defs":{"target":{"properties":{"kind":{"enum":["sqlite"]}},"allOf":[]}}}"#), event: event)
        #expect(throws: ShimGenError("request schema: $defs.target lists kind sqlite but no definition for it")) { try unmapped.endpoints(role: "target") }
    }

    @Test("member shapes look through $ref, anyOf with null, enums and nullable types")
    func shapes() throws {
        let request = try JSONParser.parse(#"""
        {"properties": {
          "job": {"description": "j", "anyOf": [{"$ref": "#/$defs/job"}, {"type": "null"}]},
          "mode": {"description": "m", "enum": ["create", "append", null]},
          "key": {"description": "k", "type": ["array", "null"]},
          "size": {"description": "s", "type": ["integer", "null"]},
          "odd": {"description": "o", "type": ["string", "integer"]}},
         "$defs": {"job": {"type": "object"}}}
        """#)
        let members = try SchemaReader(request: request, event: event).requestMembers()
        #expect(members.map(\.shape) == [.object, .string, .array, .integer, .any])
        #expect(members[1].choices == ["create", "append"])
        #expect(try SchemaReader(request: request, event: event).resultEventTypes(among: ["run_started", "run_completed"]) == ["run_completed"])
    }

    @Test("Python string literals escape quotes, backslashes and control characters")
    func literals() {
        #expect(PythonText.string(#"a "b" \c"#) == #""a \"b\" \\c""#)
        #expect(PythonText.string("tab\tline\nbell\u{07}é") == #""tab\tline\nbell\x07é""#)
        #expect(PythonText.tuple(["one"]) == #"("one",)"#)
        #expect(PythonText.tuple([]) == "()")
        #expect(PythonText.docstring(#"a \N and """ quotes"#) == #"a \\N and \"\"\" quotes"#)
    }

    @Test("prose wraps at word boundaries within the width, with the given indents")
    func wrapping() {
        let text = PythonText.wrap("alpha beta gamma delta", first: ":param x: ", rest: "    ", width: 22)
        #expect(text == ":param x: alpha beta\n    gamma delta\n")
        let long = PythonText.wrap("averyveryverylongword", first: "- ", rest: "  ", width: 10)
        #expect(long == "- averyveryverylongword\n")
    }
}
