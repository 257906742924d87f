import FerryCore

/// What the `Profiler` accumulates for one column: counts, a distinct sketch, extremes, samples.
struct ColumnStatistics: Sendable {
    static let sampleLimit = 5
    static let sampleCharacters = 40

    let type: ColumnType
    var count = 0
    var nulls = 0
    var sketch = HyperLogLog()
    /// The extremes of each storage; nil until a value (other than NaN) was seen.
    var intRange: ClosedRange<Int64>?
    var doubleRange: ClosedRange<Double>?
    var bytesRange: (min: [UInt8], max: [UInt8])?
    /// Distinct sample values, at most `sampleLimit`.
    var samples: ColumnVector
    /// Number columns only, when asked for (`Profiler(schema:quantiles:)`): the sum and a sample
    /// for quantiles.
    var numbers: (sum: Double, sketch: QuantileSketch)?

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
        for row in 0 ..< v.count where counted(v, row) {
            let x = v.ints[row]
            sketch.add(hash: ValueHash.hash(x))
            Self.widen(&intRange, with: x)
            if numbers != nil { addNumber(Double(x)) }
            if samples.count < Self.sampleLimit, !samples.ints.contains(x) { samples.append(int: x) }
        }
    }

    private mutating func observeDoubles(_ v: ColumnVector) {
        for row in 0 ..< v.count where counted(v, row) {
            let x = v.doubles[row]
            sketch.add(hash: ValueHash.hash(x))
            if !x.isNaN { Self.widen(&doubleRange, with: x) }
            if numbers != nil { addNumber(x) }
            if samples.count < Self.sampleLimit, !containsSample(x) { samples.append(double: x) }
        }
    }

    private mutating func addNumber(_ x: Double) {
        numbers?.sum += x
        numbers?.sketch.add(x)
    }

    /// Counts row `row` of `v` as a NULL or a value; true for a value.
    private mutating func counted(_ v: ColumnVector, _ row: Int) -> Bool {
        if v.isNull[row] {
            nulls += 1
            return false
        }
        count += 1
        return true
    }

    private static func widen<Value: Comparable>(_ range: inout ClosedRange<Value>?, with x: Value) {
        guard let current = range else {
            range = x ... x
            return
        }
        if x < current.lowerBound {
            range = x ... current.upperBound
        } else if x > current.upperBound {
            range = current.lowerBound ... x
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
                guard counted(v, row) else { continue }
                let value = UnsafeRawBufferPointer(rebasing: all[start ..< end])
                sketch.add(hash: ValueHash.hash(value))
                if numbers != nil, isDecimal, let x = Double(String(decoding: value, as: UTF8.self)) { addNumber(x) }
                if let range = bytesRange {
                    if Self.less(value, than: range.min, decimal: isDecimal) {
                        bytesRange?.min = Array(value)
                    } else if Self.less(range.max, than: value, decimal: isDecimal) {
                        bytesRange?.max = Array(value)
                    }
                } else {
                    bytesRange = (Array(value), Array(value))
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
        switch type.storage {
        case .int64:
            if let range = intRange {
                extremes.append(int: range.lowerBound)
                extremes.append(int: range.upperBound)
            }
        case .float64:
            if let range = doubleRange {
                extremes.append(double: range.lowerBound)
                extremes.append(double: range.upperBound)
            }
        case .bytes:
            if let range = bytesRange {
                range.min.withUnsafeBytes { extremes.append(bytes: $0) }
                range.max.withUnsafeBytes { extremes.append(bytes: $0) }
            }
        }
        let hasExtremes = extremes.count == 2
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
            samples: rendered,
            sum: numbers.map(\.sum),
            quantiles: numbers?.sketch.quantiles([0.25, 0.5, 0.75]) ?? []
        )
    }
}
