import FerryCore

/// The open data page of one column (PLAIN values or dictionary indices, definition levels) and
/// its chunk's dictionary and statistics: what `ParquetColumnWriter` fills row by row.
///
/// A struct on purpose: the writer mutates it through one call per slice of rows, so the loop
/// over values touches plain local storage (a class's stored arrays cost an exclusivity check on
/// every access, measured at a quarter of the encoding's instructions).
struct ParquetPageBuilder {
    let spec: ParquetColumnSpec
    /// PLAIN values of the page (in dictionary mode only the value being looked up).
    private(set) var values: [UInt8] = []
    /// PLAIN values of 8 or 16 bytes (INT64, DOUBLE, DECIMAL in INT64, UUID), as words whose
    /// memory holds their PLAIN bytes: appending a word costs a fraction of appending its bytes.
    /// The page's PLAIN bytes are `values` then `words` (for these types `values` holds only the
    /// values the page gave its dictionary back for, which come first).
    private(set) var words: [UInt64] = []
    private(set) var indices: [UInt32] = []
    /// Definition levels (OPTIONAL columns only).
    private(set) var levels: [UInt8] = []
    /// Values of the page, NULLs included.
    private(set) var pageValueCount = 0
    /// Booleans are bit-packed: the bits of the current page's values so far.
    private var booleanCount = 0
    private(set) var dictionary = ParquetDictionary()
    /// Whether the open page uses the dictionary (false for booleans, and once it is full).
    var encodesWithDictionary: Bool
    /// Whether the chunk has yet to decide to keep its dictionary: true until its first page
    /// closes or the decision is taken (`trialValues` values, or a full dictionary, whichever
    /// comes first).
    private var onTrial: Bool
    /// Non-null values after which a chunk whose values were nearly all distinct gives up its
    /// dictionary: unique ids, UUIDs, timestamps or free text would each pay a lookup and an
    /// insert until the dictionary fills, for pages no smaller than PLAIN ones. Large enough that
    /// a column of fewer distinct values than a full dictionary holds shows its repeats by then
    /// (50,000 values drawn evenly: about 3 in 4 distinct after 32,768).
    static let trialValues = 32_768
    private(set) var statistics: ParquetStatistics

    init(_ spec: ParquetColumnSpec) {
        self.spec = spec
        encodesWithDictionary = spec.value != .boolean
        onTrial = encodesWithDictionary
        if case .decimalFixed = spec.value { statistics = ParquetStatistics(signedBytes: true) } else { statistics = ParquetStatistics(signedBytes: false) }
    }

    /// Bytes held for the page and the dictionary.
    var bufferedBytes: Int { values.count + words.count * 8 + indices.count * 4 + levels.count + dictionary.plain.count }

    /// The open page's encoded size, about.
    var encodedBytes: Int {
        values.count + words.count * 8 + levels.count / 8 + indices.count * RLEHybrid.bitWidth(UInt32(max(dictionary.count, 1) - 1)) / 8
    }

    /// Empties the page (after it was written); the dictionary and statistics stay for the chunk.
    mutating func startPage() {
        values.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        levels.removeAll(keepingCapacity: true)
        pageValueCount = 0
        booleanCount = 0
        onTrial = false
    }

    /// Starts the next column chunk: an empty page, dictionary and statistics, keeping the
    /// buffers' storage.
    mutating func startChunk() {
        startPage()
        dictionary.removeAll()
        encodesWithDictionary = spec.value != .boolean
        onTrial = encodesWithDictionary
        statistics = ParquetPageBuilder(spec).statistics
    }

