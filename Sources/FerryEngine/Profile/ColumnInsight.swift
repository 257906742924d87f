package import FerryCore

/// What `ferry inspect` and the `--report` page learn about one column beyond the `Profiler`'s
/// figures, in bounded memory:
/// - the values and their counts while the column has at most `topLimit` distinct values of at
///   most `topValueBytes` bytes (exact; past either cap the column is "many values");
/// - whether every value is distinct, exactly, from a set of 64-bit hashes of the values' text
///   while it holds at most `uniqueLimit` hashes (two values with one hash count as a repeat, so
///   "unique" is never claimed wrongly; past the cap uniqueness is unknown);
/// - for numbers, dates and timestamps a `NumericSample` (histogram, median, MAD, outliers);
/// - for text columns, how many values each `FormatProbe` matches (a probe that failed more
///   than 10 % of at least 1,000 values is dropped).
struct ColumnInsight: Sendable {
    static let topLimit = 1_000
    static let topValueBytes = 64

    let type: ColumnType
    let uniqueLimit: Int
    private(set) var count = 0
    private(set) var nulls = 0
    private(set) var top: [String: Int]? = [:]
    private(set) var hashes: Set<UInt64>? = []
    private(set) var uniqueKnown = true
    private(set) var sample = NumericSample()
    /// Matches per probe (index into the probes); nil once the probe is dropped.
    private(set) var matches: [Int?]
    private var text: [UInt8] = []

    init(type: ColumnType, probes: Int, uniqueLimit: Int) {
        self.type = type
        self.uniqueLimit = uniqueLimit
        matches = type == .text ? Array(repeating: 0, count: probes) : []
        if type == .json || type == .boolean || type == .double { hashes = nil; uniqueKnown = false }
    }

    /// Whether the column is charted as a histogram (numbers, dates and timestamps).
    var isNumeric: Bool {
        switch type {
        case .bigint, .double, .decimal, .date, .timestamp, .timestamptz: true
        default: false
        }
    }

    mutating func observe(_ v: ColumnVector, lines: [Int], probes: [FormatProbe]) {
        for row in 0..<v.count {
            if v.isNull[row] { nulls += 1; continue }
            count += 1
            text.removeAll(keepingCapacity: true)
            ValueFormatter.append(v, row: row, to: &text)
            if top != nil { countTop() }
            if hashes != nil { remember() }
            if isNumeric { sample.add(number(v, row) ?? .nan, line: row < lines.count ? lines[row] : 0) }
            if !matches.isEmpty { probe(probes) }
        }
    }

    private mutating func countTop() {
        guard text.count <= Self.topValueBytes else { top = nil; return }
        let key = String(decoding: text, as: UTF8.self)
        if let n = top?[key] {
            top?[key] = n + 1
        } else if (top?.count ?? 0) < Self.topLimit {
            top?[key] = 1
        } else {
            top = nil
        }
    }

    private mutating func remember() {
        let h = text.withUnsafeBytes { ValueHash.hash($0) }
        if hashes?.insert(h).inserted == false {
            hashes = nil
            uniqueKnown = true
        } else if (hashes?.count ?? 0) > uniqueLimit {
            hashes = nil
            uniqueKnown = false
        }
    }

    /// The value as a number: days for dates, microseconds for timestamps.
    private func number(_ v: ColumnVector, _ row: Int) -> Double? {
        switch type.storage {
        case .int64: Double(v.ints[row])
        case .float64: v.doubles[row]
        case .bytes: Double(String(decoding: text, as: UTF8.self))
        }
    }

    private mutating func probe(_ probes: [FormatProbe]) {
        text.withUnsafeBytes { value in
            for i in matches.indices {
                guard let hits = matches[i] else { continue }
                if probes[i].test(value) {
                    matches[i] = hits + 1
                } else if count >= 1_000, count - hits > count / 10 {
                    matches[i] = nil
                }
            }
        }
    }

    /// Whether every value is distinct: true or false when known, nil past the cap.
    var unique: Bool? {
        if hashes != nil { return true }
        return uniqueKnown ? false : nil
    }
}
