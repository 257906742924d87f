import FerryCore
import Testing

/// The plain-Swift SHA-256 (FIPS 180-4 test vectors) and the checkpoint's prefix digest
/// (Docs/many-files.md, "Checkpoints"), including the running states older checkpoints kept.
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

    @Test("a checkpoint's prefix digest round-trips through its text; other text is refused")
    func prefixDigest() {
        let digest = SourceFingerprint(sha256: String(repeating: "0123456789abcdef", count: 4), bytes: 1_048_576)
        #expect(digest.checkpointText == "sha256:1048576:" + digest.sha256)
        #expect(SourceFingerprint(checkpointText: digest.checkpointText) == digest)
        #expect(SourceFingerprint(checkpointText: "") == nil)
        #expect(SourceFingerprint(checkpointText: "sha256:12:abc") == nil)
        #expect(SourceFingerprint(checkpointText: "sha256:-1:" + digest.sha256) == nil)
        #expect(SourceFingerprint(checkpointText: "sha256:12:" + digest.sha256.uppercased()) == nil)
        #expect(SourceFingerprint(checkpointText: "md5:12:" + digest.sha256) == nil)
    }

    @Test("a running state that older checkpoints kept is read as the digest of the bytes it had hashed")
    func legacyState() throws {
        // Nothing hashed; "abc" pending; 100 bytes, one block compressed and 36 pending (the state
        // worked out with FIPS 180-4's compression function).
        let initial = "6a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19"
        let empty = try #require(SourceFingerprint(checkpointText: "sha256:0:\(initial):"))
        #expect(empty == SourceFingerprint(sha256: digest([]), bytes: 0))
        let abc = try #require(SourceFingerprint(checkpointText: "sha256:3:\(initial):616263"))
        #expect(abc == SourceFingerprint(sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", bytes: 3))
        let bytes = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let hundred = try #require(SourceFingerprint(checkpointText: "sha256:100:492f0486dca7ea81de5e60e483f5b224d362d9694d5ede95c95426d152434da3:"
                + "c7e60524436281a0bfdefd1c3b5a7998b7d6f51433527190afceed0c2b4a6988a7c6e504"))
        #expect(hundred == SourceFingerprint(sha256: digest(bytes), bytes: 100))
        #expect(hundred.sha256 == "c22e490daa445fb2fba44278c022df135310fd278cabca4ad7919eddcccd1dce")
        // The pending bytes must match the count.
        #expect(SourceFingerprint(checkpointText: "sha256:4:\(initial):616263") == nil)
        #expect(SHA256State(serialized: "sha256:1:00:") == nil)
    }

    @Test("a source position round-trips through the checkpoint's text")
    func position() throws {
        let hash = SourceFingerprint(sha256: digest(Array("id,name\n1,a\n".utf8)), bytes: 12)
        let position = SourcePosition(offset: 8, line: 2, hash: hash, fileBytes: 12, modified: 1_700_000_000_123_456_789, tailDigest: "ab")
        #expect(SourcePosition(serialized: position.serialized) == position)
        let bare = SourcePosition(offset: 0, line: 1, hash: nil, fileBytes: nil, modified: nil, tailDigest: nil)
        #expect(SourcePosition(serialized: bare.serialized) == bare)
        #expect(SourcePosition(serialized: "offset=x;line=1") == nil)
    }
}
