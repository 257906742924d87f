import Crypto
import FerryCore

/// The bytes of a file source as UTF-8 text: read in chunks, inflated when gzip-compressed, and
/// transcoded from Latin-1 when that is the declared encoding.
final class DecodedInput {
    /// Input bytes consumed so far (compressed bytes for gzip input).
    private(set) var bytesRead = 0
    /// Decoded bytes handed out so far (`read`): the offsets of `SourcePosition`.
    private(set) var decodedBytes = 0
    /// The file size; nil for standard input and pipes.
    var totalBytes: Int? { file.size }
    /// The source's name for messages: its path, or `stdin`.
    var displayName: String { file.displayName }

    private let file: InputFile
    private let compression: Compression
    private let latin1: Bool
    private let chunkSize: Int
    /// Whether the input is gzip; nil until the first bytes are seen (compression `auto`).
    private var gzip: GzipStream?
    private var detected = false
    /// Raw bytes read but not yet consumed: compressed input, or the bytes read to detect gzip.
    private let raw: ScanBuffer
    private var rawPos = 0
    /// Decoded Latin-1 bytes before transcoding.
    private let stage: ScanBuffer
    /// SHA-256 of the bytes as stored, for the load ledger; final once the end was reached.
    private(set) var fingerprint: SourceFingerprint?
    /// Hashes the bytes of the first complete pass; nil on later passes, which reuse `known`.
    private var hasher: SHA256? = SHA256()
    /// The fingerprint of an earlier complete pass over the same file.
    private var known: SourceFingerprint?
    /// Whether the bytes go unhashed (`skipFingerprint`).
    private var unhashed = false
    /// Whether batches carry positions (`position`): a chunked load's checkpoints.
    private let resumable: Bool
    /// File bytes still to read before hashing goes on: a resumed load hashed them already.
    private var hashSkip = 0

    init(endpoint: FileEndpoint, encoding: TextEncoding, chunkSize: Int, resumable: Bool = false) throws(FerryError) {
        file = try InputFile(path: endpoint.path)
        self.resumable = resumable
        compression = endpoint.compression
        latin1 = encoding == .latin1
        self.chunkSize = max(chunkSize, 1)
        raw = ScanBuffer(capacity: self.chunkSize)
        stage = ScanBuffer(capacity: latin1 ? self.chunkSize : 16)
    }

    /// Appends decoded bytes to `out`: at least `minimum` unless the input ends first, and about
    /// `count` at most (Latin-1 may produce up to twice as many). Returns how many it appended,
    /// 0 only at the end of the input. With a `minimum` of 1 it returns after the first read that
    /// delivers anything, so a live pipe is parsed as data arrives.
    func read(into out: ScanBuffer, minimum: Int = 1, count: Int) throws(FerryError) -> Int {
        var total = 0
        while total < max(minimum, 1) && total < count {
            let n = latin1 ? try transcodeOnce(into: out, max: count - total) : try decodeOnce(into: out, max: count - total)
            if n == 0 { break }
            total += n
        }
        decodedBytes += total
        return total
    }

    /// Starts over from the first byte; standard input cannot.
    func restart() throws(FerryError) {
        try file.rewind()
        try gzip?.restart()
        raw.clear()
        rawPos = 0
        stage.clear()
        bytesRead = 0
        decodedBytes = 0
        hashSkip = 0
        // A second pass (after inference) reads the same bytes: hash them once.
        if let fingerprint { known = fingerprint }
        hasher = known == nil && !unhashed ? SHA256() : nil
        fingerprint = nil
    }

    /// Stops hashing: the fingerprint stays nil (the load keeps no ledger row).
    func skipFingerprint() {
        unhashed = true
        hasher = nil
        known = nil
    }

