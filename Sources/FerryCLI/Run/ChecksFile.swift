import FerryCore
import FerryPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks file of `ferry load --checks FILE`: JSON or YAML, either `{"checks": [...]}` or the
/// list itself. Its checks become the request's `checks`, so problems in them are reported with
/// the request's JSON paths (`$.checks[1].pattern`).
enum ChecksFile {
    static func read(_ path: String) -> Result<JSONValue, FerryError> {
        let bytes: [UInt8]
        do throws(Errno) {
            bytes = try FileDescriptor.open(path, O_RDONLY).readAll(limit: RequestFile.maxBytes)
        } catch {
            return .failure(FerryError(.invalidRequest, stage: .validate, "cannot read the checks file \(path): \(error.message)"))
        }
        let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        let document: JSONValue
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            do {
                document = try JSONParser.parse(bytes)
            } catch {
                return .failure(invalid("the checks file \(path) is not valid JSON: \(error)"))
            }
        } else {
            do throws(YAMLSubset.ParseError) {
                document = try YAMLSubset.parse(String(decoding: bytes, as: UTF8.self), typed: true)
            } catch {
                return .failure(invalid("the checks file \(path) is not valid YAML: \(error)"))
            }
        }
        switch document {
        case .array: return .success(document)
        case let .object(members) where members.count == 1 && members[0].key == "checks": return .success(members[0].value)
        default: return .failure(invalid("the checks file \(path) must hold a list of checks, or an object with one member \"checks\""))
        }
    }

    private static func invalid(_ message: String) -> FerryError {
        FerryError(InvalidRequest(issues: [RequestIssue(path: JSONPath.root.appending("checks"), message: message)]))
    }
}
