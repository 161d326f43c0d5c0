/// A growable byte buffer reused for every message of a connection: the decompressors write
/// straight into its free space (no scratch buffer, no copy), and the pre-scan reads it in place.
/// Grows by doubling to the largest message seen; never shrinks while the connection lives.
final class MessageBuffer {
    private var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, 16)
        storage = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    func removeAll() { count = 0 }

    /// The bytes written so far; valid until the next write or `removeAll`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// At least `minimum` writable bytes after the written ones.
    func freeSpace(minimum: Int) -> UnsafeMutableRawBufferPointer {
        if capacity - count < minimum {
            var newCapacity = capacity * 2
            while newCapacity - count < minimum { newCapacity *= 2 }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            grown.copyMemory(from: storage, byteCount: count)
            storage.deallocate()
            storage = grown
            capacity = newCapacity
        }
        return UnsafeMutableRawBufferPointer(start: storage + count, count: capacity - count)
    }

    /// Marks `written` bytes of the last `freeSpace` as written.
    func commit(_ written: Int) {
        precondition(written >= 0 && count + written <= capacity, "wrote past the free space")
        count += written
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        freeSpace(minimum: bytes.count).copyMemory(from: bytes)
        commit(bytes.count)
    }
}
