import FerryCore

extension PostgresBinaryRows.Field {
    /// Whether a typed column of this type holds bytes (`ColumnStorage.bytes`): text types, json,
    /// jsonb, uuid and numeric.
    var isBytes: Bool {
        switch self {
        case .text, .jsonb, .uuid, .numeric: true
        default: false
        }
    }
}

extension PostgresBinaryRows {
    /// Where `appendTyped` decodes values before they become a `TypedBatch`'s column vectors:
    /// memory the decoder owns and reuses, written through pointers, column by column (each
    /// column's NULL flags, its 64-bit values or its bytes and value ends), then copied into the
    /// vectors with one copy per column and array (`batch(_:lines:)`). Appending each value to its
    /// vector's arrays instead costs a uniqueness and a capacity check per array and value.
    ///
    /// Owned by one `PostgresBinaryRows` (used by one thread at a time); freed in `deinit`.
    final class Columns {
        /// Rows held.
        private(set) var rows = 0
        /// Rows each column has room for.
        private var capacity = 0
        private let columns: Int
        /// NULL flags and 64-bit values (int64 storage, or a double's bit pattern), column `c`'s
        /// at `c * capacity`; a NULL's value is 0, as `ColumnVector` keeps it.
        private var nulls: UnsafeMutablePointer<Bool>
        private var words: UnsafeMutablePointer<UInt64>
        /// Value ends in the column's bytes (bytes columns), column `c`'s at `c * capacity`.
        private var ends: UnsafeMutablePointer<Int32>
        /// Each column's bytes (bytes columns).
        private let texts: UnsafeMutablePointer<Bytes>
        /// Which columns hold bytes.
        private let isBytes: [Bool]

        /// A growable run of bytes.
        struct Bytes {
            var base: UnsafeMutablePointer<UInt8>
            var count: Int
            var capacity: Int
        }

        /// Columns of the given kinds: `isBytes[c]` when column `c` holds bytes.
        init(isBytes: [Bool]) {
            self.isBytes = isBytes
            let columns = isBytes.count
            self.columns = columns
            let slots = max(columns, 1)
            capacity = 1024
            nulls = .allocate(capacity: slots * capacity)
            words = .allocate(capacity: slots * capacity)
            ends = .allocate(capacity: slots * capacity)
            texts = .allocate(capacity: slots)
            for c in 0 ..< slots {
                (texts + c).initialize(to: Bytes(base: .allocate(capacity: 4096), count: 0, capacity: 4096))
            }
        }

        deinit {
            nulls.deallocate()
            words.deallocate()
            ends.deallocate()
            for c in 0 ..< max(columns, 1) { texts[c].base.deallocate() }
            texts.deinitialize(count: max(columns, 1))
            texts.deallocate()
        }

        /// Drops the rows held.
        func clear() {
            rows = 0
            for c in 0 ..< columns { texts[c].count = 0 }
        }

        /// Makes room for one more row; returns its index. Each value of it is then set by one
        /// of the `set` functions, column by column.
        @inline(__always)
        func addRow() -> Int {
            if rows == capacity { grow() }
            let r = rows
            rows &+= 1
            return r
        }

        /// Takes back the last row, whose values were set up to some column.
        func removeLastRow() {
            rows &-= 1
            let r = rows
            for c in 0 ..< columns where isBytes[c] {
                texts[c].count = r == 0 ? 0 : Int(ends[c &* capacity &+ r &- 1])
            }
        }

        @inline(__always)
        func setNull(_ c: Int, _ r: Int) {
            let i = c &* capacity &+ r
            nulls[i] = true
            words[i] = 0
            if isBytes[c] { ends[i] = Int32(truncatingIfNeeded: texts[c].count) }
        }

        @inline(__always)
        func set(_ c: Int, _ r: Int, word: UInt64) {
            let i = c &* capacity &+ r
            nulls[i] = false
            words[i] = word
        }

        /// Room for `count` more bytes of column `c`: write them there, then `endBytes`.
        @inline(__always)
        func room(_ c: Int, _ count: Int) -> UnsafeMutablePointer<UInt8> {
            let t = texts + c
            if t.pointee.capacity &- t.pointee.count < count { Self.grow(t, to: t.pointee.count &+ count) }
            return t.pointee.base + t.pointee.count
        }

        /// Ends value `r` of column `c` after `count` bytes written into `room(c, _)`.
        @inline(__always)
        func endBytes(_ c: Int, _ r: Int, count: Int) {
            let t = texts + c
            t.pointee.count &+= count
            let i = c &* capacity &+ r
            nulls[i] = false
            ends[i] = Int32(truncatingIfNeeded: t.pointee.count)
        }

        /// The rows held as a batch of `schema`'s column vectors (one per column, each value in
        /// the storage of its vector's type), numbered `lines`; clears them.
        func batch(_ schema: Schema, lines: [Int]) -> TypedBatch {
            defer { clear() }
            var batch = TypedBatch(schema: schema)
            batch.lines = lines
            let rows = rows
            for c in 0 ..< min(columns, batch.columns.count) {
                let at = c &* capacity
                batch.columns[c].isNull = Array(UnsafeBufferPointer(start: nulls + at, count: rows))
                switch batch.columns[c].type.storage {
                case .int64:
                    batch.columns[c].ints = UnsafeRawPointer(words + at).withMemoryRebound(to: Int64.self, capacity: rows) {
                        Array(UnsafeBufferPointer(start: $0, count: rows))
                    }
                case .float64:
                    batch.columns[c].doubles = UnsafeRawPointer(words + at).withMemoryRebound(to: Double.self, capacity: rows) {
                        Array(UnsafeBufferPointer(start: $0, count: rows))
                    }
                case .bytes:
                    batch.columns[c].bytes = Array(UnsafeBufferPointer(start: texts[c].base, count: texts[c].count))
                    batch.columns[c].ends = Array(UnsafeBufferPointer(start: ends + at, count: rows))
                }
            }
            return batch
        }

        /// Doubles the rows each column has room for.
        private func grow() {
            let old = capacity
            capacity = old * 2
            let slots = max(columns, 1)
            let newNulls = UnsafeMutablePointer<Bool>.allocate(capacity: slots * capacity)
            let newWords = UnsafeMutablePointer<UInt64>.allocate(capacity: slots * capacity)
            let newEnds = UnsafeMutablePointer<Int32>.allocate(capacity: slots * capacity)
            for c in 0 ..< columns {
                (newNulls + c * capacity).update(from: nulls + c * old, count: rows)
                (newWords + c * capacity).update(from: words + c * old, count: rows)
                (newEnds + c * capacity).update(from: ends + c * old, count: rows)
            }
            nulls.deallocate()
            words.deallocate()
            ends.deallocate()
            nulls = newNulls
            words = newWords
            ends = newEnds
        }

        private static func grow(_ t: UnsafeMutablePointer<Bytes>, to needed: Int) {
            let capacity = max(needed, t.pointee.capacity * 2)
            let base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            base.update(from: t.pointee.base, count: t.pointee.count)
            t.pointee.base.deallocate()
            t.pointee.base = base
            t.pointee.capacity = capacity
        }
    }
}
