import FerryCore
import FerryEngine
import FerryPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// Builds the de-duplication around the transform's shaper, with its spill files in a private
/// directory under `$TMPDIR` (else /tmp), as the `unique` check's.
enum TransformStages {
    static func dedupe(_ spec: TransformSpec?, around shaper: (any SchemaStage)?) -> (any SchemaStage)? {
        guard let dedupe = spec?.dedupe, let shaper else { return shaper }
        var parent = "/tmp"
        if let tmp = getenv("TMPDIR"), tmp.pointee != 0 { parent = String(cString: tmp) }
        return DedupeStage(inner: shaper, spec: dedupe) { [parent] () throws(FerryError) -> any SpillStore in
            try SpillDirectory(parent: parent, name: "dedupe", purpose: "the de-duplication")
        }
    }
}
