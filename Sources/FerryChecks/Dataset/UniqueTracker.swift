#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import FerryCore
import FerryPOSIX

/// Counts rows whose key repeats an earlier row's, exactly, in bounded memory.
///
/// Keys live in a hash table until their bytes pass `memoryCap`; then every key seen so far and
/// every later one is written to `fanout` spill files by hash, in a private temporary directory,
/// and `finish` reads one file at a time. A file still larger than the cap is split again by
/// another hash (up to `maxDepth` levels), so memory stays near the cap whatever the input size;
/// the count is never an estimate. The directory is removed at `finish` or `discard`.
package final class UniqueTracker {
    /// A repeated key: its row's line and the key's display text.
    package typealias Duplicate = (line: Int, key: String)

    let memoryCap: Int
    let spillParent: String
    let sampleLimit: Int
    static let fanout = 16
    static let maxDepth = 4
    /// Bytes a key costs in the table beyond its own (hash slot, array header, line).
    static let entryOverhead = 64

    private var seen: [[UInt8]: Int] = [:]
    private var bytes = 0
    private var spillDirectory: String?
    private var pending: [[UInt8]] = []
    private var pendingBytes = 0
    package private(set) var duplicates = 0
    package private(set) var samples: [Duplicate] = []
    /// Whether keys went to disk (for tests and the report).
    package var spilled: Bool { spillDirectory != nil }

    package init(memoryCap: Int, spillParent: String, sampleLimit: Int) {
        self.memoryCap = memoryCap
        self.spillParent = spillParent
        self.sampleLimit = sampleLimit
        pending = Array(repeating: [], count: Self.fanout)
    }

    deinit { discard() }

    /// Adds the key (encoded by `UniqueKey`) of the row at `line`.
    package func add(_ key: [UInt8], line: Int) throws(FerryError) {
        if spillDirectory != nil {
            try spill(key, line: line, depth: 0)
            return
        }
        if seen[key] != nil {
            found(line: line, key: key)
            return
        }
        seen[key] = line
        bytes += key.count + Self.entryOverhead
        if bytes > memoryCap { try startSpilling() }
    }

    /// Counts the duplicates still on disk and removes the spill files.
    package func finish() throws(FerryError) {
        guard let directory = spillDirectory else { return }
        defer { discard() }
        try flushAll()
        for p in 0..<Self.fanout { try count(file: "\(directory)/0-\(p)", depth: 0) }
    }

    /// Removes the spill directory (idempotent).
    package func discard() {
        guard let directory = spillDirectory else { return }
        if let dir = opendir(directory) {
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
                if name != "." && name != ".." { unlink("\(directory)/\(name)") }
            }
            closedir(dir)
        }
        rmdir(directory)
        spillDirectory = nil
    }

    private func found(line: Int, key: [UInt8]) {
        duplicates += 1
        if samples.count < sampleLimit { samples.append((line, UniqueKey.display(key))) }
    }

    private func startSpilling() throws(FerryError) {
        var template = Array("\(spillParent)/ferry-unique-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw Errno(code: errno).error(.targetWrite, stage: .transform, "cannot create a spill directory for a unique check in \(spillParent)")
        }
        spillDirectory = String(cString: template.map { $0 })
        let table = seen
        seen = [:]
        bytes = 0
        for (key, line) in table { try spill(key, line: line, depth: 0) }
    }

    /// Queues `key` for its partition at level 0, writing the partition's buffer when it fills.
    private func spill(_ key: [UInt8], line: Int, depth: Int) throws(FerryError) {
        let p = Self.partition(key, depth: depth)
        Self.encode(key, line: line, into: &pending[p])
        pendingBytes += key.count + 12
        if pendingBytes > 1 << 20 { try flushAll() }
    }

    private func flushAll() throws(FerryError) {
        guard let directory = spillDirectory else { return }
        for p in 0..<Self.fanout where !pending[p].isEmpty {
            try Self.append(pending[p], to: "\(directory)/0-\(p)")
            pending[p].removeAll(keepingCapacity: true)
        }
        pendingBytes = 0
    }

    /// Counts the duplicates of one spill file, splitting it first when it is over the cap.
    private func count(file: String, depth: Int) throws(FerryError) {
        let data = try Self.read(file)
        unlink(file)
        if data.isEmpty { return }
        if data.count > memoryCap && depth + 1 < Self.maxDepth, let directory = spillDirectory {
            var parts = Array(repeating: [UInt8](), count: Self.fanout)
            Self.forEach(in: data) { key, line in Self.encode(key, line: line, into: &parts[Self.partition(key, depth: depth + 1)]) }
            for p in 0..<Self.fanout where !parts[p].isEmpty {
                try Self.append(parts[p], to: "\(directory)/\(depth + 1)-\(p)")
            }
            for p in 0..<Self.fanout { try count(file: "\(directory)/\(depth + 1)-\(p)", depth: depth + 1) }
            return
        }
        var table: [[UInt8]: Int] = [:]
        var found: [(line: Int, key: [UInt8])] = []
        Self.forEach(in: data) { key, line in
            if table[key] != nil { found.append((line, key)) } else { table[key] = line }
        }
        for f in found { self.found(line: f.line, key: f.key) }
    }

    static func partition(_ key: [UInt8], depth: Int) -> Int {
        // FNV-1a with the level mixed in, so a level's split spreads what the level above grouped.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(depth) &* 0x9E37_79B9_7F4A_7C15
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h ^= h >> 29
        return Int(h % UInt64(fanout))
    }

    static func encode(_ key: [UInt8], line: Int, into out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(key.count).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(line).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: key)
    }

    static func forEach(in data: [UInt8], _ body: ([UInt8], Int) -> Void) {
        var i = 0
        while i + 12 <= data.count {
            var length = 0
            for k in 0..<4 { length |= Int(data[i + k]) << (8 * k) }
            var line = 0
            for k in 0..<8 { line |= Int(data[i + 4 + k]) << (8 * k) }
            let start = i + 12
            body(Array(data[start..<start + length]), line)
            i = start + length
        }
    }

    private static func append(_ bytes: [UInt8], to path: String) throws(FerryError) {
        do {
            var fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_APPEND, permissions: 0o600)
            try fd.writeAll(bytes)
            try fd.close()
        } catch {
            throw error.error(.targetWrite, stage: .transform, "cannot write a spill file of a unique check")
        }
    }

    private static func read(_ path: String) throws(FerryError) -> [UInt8] {
        do {
            let fd = try FileDescriptor.open(path, O_RDONLY)
            return try fd.readAll()
        } catch {
            if error.code == ENOENT { return [] }
            throw error.error(.targetWrite, stage: .transform, "cannot read a spill file of a unique check")
        }
    }
}

/// The bytes a `unique` check compares: each column's canonical text, length-prefixed.
package enum UniqueKey {
    /// Appends value `row` of `vector` (non-NULL) to `key`.
    package static func append(_ vector: ColumnVector, row: Int, to key: inout [UInt8], scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        ValueFormatter.append(vector, row: row, to: &scratch)
        withUnsafeBytes(of: UInt32(scratch.count).littleEndian) { key.append(contentsOf: $0) }
        key.append(contentsOf: scratch)
    }

    /// The key's values joined by `, ` (for samples).
    static func display(_ key: [UInt8]) -> String {
        var parts: [String] = []
        var i = 0
        while i + 4 <= key.count {
            var length = 0
            for k in 0..<4 { length |= Int(key[i + k]) << (8 * k) }
            parts.append(String(decoding: key[(i + 4)..<min(key.count, i + 4 + length)], as: UTF8.self))
            i += 4 + length
        }
        return parts.joined(separator: ", ")
    }
}
