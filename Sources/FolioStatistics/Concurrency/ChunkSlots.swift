import Foundation

/// Write-once slots that concurrently running trial chunks fill, one slot per chunk index, read
/// after all chunks finished. Results come back in chunk order whatever the thread count, which
/// is what makes parallel trials identical to serial ones.
///
/// ```swift
/// let slots = ChunkSlots<[Double]>(count: chunks)
/// DispatchQueue.concurrentPerform(iterations: chunks) { c in slots[c] = runChunk(c) }
/// let all = slots.values.flatMap { $0 ?? [] }
/// ```
public final class ChunkSlots<T>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private var storage: [T?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public subscript(i: Int) -> T? {
        get { lock.lock(); defer { lock.unlock() }; return storage[i] }
        set { lock.lock(); storage[i] = newValue; lock.unlock() }
    }

    public var values: [T?] { lock.lock(); defer { lock.unlock() }; return storage }
}
