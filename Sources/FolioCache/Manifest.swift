import FolioModel

/// `output/<analysis>/manifest.json`: the provenance of a build.
///
/// Everything here is a pure function of the analysis, its inputs and the toolchain: there are no
/// timestamps, wall times or cache-hit flags (those live in `build.json`), so a clean build and a
/// fully cached build write the same bytes and `folio verify` can compare manifests directly.
public struct Manifest: Codable, Hashable, Sendable {
    public var analysis: String
    public var title: String
    public var folioVersion: String
    public var toolchain: Toolchain
    public var seed: UInt64
    /// Every data and project file read, sorted by path.
    public var data: [FileRecord]
    /// Every step, in the analysis' declared order.
    public var steps: [StepRecord]
    /// The analysis' own tolerance rules for `folio diff` and `folio verify`.
    public var tolerances: [ToleranceRule]

    public init(analysis: String, title: String, folioVersion: String, toolchain: Toolchain, seed: UInt64,
                data: [FileRecord], steps: [StepRecord], tolerances: [ToleranceRule] = []) {
        self.tolerances = tolerances
        self.analysis = analysis
        self.title = title
        self.folioVersion = folioVersion
        self.toolchain = toolchain
        self.seed = seed
        self.data = data
        self.steps = steps
    }

    private enum CodingKeys: String, CodingKey { case analysis, title, folioVersion, toolchain, seed, data, steps, tolerances }

    /// Manifests written before a field existed still read (the field takes its default).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        analysis = try c.decode(String.self, forKey: .analysis)
        title = try c.decode(String.self, forKey: .title)
        folioVersion = try c.decode(String.self, forKey: .folioVersion)
        toolchain = try c.decode(Toolchain.self, forKey: .toolchain)
        seed = try c.decode(UInt64.self, forKey: .seed)
        data = try c.decode([FileRecord].self, forKey: .data)
        steps = try c.decode([StepRecord].self, forKey: .steps)
        tolerances = try c.decodeIfPresent([ToleranceRule].self, forKey: .tolerances) ?? []
    }

    public func step(named name: String) -> StepRecord? { steps.first { $0.name == name } }
}

/// One file with its checksum; `path` is as the analysis names it (data-root or project relative).
public struct FileRecord: Codable, Hashable, Sendable {
    public var path: String
    public var sha256: String
    public var bytes: UInt64
    public init(path: String, sha256: String, bytes: UInt64) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

public struct StepRecord: Codable, Hashable, Sendable {
    public struct Input: Codable, Hashable, Sendable {
        public var name: String
        public var ref: InputRef
        /// The upstream step's key, or the file's sha256.
        public var identity: InputIdentity
        public init(name: String, ref: InputRef, identity: InputIdentity) {
            self.name = name
            self.ref = ref
            self.identity = identity
        }
    }

    public var name: String
    public var kind: String
    public var version: Int
    public var key: String
    public var seed: UInt64?
    public var parameters: JSONValue
    /// Sorted by input name.
    public var inputs: [Input]
    /// Files the step produced (`out/...` private, `pub/...` published), with sha256.
    public var outputs: [CacheEntry.File]
    /// Names of the results it reported (values are in results.json).
    public var results: [String]
    public var notices: [String]
    /// Module -> SHA-256 of its sources: the code fingerprint in the step's key (`KeyMaterial.code`).
    public var code: [String: String]?

    public init(name: String, kind: String, version: Int, key: String, seed: UInt64?, parameters: JSONValue,
                inputs: [Input], outputs: [CacheEntry.File], results: [String], notices: [String], code: [String: String]? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.version = version
        self.key = key
        self.seed = seed
        self.parameters = parameters
        self.inputs = inputs
        self.outputs = outputs
        self.results = results
        self.notices = notices
    }
}

/// The tools that produced a build: compiler, operating system and linked C libraries.
public struct Toolchain: Codable, Hashable, Sendable {
    public var swift: String
    public var os: String
    /// Library name -> version, e.g. "cairo": "1.16.0".
    public var libraries: [String: String]
    public init(swift: String, os: String, libraries: [String: String]) {
        self.swift = swift
        self.os = os
        self.libraries = libraries
    }
}

/// `output/<analysis>/build.json`: what varies from build to build (times, cache hits, reasons).
/// `folio verify` and `folio diff` ignore it.
public struct BuildLog: Codable, Hashable, Sendable {
    public struct Step: Codable, Hashable, Sendable {
        public var name: String
        public var cached: Bool
        public var wallSeconds: Double
        public var reason: String
        public init(name: String, cached: Bool, wallSeconds: Double, reason: String) {
            self.name = name
            self.cached = cached
            self.wallSeconds = wallSeconds
            self.reason = reason
        }
    }
    public var analysis: String
    public var date: String
    public var wallSeconds: Double
    public var jobs: Int
    public var steps: [Step]
    /// The source checkouts the running folio was built from, as they were at this build:
    /// "folio", and "project" when the analysis package is separate. `folio archive --include-source`
    /// refuses to bundle sources that changed since (a dirty tree's commit alone cannot tell).
    public var sources: [String: SourceRecord]?
    public init(analysis: String, date: String, wallSeconds: Double, jobs: Int, steps: [Step], sources: [String: SourceRecord]? = nil) {
        self.analysis = analysis
        self.date = date
        self.wallSeconds = wallSeconds
        self.jobs = jobs
        self.steps = steps
        self.sources = sources
    }
}

/// A source checkout's state: `git describe` (with `-dirty` for uncommitted changes) and the
/// SHA-256 of its files' sha256sum listing (FolioReview's `SourceSnapshot`).
public struct SourceRecord: Codable, Hashable, Sendable {
    public var version: String
    public var sha256: String
    public init(version: String, sha256: String) {
        self.version = version
        self.sha256 = sha256
    }
}
