import Foundation

/// Blobs as files in one folder (the SQLite default: `DATA/blobs`), each named by its address and
/// sharded by its first two hex digits. A new blob is written to a temporary file in the same
/// folder and renamed into place, so a reader never sees half a file and two writers of the same
/// bytes end with one complete copy.
public struct FileBlobStore: PackBlobStore {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func put(_ data: Data) async throws -> BlobAddress {
        let address = BlobAddress(of: data)
        let target = path(address)
        if FileManager.default.fileExists(atPath: target.path) { return address }
        let folder = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(address.rawValue).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        do {
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch {
            // A concurrent writer of the same address got there first, with the same bytes.
            try? FileManager.default.removeItem(at: temporary)
            guard FileManager.default.fileExists(atPath: target.path) else { throw error }
        }
        return address
    }

    public func get(_ address: BlobAddress) async throws -> Data? {
        let target = path(address)
        guard FileManager.default.fileExists(atPath: target.path) else { return nil }
        return try Data(contentsOf: target)
    }

    /// `directory/ab/abcdef…` for address `abcdef…`.
    func path(_ address: BlobAddress) -> URL {
        directory.appendingPathComponent(String(address.rawValue.prefix(2)), isDirectory: true)
            .appendingPathComponent(address.rawValue)
    }
}
