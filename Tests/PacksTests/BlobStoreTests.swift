import Foundation
import Packs
import Testing

/// Content-addressed blobs: the same bytes are stored once, under their SHA-256.
@Suite struct BlobStoreTests {
    @Test func addressIsTheSHA256() {
        // The standard SHA-256 test vector for "abc".
        #expect(BlobAddress(of: Data("abc".utf8)).rawValue == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(BlobAddress(rawValue: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") != nil)
        #expect(BlobAddress(rawValue: "../../etc/passwd") == nil)
        #expect(BlobAddress(rawValue: String(repeating: "A", count: 64)) == nil)
    }

    @Test(arguments: TestDatabase.available)
    func sameBytesStoredOnce(_ database: TestDatabase) async throws {
        try await ServiceHarness.with(database) { h in
            let png = TestImage.png()
            let first = try await h.blobs.put(png)
            let again = try await h.blobs.put(png)
            #expect(first == again && first == BlobAddress(of: png))
            #expect(try await h.blobs.get(first) == png)
            #expect(try await h.blobs.get(BlobAddress(of: Data("missing".utf8))) == nil)
            if let files = h.blobs as? FileBlobStore {
                let stored = try FileManager.default.subpathsOfDirectory(atPath: files.directory.path).filter { !$0.hasSuffix("/") && $0.contains("/") }
                #expect(stored == ["\(first.rawValue.prefix(2))/\(first.rawValue)"])
            }
            // Two characters with the same image in one pack file keep one blob.
            let manifest = PackManifest.json(characters: [.init(id: "a", image: "same.png"), .init(id: "b", image: "same.png")])
            let pack = try await h.service.importPack(creator: PackServiceTests.creator, manifest: manifest, file: "p.json", files: ["same.png": png])
            let characters = try await h.service.store.readPacks { try await $0.characters(of: pack.id, includingRetired: false) }
            #expect(characters.map(\.image) == [first, first])
        }
    }
}
