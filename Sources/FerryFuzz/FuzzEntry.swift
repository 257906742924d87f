#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's entry point (`-sanitize=fuzzer` links libFuzzer's `main`, which calls this once per
/// input): runs the target `FERRY_FUZZ_TARGET` names. A finding ends the process through
/// `FuzzFinding.fail`; libFuzzer reports crashes, timeouts and memory blow-ups itself.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}
