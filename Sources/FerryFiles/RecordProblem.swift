/// What is wrong with a record's structure, found while scanning it.
enum RecordProblem {
    case none
    /// A quoted field opened at `line` in field `field` (0-based) runs to the end of the input.
    case unterminatedQuote(line: Int, field: Int)
    /// Text follows the closing quote of field `field`.
    case textAfterQuote(field: Int)
    /// TSV: the input ends with a backslash in field `field`.
    case danglingBackslash(field: Int)
}
