import FerryCore
import FerryPOSIX

/// Integer keys that arrived in strictly ascending order, so none repeats another: they are kept
/// without hashing, in memory up to a cap and then in chunks on disk, until the order breaks and
/// `UniqueTracker` hashes them all.
///
/// Keys go to disk in chunks of at most `chunkBytes` whatever the cap: the run is only appended
/// to and read back in order, so a bigger chunk saves nothing and would hold that much memory
/// twice while it is written (a 16 MiB cap meant 32 MiB more peak RSS on a load).
final class AscendingRun {
    /// The largest chunk kept in memory before it is written.
    static let chunkBytes = 1 << 20
    private let memoryCap: Int
    private let spillParent: String
    private var chunk: [Int64] = []
    private var store: SpillDirectory?
    private var parts = 0
    private(set) var last: Int64?
    /// Whether keys went to disk (for tests).
    var spilled: Bool { parts > 0 }

    init(memoryCap: Int, spillParent: String) {
        self.memoryCap = min(max(memoryCap, 64), Self.chunkBytes)
        self.spillParent = spillParent
    }

    deinit { discard() }

    /// Whether `key` keeps the order (is greater than every key so far).
    func accepts(_ key: Int64) -> Bool {
        guard let last else { return true }
        return key > last
    }

    /// Appends `key` (which `accepts`).
    func append(_ key: Int64) throws(FerryError) {
        chunk.append(key)
        last = key
        if chunk.count * 8 >= memoryCap { try writeChunk() }
    }

    /// Calls `body` with every key, in order, removing them as it goes.
    func drain(_ body: (Int64) throws(FerryError) -> Void) throws(FerryError) {
        defer { discard() }
        if let store {
            for p in 0..<parts {
                let bytes = try store.take("run-\(p)")
                for k in 0..<(bytes.count / 8) {
                    var word: UInt64 = 0
                    for j in 0..<8 { word |= UInt64(bytes[k * 8 + j]) << (8 * j) }
                    try body(Int64(bitPattern: word))
                }
            }
        }
        let keys = chunk
        chunk = []
        for key in keys { try body(key) }
    }

    /// Removes the chunks on disk (idempotent).
    func discard() {
        store?.discard()
        store = nil
        chunk = []
    }

    private func writeChunk() throws(FerryError) {
        if store == nil {
            store = try SpillDirectory(parent: spillParent, name: "unique-run", purpose: "a unique check")
        }
        var bytes = [UInt8](repeating: 0, count: chunk.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (k, key) in chunk.enumerated() { raw.storeBytes(of: key.littleEndian, toByteOffset: k * 8, as: Int64.self) }
        }
        try store?.append(bytes, to: "run-\(parts)")
        parts += 1
        chunk.removeAll(keepingCapacity: true)
    }
}
