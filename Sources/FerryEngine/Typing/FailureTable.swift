/// The first typing failure of each row of a batch (typing goes column by column, so the first
/// recorded failure is the one in the leftmost failing column).
struct FailureTable {
    /// Schema column of the failure, or -1 for rows that typed.
    var column: [Int32]
    var code: [TypingFailure]
    private(set) var count = 0

    init(rows: Int) {
        column = Array(repeating: -1, count: rows)
        code = Array(repeating: .invalid, count: rows)
    }

    /// Records `failure` for `row` unless an earlier column already failed.
    @inline(__always)
    mutating func record(row: Int, column c: Int32, _ failure: TypingFailure) {
        guard column[row] < 0 else { return }
        column[row] = c
        code[row] = failure
        count += 1
    }
}
