import FerryCore
@testable import FerryFiles

/// The gzip target, through the CSV reader (header off) so whole inflated records are checked.
/// The first byte picks the case, the rest is the payload:
/// - raw: the payload is the compressed file itself (declared gzip, or detected by its magic);
///   any outcome but a crash or hang is fine, and tiny and 1 MiB chunks must agree;
/// - members: the payload cut into gzip members (`Gzip.compress`), concatenated; must read
///   exactly as the payload read uncompressed;
/// - truncated: the same file cut short; must fail with `source_format` unless the cut falls
///   between two members, where it must read as the members before it (as detected gzip).
enum GzipFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let control = bytes.first else { return }
        let payload = Array(bytes.dropFirst())
        var options = LoadOptions(header: false)
        options.batchSize = control & 0x08 == 0 ? 3 : LoadOptions.defaultBatchSize
        switch control & 3 {
        case 0: raw(payload, options: options, declared: control & 4 != 0, chunkSize: Int(control >> 4) + 1)
        default: members(payload, options: options, control: control)
        }
    }

    private static func raw(_ payload: [UInt8], options: LoadOptions, declared: Bool, chunkSize: Int) {
        let path = FuzzInputFile.store(payload)
        let endpoint = FileEndpoint(path: path, format: .csv, compression: declared ? .gzip : .auto)
        ReaderFuzz.compare(
            ReaderFuzz.read(endpoint, options, chunkSize: DelimitedReader.defaultChunkSize),
            ReaderFuzz.read(endpoint, options, chunkSize: chunkSize),
            what: "gzip input read in 1 MiB chunks and in \(chunkSize)-byte chunks")
    }

    private static func members(_ payload: [UInt8], options: LoadOptions, control: UInt8) {
        // Member boundaries: the payload's bytes at the positions of 0x00 bytes after the first
        // 2 (so mutations move them), at most 8 members; an empty member is allowed.
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in payload {
            if byte == 0, pieces.count < 7 { pieces.append(current); current = [] } else { current.append(byte) }
        }
        pieces.append(current)
        var file: [UInt8] = []
        var ends: [Int] = []
        do throws(FerryError) {
            for piece in pieces {
                file += try Gzip.compress(piece)
                ends.append(file.count)
            }
        } catch {
            FuzzFinding.fail("Gzip.compress failed: \(error)")
        }
        let plain = pieces.flatMap { $0 }
        let chunkSize = Int(control >> 4) + 1
        if control & 3 != 3 {
            let expected = readPlain(plain, options: options)
            check(file, equals: expected, options: options, chunkSize: chunkSize, what: "\(pieces.count) gzip members")
            return
        }
        // Truncated: cut at a position taken from the payload's length and the control byte.
        let cut = file.count > 1 ? (Int(control >> 2) * 7919 + payload.count) % file.count : 0
        let truncated = Array(file[..<cut])
        if cut == 0 {
            check(truncated, equals: readPlain([], options: options), options: options, chunkSize: chunkSize, what: "an empty file")
        } else if let index = ends.firstIndex(of: cut) {
            let expected = readPlain(pieces[...index].flatMap { $0 }, options: options)
            check(truncated, equals: expected, options: options, chunkSize: chunkSize, what: "\(index + 1) whole gzip members")
        } else {
            let path = FuzzInputFile.store(truncated)
            for size in [DelimitedReader.defaultChunkSize, chunkSize] {
                // Declared: with `auto`, a file cut to one byte is not gzip (no magic) but text.
                let outcome = ReaderFuzz.read(FileEndpoint(path: path, format: .csv, compression: .gzip), options, chunkSize: size)
                if outcome.last?.error != FerryError.Code.sourceFormat.rawValue {
                    FuzzFinding.fail("gzip cut at byte \(cut) of \(file.count) (member ends \(ends)) read without a source_format error: \(outcome.last?.error ?? "no error")")
                }
            }
        }
    }

    private static func readPlain(_ bytes: [UInt8], options: LoadOptions) -> [ReadOutcome] {
        let path = FuzzInputFile.store(bytes)
        return ReaderFuzz.read(FileEndpoint(path: path, format: .csv, compression: .none), options, chunkSize: DelimitedReader.defaultChunkSize)
    }

    private static func check(_ file: [UInt8], equals expected: [ReadOutcome], options: LoadOptions, chunkSize: Int, what: String) {
        let path = FuzzInputFile.store(file)
        for size in [DelimitedReader.defaultChunkSize, chunkSize] {
            let got = ReaderFuzz.read(FileEndpoint(path: path, format: .csv, compression: .auto), options, chunkSize: size)
            ReaderFuzz.compare(expected, got, what: "the plain payload and \(what) read in \(size)-byte chunks")
        }
    }
}
