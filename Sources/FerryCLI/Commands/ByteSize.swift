import ArgumentParser

/// A size given on the command line: `268435456`, `256MB`, `256MiB`, `1.5GB` (KB, MB, GB are
/// powers of 1000; KiB, MiB, GiB of 1024; B or nothing is bytes). Byte loops only: no
/// Foundation string APIs in FerryCLI.
enum ByteSize {
    static func parse(_ text: String, option: String) throws -> Int {
        let bytes = Array(text.utf8).filter { $0 != UInt8(ascii: " ") }
        var split = 0
        while split < bytes.count, bytes[split] == UInt8(ascii: ".") || (bytes[split] >= 0x30 && bytes[split] <= 0x39) { split += 1 }
        let number = String(decoding: bytes[..<split], as: UTF8.self)
        let unit = String(decoding: bytes[split...].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        let scale: Double? = switch unit {
        case "", "B": 1
        case "K", "KB": 1e3
        case "M", "MB": 1e6
        case "G", "GB": 1e9
        case "KIB": 1024
        case "MIB": 1_048_576
        case "GIB": 1_073_741_824
        default: nil
        }
        guard let scale, let value = Double(number), value.isFinite, value * scale >= 1, value * scale < 9e18 else {
            throw ValidationError("\(option) \(text): expected a size such as 268435456, 256MB or 256MiB")
        }
        return Int((value * scale).rounded())
    }
}