    /// Reads raw file bytes, counting and hashing them; at the end of the input the fingerprint
    /// of everything read becomes available.
    private func readFile(into dest: UnsafeMutableRawBufferPointer) throws(FerryError) -> Int {
        let n = try file.read(into: dest)
        if n > 0 {
            bytesRead += n
            let skipped = min(hashSkip, n)
            hashSkip -= skipped
            hasher?.update(bufferPointer: UnsafeRawBufferPointer(rebasing: dest[skipped..<n]))
        } else if fingerprint == nil {
            if let hasher {
                fingerprint = FileDigest.fingerprint(hasher, bytes: bytesRead)
            } else if let known, known.bytes == bytesRead {
                // A file whose size changed between passes gets no checksum rather than a wrong one.
                fingerprint = known
            }
        }
        return n
    }

    /// One step of reading: appends up to `max` UTF-8 (or not yet transcoded) bytes to `out`.
    private func decodeOnce(into out: ScanBuffer, max: Int) throws(FerryError) -> Int {
        out.reserve(max)
        let dest = UnsafeMutableRawBufferPointer(rebasing: out.spare[0..<max])
        let n = try produce(into: dest)
        out.commit(n)
        return n
    }

    /// One step of reading Latin-1 input: decodes, then appends its UTF-8 transcoding to `out`.
    private func transcodeOnce(into out: ScanBuffer, max: Int) throws(FerryError) -> Int {
        stage.clear()
        let want = Swift.max(1, Swift.min(max, chunkSize))
        stage.reserve(want)
        let n = try produce(into: UnsafeMutableRawBufferPointer(rebasing: stage.spare[0..<want]))
        guard n > 0 else { return 0 }
        out.reserve(2 * n)
        let written = Latin1.transcode(UnsafeRawBufferPointer(start: stage.base, count: n), into: out.spare)
        out.commit(written)
        return written
    }

    /// Fills `dest` with the next input bytes, inflated when the input is gzip; 0 at the end.
    private func produce(into dest: UnsafeMutableRawBufferPointer) throws(FerryError) -> Int {
        if !detected { try detect() }
        guard let gzip else { return try copyPlain(into: dest) }
        while true {
            if rawPos == raw.end {
                raw.clear()
                rawPos = 0
                let n = try readFile(into: raw.spare)
                raw.commit(n)
                if n == 0 {
                    try gzip.finish()
                    return 0
                }
            }
            let input = UnsafeRawBufferPointer(start: raw.base + rawPos, count: raw.end - rawPos)
            let (consumed, produced) = try gzip.inflate(input: input, output: dest)
            rawPos += consumed
            if produced > 0 { return produced }
            if consumed == 0 {
                throw FerryError(.internalError, stage: .extract, "inflating \(displayName) made no progress")
            }
        }
    }

    /// Plain input: first the bytes read while detecting the compression, then straight reads.
    private func copyPlain(into dest: UnsafeMutableRawBufferPointer) throws(FerryError) -> Int {
        if rawPos < raw.end {
            let n = min(dest.count, raw.end - rawPos)
            dest.baseAddress?.copyMemory(from: raw.base + rawPos, byteCount: n)
            rawPos += n
            return n
        }
        return try readFile(into: dest)
    }

    /// Decides whether the input is gzip: declared, or (for `auto`) starting with 1f 8b.
    private func detect() throws(FerryError) {
        detected = true
        switch compression {
        case .none:
            return
        case .gzip:
            gzip = try GzipStream(name: displayName)
        case .auto:
            while raw.end < 2 {
                let n = try readFile(into: raw.spare)
                if n == 0 { break }
                raw.commit(n)
            }
            if raw.end >= 2 && raw.base[0] == 0x1F && raw.base[1] == 0x8B {
                gzip = try GzipStream(name: displayName)
            }
        }
    }
}

extension DecodedInput {
    /// Whether decoded offsets are file offsets: an uncompressed file read as UTF-8.
    private var isPlain: Bool { detected && gzip == nil && !latin1 }

    /// The position of the record boundary `pending` decoded bytes before the end of what `read`
    /// handed out (the bytes still in the reader's buffer after its last record).
    func position(pending: Int, line: Int) throws(FerryError) -> SourcePosition? {
        guard resumable, !file.isStandardInput, let size = file.size else { return nil }
        let offset = decodedBytes - pending
        let hashed = bytesRead + hashSkip
        return SourcePosition(offset: offset, line: line, hash: hasher.map { FileDigest.fingerprint($0, bytes: hashed) },
                              fileBytes: size, modified: file.modified, tailDigest: isPlain ? try tailDigest(before: offset) : nil)
    }

