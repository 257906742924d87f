/// Thrift's compact protocol, reading half: the footer's `FileMetaData` and the page headers.
///
/// Every length and count is checked against the bytes left, and nesting is limited, so a
/// hostile footer ends in a `ParquetFormatError`, never a crash or a huge allocation.
struct ThriftCompactReader {
    /// Why the bytes could not be read.
    enum Failure: Error, Equatable {
        /// The structure ran past the end of the bytes (a page header may need more bytes read).
        case truncated
        /// The bytes are not a valid compact-protocol structure.
        case malformed(String)
    }

    /// Compact-protocol type codes.
    enum FieldType: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
        case list = 9, set = 10, map = 11, structure = 12
    }

    private let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    private(set) var position = 0
    /// The id of the last field read, per open struct (the innermost last).
    private var lastFieldIDs: [Int16] = [0]
    /// How deeply structs and containers may nest (the format needs fewer than ten levels).
    private static let maxDepth = 32

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - position }

    mutating func byte() throws(Failure) -> UInt8 {
        guard position < bytes.count else { throw .truncated }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw .malformed("a varint longer than ten bytes") }
        }
    }

    mutating func i64() throws(Failure) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    mutating func i32() throws(Failure) -> Int32 {
        let v = try i64()
        guard let narrow = Int32(exactly: v) else { throw .malformed("an i32 value out of range") }
        return narrow
    }

    /// A binary or string value: its bytes, which must all be present.
    mutating func binary() throws(Failure) -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(remaining) else { throw .truncated }
        let start = position
        position += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<position])
    }

    mutating func string() throws(Failure) -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    /// Enters a struct (its fields follow).
    mutating func beginStruct() throws(Failure) {
        guard lastFieldIDs.count < Self.maxDepth else { throw .malformed("structures nested too deeply") }
        lastFieldIDs.append(0)
    }

    /// Leaves a struct after its STOP.
    mutating func endStruct() {
        if lastFieldIDs.count > 1 { lastFieldIDs.removeLast() }
    }

    /// The next field's id and type, or nil at the struct's STOP.
    mutating func fieldHeader() throws(Failure) -> (id: Int16, type: FieldType)? {
        let b = try byte()
        if b == 0 { return nil }
        guard let type = FieldType(rawValue: b & 0x0F) else { throw .malformed("unknown field type \(b & 0x0F)") }
        let delta = Int16(b >> 4)
        let id: Int16
        if delta != 0 {
            let (sum, overflow) = lastFieldIDs[lastFieldIDs.count - 1].addingReportingOverflow(delta)
            guard !overflow else { throw .malformed("a field id out of range") }
            id = sum
        } else {
            guard let explicit = Int16(exactly: try i64()) else { throw .malformed("a field id out of range") }
            id = explicit
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
        return (id, type)
    }

    /// A list's (or set's) element type and size; the size is at most the bytes left, since
    /// every element takes at least one byte.
    mutating func listHeader() throws(Failure) -> (type: FieldType, count: Int) {
        let b = try byte()
        guard let type = FieldType(rawValue: b & 0x0F) else { throw .malformed("unknown list element type \(b & 0x0F)") }
        var count = UInt64(b >> 4)
        if count == 15 { count = try varint() }
        guard count <= UInt64(remaining) else { throw .truncated }
        return (type, Int(count))
    }

    /// A boolean field's value (carried in its type) or a boolean list element.
    mutating func bool(_ type: FieldType) throws(Failure) -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw .malformed("expected a boolean, found type \(type.rawValue)")
        }
    }

    /// An integer field of any integer type, as Int64.
    mutating func integer(_ type: FieldType) throws(Failure) -> Int64 {
        switch type {
        case .byte: return Int64(Int8(bitPattern: try byte()))
        case .i16, .i32, .i64: return try i64()
        default: throw .malformed("expected an integer, found type \(type.rawValue)")
        }
    }

    /// An i32 field, checked for its type.
    mutating func int32(_ type: FieldType) throws(Failure) -> Int32 {
        guard let v = Int32(exactly: try integer(type)) else { throw .malformed("an i32 value out of range") }
        return v
    }

    /// Skips a value of `type`.
    mutating func skip(_ type: FieldType, depth: Int = 0) throws(Failure) {
        guard depth < Self.maxDepth else { throw .malformed("values nested too deeply") }
        switch type {
        case .boolTrue, .boolFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double:
            guard remaining >= 8 else { throw .truncated }
            position += 8
        case .binary: _ = try binary()
        case .list, .set:
            let (element, count) = try listHeader()
            for _ in 0..<count {
                if element == .boolTrue || element == .boolFalse { _ = try byte() } else { try skip(element, depth: depth + 1) }
            }
        case .map:
            let count = try varint()
            guard count <= UInt64(remaining) else { throw .truncated }
            guard count > 0 else { return }
            let kinds = try byte()
            guard let key = FieldType(rawValue: kinds >> 4), let value = FieldType(rawValue: kinds & 0x0F) else {
                throw .malformed("unknown map types")
            }
            for _ in 0..<count {
                try skip(key, depth: depth + 1)
                try skip(value, depth: depth + 1)
            }
        case .structure:
            try beginStruct()
            while let field = try fieldHeader() { try skip(field.type, depth: depth + 1) }
            endStruct()
        }
    }

    /// Reads a struct: `field` is called for each field and must read or skip its value.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, FieldType) throws(Failure) -> Void) throws(Failure) {
        try beginStruct()
        while let header = try fieldHeader() {
            try field(&self, header.id, header.type)
        }
        endStruct()
    }

    /// Reads a list of structs, `element` reading each one (with `readStruct`).
    mutating func readList(_ element: (inout ThriftCompactReader, FieldType) throws(Failure) -> Void) throws(Failure) {
        let (type, count) = try listHeader()
        for _ in 0..<count { try element(&self, type) }
    }
}
