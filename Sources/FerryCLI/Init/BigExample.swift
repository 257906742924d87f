/// `data/big.csv.gz` of `ferry init`: a gzip-compressed CSV of `rows` orders, generated (the same
/// bytes before compression on every run), in which `badIDs` have an unquoted comma in their
/// comment and so one field too many. The README tour loads it with `--max-rejects 1%`: those rows
/// go to the reject file with their line and reason, the others load.
enum BigExample {
    static let rows = 20_000
    /// The ids of the rows with one field too many (3 of 20,000: well under 1%).
    static let badIDs: Set<Int> = [1_234, 9_876, 15_000]

    static let header = "id,zip,amount,order_date,comment\n"
    private static let comments = ["", "gift wrap", "\"call first, please\"", "leave at door", "express"]

    /// The uncompressed CSV.
    static func csv() -> [UInt8] {
        var out = Array(header.utf8)
        out.reserveCapacity(rows * 40)
        // A fixed linear congruential sequence (Knuth's MMIX constants): varied, reproducible data.
        var state: UInt64 = 20_240_105
        for id in 1...rows {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let zip = Int((state >> 33) % 100_000)
            let cents = Int((state >> 17) % 1_000_000)
            var line = String(id) + "," + padded(zip, to: 5) + ","
            line += String(cents / 100) + "." + padded(cents % 100, to: 2) + ","
            line += "2024-" + padded(1 + id % 12, to: 2) + "-" + padded(1 + id % 28, to: 2) + ","
            line += badIDs.contains(id) ? "call first, please" : comments[id % comments.count]
            out += Array(line.utf8)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    private static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
