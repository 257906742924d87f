import FerryChecks
import FerryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks stage of a request, with the limits the environment sets (`TMPDIR` for spills).
enum CheckStages {
    static func suite(for request: LoadRequest) throws(FerryError) -> CheckSuite? {
        guard !request.checks.isEmpty else { return nil }
        var settings = CheckSuite.Settings()
        if let tmp = getenv("TMPDIR"), tmp.pointee != 0 { settings.spillParent = String(cString: tmp) }
        return try CheckSuite(request.checks, settings: settings)
    }
}
