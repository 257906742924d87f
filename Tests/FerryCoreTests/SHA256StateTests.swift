import FerryCore
import Testing

/// The checkpoint's running hash (Docs/many-files.md, "Checkpoints"): FIPS 180-4 test vectors,
/// and a state written down and read back mid-stream finishing with the digest of the whole.
@Suite("SHA256State")
struct SHA256StateTests {
    private func digest(_ bytes: [UInt8]) -> String {
        var state = SHA256State()
        bytes.withUnsafeBytes { state.update($0) }
        return state.hexDigest()
    }

    @Test("the FIPS 180-4 vectors, including a message of a million bytes")
    func vectors() {
        #expect(digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest(Array(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("a state serialised at any split point and read back finishes with the same digest")
    func serialisedMidStream() throws {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = digest(bytes)
        for split in [0, 1, 55, 56, 63, 64, 65, 127, 128, 500, 999, 1000] {
            var first = SHA256State()
            bytes[..<split].withUnsafeBytes { first.update($0) }
            let text = first.serialized
            var resumed = try #require(SHA256State(serialized: text), "split \(split): \(text)")
            #expect(resumed == first)
            bytes[split...].withUnsafeBytes { resumed.update($0) }
            #expect(resumed.hexDigest() == whole, "split \(split)")
            #expect(resumed.count == UInt64(bytes.count))
        }
    }

    @Test("text that is not a state is refused")
    func refused() {
        #expect(SHA256State(serialized: "") == nil)
        #expect(SHA256State(serialized: "sha256:1:00:") == nil)
        // The pending bytes must match the count.
        let state = SHA256State().serialized
        #expect(SHA256State(serialized: "sha256:3:" + state.dropFirst("sha256:0:".count)) == nil)
        #expect(SHA256State(serialized: state) == SHA256State())
    }

    @Test("a source position round-trips through the checkpoint's text")
    func position() throws {
        var hash = SHA256State()
        Array("id,name\n1,a\n".utf8).withUnsafeBytes { hash.update($0) }
        let position = SourcePosition(offset: 8, line: 2, hash: hash, fileBytes: 12, modified: 1_700_000_000_123_456_789, tailDigest: "ab")
        #expect(SourcePosition(serialized: position.serialized) == position)
        let bare = SourcePosition(offset: 0, line: 1, hash: nil, fileBytes: nil, modified: nil, tailDigest: nil)
        #expect(SourcePosition(serialized: bare.serialized) == bare)
        #expect(SourcePosition(serialized: "offset=x;line=1") == nil)
    }
}
