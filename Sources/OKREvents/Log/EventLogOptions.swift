/// How the event log opens its LMDB environment.
public struct EventLogOptions: Sendable {
    /// The map size to open with, in bytes. The map grows by itself when full, so this is a
    /// starting point, not a limit.
    public var initialMapSize: Int = 64 << 20
    /// The size the map may grow to before appends fail with "storage full".
    public var maxMapSize: Int = 1 << 40
    /// When an append counts as durable.
    public var durability: Durability = .sync
    /// Events per read transaction when scanning the log (reads never hold a transaction long:
    /// LMDB cannot reuse pages behind an old reader, and the file grows without bound).
    public var readChunkSize: Int = 4096
    /// Open without writing (a backup being verified, a second process inspecting the data).
    public var readOnly: Bool = false
    /// How many observations may wait in memory for their per-metric index entries before a
    /// round writes them all (docs/STORAGE.md); 0 writes each round's entries in its own commit.
    public var indexLag: Int = 65536
    /// Mode of the data files when created.
    public var fileMode: UInt32 = 0o600

    public init() {}
}

/// When an acknowledged append is on disk.
public enum Durability: String, Codable, CaseIterable, Sendable {
    /// Every commit is flushed to disk before it is acknowledged (the default; SPEC §7).
    case sync
    /// The data is flushed but the meta page is not: a crash may lose the last commit, never corrupt.
    case metaAsync = "meta-async"
    /// Nothing is flushed at commit: the OS writes in its own time. For benchmarks and throwaway data.
    case async
}
