import FerryCore

/// The request target: `LoadRequest.parse` as `ferry run` calls it (the JSON parser, the
/// request reader, defaults and cross-field checks). A rejected request must be an
/// `InvalidRequest` with at least one issue, whose `FerryError` renders; an accepted one must be
/// a fixed point of printing (`ferry load --print-request` output parses back to the same JSON).
enum RequestFuzz {
    static func run(_ bytes: [UInt8]) {
        let request: LoadRequest
        do throws(InvalidRequest) {
            request = try LoadRequest.parse(bytes)
        } catch {
            if error.issues.isEmpty { FuzzFinding.fail("a request was refused without any issue") }
            _ = FerryError(error).json.serialized()
            return
        }
        let printed = request.json.serialized()
        let reparsed: LoadRequest
        do throws(InvalidRequest) {
            reparsed = try LoadRequest.parse(Array(printed.utf8))
        } catch {
            FuzzFinding.fail("the printed form of an accepted request is refused: \(error) — printed: \(printed)")
        }
        let reprinted = reparsed.json.serialized()
        if reprinted != printed {
            FuzzFinding.fail("printing is not a fixed point:\n  \(printed)\n  \(reprinted)")
        }
    }
}