    /// The hash of the file's first `count` bytes (`pread`, 1 MiB at a time).
    private func hashPrefix(_ count: Int) throws(FerryError) -> SHA256 {
        var digest = SHA256()
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { block.deallocate() }
        var done = 0
        while done < count {
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: block[0..<min(block.count, count - done)]), at: done)
            if n == 0 {
                throw FerryError(.invalidRequest, stage: .validate, "the source \(displayName) changed since the checkpoint: it ends before byte \(count); rerun with --no-resume to start over")
            }
            digest.update(bufferPointer: UnsafeRawBufferPointer(rebasing: block[0..<n]))
            done += n
        }
        return digest
    }

    /// SHA-256 of the up to `SourcePosition.tailBytes` file bytes before `offset` (`pread`).
    private func tailDigest(before offset: Int) throws(FerryError) -> String {
        let start = max(0, offset - SourcePosition.tailBytes)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: offset - start, alignment: 16)
        defer { block.deallocate() }
        let n = try file.read(into: block, at: start)
        var digest = SHA256()
        digest.update(bufferPointer: UnsafeRawBufferPointer(rebasing: block[0..<n]))
        return FileDigest.fingerprint(digest, bytes: n).sha256
    }

    /// Continues at `position` after `restart`: an uncompressed UTF-8 file hashes again the bytes
    /// the checkpoint's digest covers (one sequential read at swift-crypto's speed, no parsing),
    /// then seeks to the boundary (`lseek`) and goes on hashing where the digest ended; gzip and
    /// Latin-1 input is decoded from the start and the first `offset` decoded bytes dropped
    /// without scanning records. Throws when the file is not the one the position was taken
    /// from: another size or modification time, other bytes just before the boundary, or
    /// another digest of the bytes before it.
    /// Starts with `restart` and leaves `scratch` (the reader's buffer) empty.
    func resume(at position: SourcePosition, scratch: ScanBuffer) throws(FerryError) {
        try restart()
        defer { scratch.clear() }
        let changed = "the source \(displayName) changed since the checkpoint"
        if position.fileBytes != file.size {
            throw FerryError(.invalidRequest, stage: .validate, "\(changed): it is \(file.size.map { "\($0)" } ?? "not a regular file of") bytes, not \(position.fileBytes.map { "\($0)" } ?? "?"); rerun with --no-resume to start over")
        }
        if position.modified != file.modified {
            throw FerryError(.invalidRequest, stage: .validate, "\(changed): its modification time differs; rerun with --no-resume to start over")
        }
        if !detected { try detect() }
        if isPlain {
            if let tail = position.tailDigest, try tailDigest(before: position.offset) != tail {
                throw FerryError(.invalidRequest, stage: .validate, "\(changed): the bytes before byte \(position.offset) differ; rerun with --no-resume to start over")
            }
            try file.seek(to: position.offset)
            raw.clear()
            rawPos = 0
            bytesRead = position.offset
            decodedBytes = position.offset
            if let prefix = position.hash {
                let digest = try hashPrefix(prefix.bytes)
                if FileDigest.fingerprint(digest, bytes: prefix.bytes) != prefix {
                    throw FerryError(.invalidRequest, stage: .validate, "\(changed): its first \(prefix.bytes) bytes have another SHA-256; rerun with --no-resume to start over")
                }
                if known == nil && !unhashed {
                    hasher = digest
                    hashSkip = max(0, prefix.bytes - position.offset)
                }
            } else if known == nil {
                hasher = nil
            }
            return
        }
        var left = position.offset - decodedBytes
        while left > 0 {
            scratch.clear()
            let n = try read(into: scratch, count: min(left, 1 << 20))
            if n == 0 {
                throw FerryError(.invalidRequest, stage: .validate, "\(changed): it ends before byte \(position.offset) of its decoded text; rerun with --no-resume to start over")
            }
            left -= n
        }
        scratch.clear()
    }
}