    /// Appends the rows `rows` yields of `vector`; stops early and returns true when the
    /// dictionary reaches `dictionaryLimit` bytes (the caller closes the page and goes on PLAIN).
    mutating func append<Rows: IteratorProtocol<Int>>(
        _ vector: ColumnVector, _ rows: inout Rows, lines: [Int], dictionaryLimit: Int
    ) throws(FerryError) -> Bool {
        while let row = rows.next() {
            if vector.isNull[row] {
                guard !spec.required else {
                    throw FerryError(.targetWrite, stage: .load, "column \(spec.name) is NOT NULL but source line \(lines[row]) has no value")
                }
                levels.append(0)
                statistics.observeNull()
            } else {
                if !spec.required { levels.append(1) }
                if encodesWithDictionary {
                    indices.append(try lookUp(vector, row, lines))
                    if onTrial && indices.count >= Self.trialValues { endTrial() }
                } else {
                    try appendValue(vector, row, lines)
                }
            }
            pageValueCount += 1
            if encodesWithDictionary && dictionary.plain.count >= dictionaryLimit {
                if onTrial { endTrial() }
                if encodesWithDictionary { return true }
            }
        }
        return false
    }

    /// Decides, once per chunk and while its values are all in the open page, whether the chunk
    /// keeps its dictionary: when at least 9 in 10 of the values so far were distinct, the page's
    /// indices become their PLAIN values and the chunk goes on PLAIN, without a dictionary page.
    private mutating func endTrial() {
        onTrial = false
        guard dictionary.count * 10 >= indices.count * 9 else { return }
        dictionary.appendPlain(of: indices, to: &values)
        indices.removeAll(keepingCapacity: true)
        dictionary.removeAll()
        encodesWithDictionary = false
    }

    /// The dictionary index of value `row` (added when new), for every type but boolean;
    /// fixed-width values are looked up from the stack, byte arrays from the batch.
    @inline(__always)
    private mutating func lookUp(_ vector: ColumnVector, _ row: Int, _ lines: [Int]) throws(FerryError) -> UInt32 {
        switch spec.value {
        case .int64:
            let v = vector.ints[row]
            statistics.observe(int: v)
            return lookUp(v)
        case .int32:
            let v = vector.ints[row]
            guard let narrow = Int32(exactly: v) else { throw outOfRange(lines[row]) }
            statistics.observe(int: v)
            return lookUp(narrow)
        case .double:
            let v = vector.doubles[row]
            statistics.observe(double: v)
            return lookUp(v.bitPattern)
        case .byteArray:
            let start = vector.start(of: row), end = Int(vector.ends[row])
            return vector.bytes.withUnsafeBytes { all in
                let value = UnsafeRawBufferPointer(rebasing: all[start..<end])
                statistics.observe(bytes: value)
                return dictionary.index(ofByteArray: value)
            }
        case .uuid:
            var uuid = try self.uuid(vector, row, lines)
            return withUnsafeBytes(of: &uuid) { bytes in
                statistics.observe(bytes: bytes)
                return dictionary.index(of: bytes)
            }
        case let .decimalInt32(scale):
            guard let v = unscaled(vector, row, scale), let narrow = Int32(exactly: v) else { throw unreadable("a decimal", lines[row]) }
            statistics.observe(int: v)
            return lookUp(narrow)
        case let .decimalInt64(scale):
            guard let v = unscaled(vector, row, scale) else { throw unreadable("a decimal", lines[row]) }
            statistics.observe(int: v)
            return lookUp(v)
        case .boolean, .decimalFixed:
            // Booleans never use the dictionary; wide decimals are built in `values` first.
            try appendValue(vector, row, lines)
            defer { values.removeAll(keepingCapacity: true) }
            return values.withUnsafeBytes { dictionary.index(of: $0) }
        }
    }

    @inline(__always)
    private mutating func lookUp<T: FixedWidthInteger>(_ value: T) -> UInt32 {
        dictionary.index(ofWord: UInt64(truncatingIfNeeded: value), width: MemoryLayout<T>.size)
    }

