import Foundation

/// Where pack images live: bytes in, content address out. Content-addressed, so storing the same
/// bytes twice keeps one copy and returns the same address; `put` is therefore safe to repeat and
/// to call before the transaction that records the address (a re-run, or a transaction that
/// fails afterwards, leaves at most an unreferenced blob). See
/// docs/decisions/0021-pack-images-in-a-content-addressed-blob-store.md.
public protocol PackBlobStore: Sendable {
    /// Stores `data` unless a blob with its address exists, and returns the address.
    @discardableResult
    func put(_ data: Data) async throws -> BlobAddress
    /// The bytes at `address`, or nil if none are stored.
    func get(_ address: BlobAddress) async throws -> Data?
}
