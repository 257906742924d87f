/// A limit an existing target column puts on values beyond its Ferry type, checked before a
/// batch is sent so that a value out of range is rejected with its reason, not by the database.
package enum ColumnLimit: Sendable, Hashable {
    /// bigint values must lie in `min...max` (PostgreSQL int2/int4).
    case integerRange(min: Int64, max: Int64, typeName: String)
    /// text values may hold at most this many characters (varchar(n), char(n)).
    case maxCharacters(Int, typeName: String)
    /// doubles are stored as single precision (real/float4): finite values must fit.
    case singlePrecision
}
