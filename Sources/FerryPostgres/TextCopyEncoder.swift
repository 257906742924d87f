import FerryCore

/// Encodes typed rows in PostgreSQL's text COPY format: the canonical text of each value
/// (`ValueFormatter`), fields separated by tabs, rows ended by a newline, `\N` for NULL, and
/// backslash, tab, newline and carriage return written as `\\`, `\t`, `\n`, `\r`.
///
/// Used when a target column has a type the binary encoder does not write (enums, inet,
/// arrays, domains over those, or a Ferry type loaded into a different PostgreSQL type): the
/// server's own text input then converts each value.
final class TextCopyEncoder: CopyEncoder {
    private let types: [ColumnType]
    private let placeholder: UnsafeMutablePointer<UInt8>
    /// Canonical text of one date or timestamp, reused.
    private var scratch: [UInt8] = []

    init(types: [ColumnType]) {
        self.types = types
        placeholder = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        placeholder.initialize(to: 0)
        scratch.reserveCapacity(40)
    }

    deinit { placeholder.deallocate() }

    var format: CopyFormat { .text }

    func appendHeader(to buffer: CopyBuffer) {}

    func appendTrailer(to buffer: CopyBuffer) {}

    func encode(_ batch: TypedBatch, from first: Int, into buffer: CopyBuffer, until limit: Int) throws(FerryError) -> Int {
        try CopyColumnView.with(batch, placeholder: placeholder) { (views) throws(FerryError) -> Int in
            try types.withUnsafeBufferPointer { (types) throws(FerryError) -> Int in
                encodeRows(views, types, rowCount: batch.rowCount, from: first, into: buffer, until: limit)
            }
        }
    }

    private func encodeRows(
        _ views: UnsafeBufferPointer<CopyColumnView>, _ types: UnsafeBufferPointer<ColumnType>, rowCount: Int,
        from first: Int, into buffer: CopyBuffer, until limit: Int
    ) -> Int {
        let columnCount = views.count
        // The longest fixed-size text: a timestamp with fraction and zone (27), or an int64 (20).
        let fixed = 32 * columnCount
        var row = first
        while row < rowCount, buffer.count < limit {
            buffer.reserve(fixed)
            for c in 0..<columnCount {
                if c > 0 { buffer.append(byte: 0x09) }
                let view = views[c]
                if view.isNull[row] {
                    buffer.append(byte: 0x5C)
                    buffer.append(byte: 0x4E)
                    continue
                }
                switch types[c] {
                case .bigint:
                    Self.appendInt(view.ints.unsafelyUnwrapped[row], to: buffer)
                case .boolean:
                    buffer.append(byte: view.ints.unsafelyUnwrapped[row] != 0 ? 0x74 : 0x66)
                case .date:
                    scratch.removeAll(keepingCapacity: true)
                    ValueFormatter.appendDate(days: view.ints.unsafelyUnwrapped[row], to: &scratch)
                    appendScratch(to: buffer)
                case .timestamp, .timestamptz:
                    scratch.removeAll(keepingCapacity: true)
                    ValueFormatter.appendTimestamp(
                        micros: view.ints.unsafelyUnwrapped[row], utcSuffix: types[c] == .timestamptz, to: &scratch)
                    appendScratch(to: buffer)
                case .double:
                    var text = ValueFormatter.doubleText(view.doubles.unsafelyUnwrapped[row])
                    text.withUTF8 { utf8 in
                        buffer.reserve(utf8.count + fixed)
                        if let base = utf8.baseAddress { buffer.append(UnsafeRawPointer(base), count: utf8.count) }
                    }
                case .decimal, .uuid, .json, .text:
                    let (start, count) = view.span(row)
                    Self.appendEscaped(start, count: count, to: buffer)
                    buffer.reserve(fixed)
                }
            }
            buffer.append(byte: 0x0A)
            row += 1
        }
        return row
    }

    @inline(__always)
    private func appendScratch(to buffer: CopyBuffer) {
        scratch.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { buffer.append(base, count: bytes.count) }
        }
    }

    /// Decimal digits of `value`; the caller reserved 20 bytes.
    @inline(__always)
    static func appendInt(_ value: Int64, to buffer: CopyBuffer) {
        var magnitude = value.magnitude
        if value < 0 { buffer.append(byte: 0x2D) }
        var digits = 1
        var probe = magnitude
        while probe >= 10 { probe /= 10; digits += 1 }
        var at = buffer.count + digits - 1
        for _ in 0..<digits {
            buffer.base.storeBytes(of: UInt8(48 + magnitude % 10), toByteOffset: at, as: UInt8.self)
            magnitude /= 10
            at -= 1
        }
        buffer.count += digits
    }

    /// Copies `count` bytes, writing `\\`, `\t`, `\n`, `\r` for the four bytes text COPY treats
    /// specially; runs between them are copied whole.
    @inline(__always)
    static func appendEscaped(_ text: UnsafePointer<UInt8>, count: Int, to buffer: CopyBuffer) {
        buffer.reserve(2 * count)
        var runStart = 0
        for i in 0..<count {
            let b = text[i]
            guard b == 0x5C || (b < 0x0E && (b == 0x09 || b == 0x0A || b == 0x0D)) else { continue }
            if i > runStart { buffer.append(UnsafeRawPointer(text + runStart), count: i - runStart) }
            buffer.append(byte: 0x5C)
            buffer.append(byte: b == 0x5C ? 0x5C : b == 0x09 ? 0x74 : b == 0x0A ? 0x6E : 0x72)
            runStart = i + 1
        }
        if count > runStart { buffer.append(UnsafeRawPointer(text + runStart), count: count - runStart) }
    }
}
