import FerryCore

/// The checks a declared `decimal(p,s)` implies: at most `s` fraction digits and `p - s` integer
/// digits. `decimal(p)` means scale 0; plain `decimal` has no limits.
struct DecimalRules: Sendable {
    var scale: Int?
    var integerDigits: Int?

    init(_ type: ColumnType) {
        guard case let .decimal(precision, scale) = type else { return }
        if let precision {
            let s = scale ?? 0
            self.scale = s
            integerDigits = max(0, precision - s)
        } else {
            self.scale = scale
        }
    }
}
