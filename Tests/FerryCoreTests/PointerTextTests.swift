@testable import FerryCore
import Testing

@Suite("Pointer texts")
struct PointerTextTests {
    private static func written(_ value: Int64) -> String {
        var room = [UInt8](repeating: 0xFF, count: 24)
        let end = room.withUnsafeMutableBufferPointer { PointerText.writeInt(value, to: $0.baseAddress!, at: 2) }
        // Nothing written before the start or after the end.
        #expect(room[0 ..< 2].allSatisfy { $0 == 0xFF } && room[end...].allSatisfy { $0 == 0xFF })
        return String(decoding: room[2 ..< end], as: UTF8.self)
    }

    @Test("a bigint is written as Swift prints it: every power of ten and its neighbours, both signs, and the extremes")
    func writeInt() {
        var values: [Int64] = [0, 1, 9, 10, 99, 100, 101, .max, .min, .min + 1]
        var power: Int64 = 1
        for _ in 0 ..< 18 {
            power *= 10
            values += [power - 1, power, power + 1, power * 5 + 7]
        }
        values += values.map { $0 == .min ? .max : -$0 }
        for value in values {
            #expect(Self.written(value) == String(value), "\(value)")
        }
    }
}