    @inline(__always)
    private mutating func appendValue(_ vector: ColumnVector, _ row: Int, _ lines: [Int]) throws(FerryError) {
        switch spec.value {
        case .int64:
            let v = vector.ints[row]
            statistics.observe(int: v)
            words.append(UInt64(bitPattern: v).littleEndian)
        case .int32:
            let v = vector.ints[row]
            guard let narrow = Int32(exactly: v) else { throw outOfRange(lines[row]) }
            statistics.observe(int: v)
            appendLittleEndian(narrow)
        case .boolean:
            let bit = vector.ints[row] != 0
            statistics.observe(int: bit ? 1 : 0)
            if booleanCount % 8 == 0 { values.append(0) }
            if bit { values[values.count - 1] |= 1 << UInt8(booleanCount % 8) }
            booleanCount += 1
        case .double:
            let v = vector.doubles[row]
            statistics.observe(double: v)
            words.append(v.bitPattern.littleEndian)
        case .byteArray:
            let start = vector.start(of: row), end = Int(vector.ends[row])
            appendLittleEndian(UInt32(end - start))
            vector.bytes.withUnsafeBytes { all in
                let value = UnsafeRawBufferPointer(rebasing: all[start..<end])
                statistics.observe(bytes: value)
                values.append(contentsOf: value)
            }
        case .uuid:
            var uuid = try self.uuid(vector, row, lines)
            withUnsafeBytes(of: &uuid) { statistics.observe(bytes: $0) }
            words.append(uuid.0)
            words.append(uuid.1)
        case let .decimalInt32(scale):
            guard let v = unscaled(vector, row, scale), let narrow = Int32(exactly: v) else { throw unreadable("a decimal", lines[row]) }
            statistics.observe(int: v)
            appendLittleEndian(narrow)
        case let .decimalInt64(scale):
            guard let v = unscaled(vector, row, scale) else { throw unreadable("a decimal", lines[row]) }
            statistics.observe(int: v)
            words.append(UInt64(bitPattern: v).littleEndian)
        case let .decimalFixed(scale, width):
            let at = values.count
            let start = vector.start(of: row), end = Int(vector.ends[row])
            let ok = vector.bytes.withUnsafeBytes {
                ParquetValueText.appendUnscaled(UnsafeRawBufferPointer(rebasing: $0[start..<end]), scale: scale, width: width, to: &values)
            }
            guard ok else { throw unreadable("a decimal", lines[row]) }
            observeBytes(from: at)
        }
    }

    /// The 16 bytes of the UUID text of value `row`, in memory order.
    @inline(__always)
    private func uuid(_ vector: ColumnVector, _ row: Int, _ lines: [Int]) throws(FerryError) -> (UInt64, UInt64) {
        let start = vector.start(of: row), end = Int(vector.ends[row])
        var uuid: (UInt64, UInt64) = (0, 0)
        let ok = withUnsafeMutableBytes(of: &uuid) { out in
            vector.bytes.withUnsafeBytes { ParquetValueText.parseUUID(UnsafeRawBufferPointer(rebasing: $0[start..<end]), into: out) }
        }
        guard ok else { throw unreadable("a UUID", lines[row]) }
        return uuid
    }

    @inline(__always)
    private func unscaled(_ vector: ColumnVector, _ row: Int, _ scale: Int) -> Int64? {
        let start = vector.start(of: row), end = Int(vector.ends[row])
        return vector.bytes.withUnsafeBytes { ParquetValueText.unscaled(UnsafeRawBufferPointer(rebasing: $0[start..<end]), scale: scale) }
    }

    private mutating func observeBytes(from start: Int) {
        values.withUnsafeBytes { statistics.observe(bytes: UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    @inline(__always)
    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { values.append(contentsOf: $0) }
    }

    private func outOfRange(_ line: Int) -> FerryError {
        FerryError(.targetWrite, stage: .load, "column \(spec.name): the value of source line \(line) is out of the range Parquet stores for its type")
    }

    private func unreadable(_ what: String, _ line: Int) -> FerryError {
        FerryError(.internalError, stage: .load, "column \(spec.name): the value of source line \(line) is not \(what) of the column's type")
    }
}
