import FerryCore

/// What the `Profiler` accumulates for one column: counts, a distinct sketch, extremes, samples.
struct ColumnStatistics: Sendable {
    static let sampleLimit = 5
    static let sampleCharacters = 40

    let type: ColumnType
    var count = 0
    var nulls = 0
    var sketch = HyperLogLog()
    /// Extremes of `.int64` and `.float64` columns (valid once `hasExtremes`).
    var minInt: Int64 = 0
    var maxInt: Int64 = 0
    var minDouble: Double = 0
    var maxDouble: Double = 0
    /// Extremes of `.bytes` columns.
    var minBytes: [UInt8] = []
    var maxBytes: [UInt8] = []
    var hasExtremes = false
    /// Distinct sample values, at most `sampleLimit`.
    var samples: ColumnVector

    init(type: ColumnType) {
        self.type = type
        samples = ColumnVector(type: type)
    }

    mutating func observe(_ v: ColumnVector) {
        switch type.storage {
        case .int64: observeInts(v)
        case .float64: observeDoubles(v)
        case .bytes: observeBytes(v)
        }
    }

    private mutating func observeInts(_ v: ColumnVector) {
        for row in 0 ..< v.count {
            if v.isNull[row] {
                nulls += 1
                continue
            }
            count += 1
            let x = v.ints[row]
            sketch.add(hash: ValueHash.hash(x))
            if !hasExtremes {
                minInt = x
                maxInt = x
                hasExtremes = true
            } else if x < minInt {
                minInt = x
            } else if x > maxInt {
                maxInt = x
            }
            if samples.count < Self.sampleLimit, !samples.ints.contains(x) { samples.append(int: x) }
        }
    }

    private mutating func observeDoubles(_ v: ColumnVector) {
        for row in 0 ..< v.count {
            if v.isNull[row] {
                nulls += 1
                continue
            }
            count += 1
            let x = v.doubles[row]
            sketch.add(hash: ValueHash.hash(x))
            if !x.isNaN {
                if !hasExtremes {
                    minDouble = x
                    maxDouble = x
                    hasExtremes = true
                } else if x < minDouble {
                    minDouble = x
                } else if x > maxDouble {
                    maxDouble = x
                }
            }
            if samples.count < Self.sampleLimit, !containsSample(x) { samples.append(double: x) }
        }
    }

    private mutating func observeBytes(_ v: ColumnVector) {
        var isDecimal = false
        if case .decimal = type { isDecimal = true }
        v.bytes.withUnsafeBytes { all in
            var start = 0
            for row in 0 ..< v.count {
                let end = Int(v.ends[row])
                defer { start = end }
                if v.isNull[row] {
                    nulls += 1
                    continue
                }
                count += 1
                let value = UnsafeRawBufferPointer(rebasing: all[start ..< end])
                sketch.add(hash: ValueHash.hash(value))
                if !hasExtremes {
                    minBytes = Array(value)
                    maxBytes = Array(value)
                    hasExtremes = true
                } else if Self.less(value, than: minBytes, decimal: isDecimal) {
                    minBytes = Array(value)
                } else if Self.less(maxBytes, than: value, decimal: isDecimal) {
                    maxBytes = Array(value)
                }
                if samples.count < Self.sampleLimit, !containsSample(value) { samples.append(bytes: value) }
            }
        }
    }

    private static func less(_ a: UnsafeRawBufferPointer, than b: [UInt8], decimal: Bool) -> Bool {
        b.withUnsafeBytes { b in decimal ? DecimalOrder.less(a, b) : a.lexicographicallyPrecedes(b) }
    }

    private static func less(_ a: [UInt8], than b: UnsafeRawBufferPointer, decimal: Bool) -> Bool {
        a.withUnsafeBytes { a in decimal ? DecimalOrder.less(a, b) : a.lexicographicallyPrecedes(b) }
    }

    /// Whether `x` is a sample already: same bits, or both NaN (all NaNs print as `NaN`).
    private func containsSample(_ x: Double) -> Bool {
        for s in samples.doubles where s.bitPattern == x.bitPattern || (s.isNaN && x.isNaN) { return true }
        return false
    }

    private func containsSample(_ value: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        for row in 0 ..< samples.count {
            let end = Int(samples.ends[row])
            if end - start == value.count, samples.bytes[start ..< end].elementsEqual(value) { return true }
            start = end
        }
        return false
    }

    /// The profile of this column under `name`.
    func profile(name: String) -> ColumnProfile {
        var extremes = ColumnVector(type: type)
        if hasExtremes {
            switch type.storage {
            case .int64:
                extremes.append(int: minInt)
                extremes.append(int: maxInt)
            case .float64:
                extremes.append(double: minDouble)
                extremes.append(double: maxDouble)
            case .bytes:
                minBytes.withUnsafeBytes { extremes.append(bytes: $0) }
                maxBytes.withUnsafeBytes { extremes.append(bytes: $0) }
            }
        }
        let cut = type == .text || type == .json
        let rendered = (0 ..< samples.count).map { row in
            let text = ValueFormatter.text(samples, row: row)
            guard cut, text.count > Self.sampleCharacters else { return text }
            return String(text.prefix(Self.sampleCharacters)) + "…"
        }
        let estimate = Int(sketch.estimate.rounded())
        return ColumnProfile(
            name: name, type: type, count: count, nulls: nulls,
            distinctEstimate: Swift.min(Swift.max(estimate, count > 0 ? 1 : 0), count),
            min: hasExtremes ? ValueFormatter.text(extremes, row: 0) : nil,
            max: hasExtremes ? ValueFormatter.text(extremes, row: 1) : nil,
            samples: rendered
        )
    }
}
