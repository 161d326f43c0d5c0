import Foundation
import Packs
import PostgresNIO

/// The PostgreSQL store serves the packs area, and keeps pack images in its `blobs` table so
/// every process on every machine that reaches the database can read them (decision 0021).
extension PostgresStore: PacksStore, PackBlobStore {
    @discardableResult
    public func put(_ data: Data) async throws -> BlobAddress {
        let address = BlobAddress(of: data)
        try await write { transaction in
            _ = try await transaction.rows("""
                INSERT INTO blobs (address, bytes) VALUES (\(address.rawValue), \(data)) ON CONFLICT (address) DO NOTHING
                """)
        }
        return address
    }

    public func get(_ address: BlobAddress) async throws -> Data? {
        try await read { transaction in
            try await transaction.rows("SELECT bytes FROM blobs WHERE address = \(address.rawValue)").first?.decode(Data.self)
        }
    }
}
