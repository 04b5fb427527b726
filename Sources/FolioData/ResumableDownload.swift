import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FolioCache

/// Downloads a URL to a file, resuming an interrupted transfer and verifying the SHA-256.
///
/// Bytes arrive in `<destination>.part`; a second call continues it with an HTTP `Range` request
/// (a server that ignores the range makes it start over). Only a complete file whose SHA-256
/// matches `expectedSHA256` (when given) is renamed to `destination`; a mismatch deletes the
/// partial file, so the next attempt starts clean, and reports both checksums.
public struct ResumableDownload: Sendable {
    public var url: URL
    public var destination: URL
    public var expectedSHA256: String?

    public init(url: URL, destination: URL, expectedSHA256: String?) {
        self.url = url
        self.destination = destination
        self.expectedSHA256 = expectedSHA256
    }

    public var partialFile: URL { destination.appendingPathExtension("part") }

    /// Performs (or resumes) the download; returns the SHA-256 of the complete file.
    @discardableResult
    public func run(progress: @escaping @Sendable (_ received: Int64, _ total: Int64?) -> Void = { _, _ in }) throws -> String {
        let fm = FileManager.default
        try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !fm.fileExists(atPath: partialFile.path) { fm.createFile(atPath: partialFile.path, contents: nil) }
        let already = ((try? fm.attributesOfItem(atPath: partialFile.path)[.size]) as? NSNumber)?.int64Value ?? 0
        var request = URLRequest(url: url, timeoutInterval: 60)
        if already > 0 { request.setValue("bytes=\(already)-", forHTTPHeaderField: "Range") }

        let sink = try DownloadSink(file: partialFile, resumeFrom: already, progress: progress)
        let session = URLSession(configuration: .ephemeral, delegate: sink, delegateQueue: nil)
        session.dataTask(with: request).resume()
        sink.finished.wait()
        session.finishTasksAndInvalidate()
        if let error = sink.failure {
            throw DownloadError(url: url, message: "transfer interrupted after \(sink.received) bytes (\(error)); run again to resume")
        }
        guard let status = sink.status, (200...299).contains(status) else {
            throw DownloadError(url: url, message: "server answered HTTP \(sink.status.map(String.init) ?? "nothing")")
        }
        if let expected = sink.expectedTotal, sink.received < expected {
            throw DownloadError(url: url, message: "transfer stopped at \(sink.received) of \(expected) bytes; run again to resume")
        }
        let digest = try ContentHash.sha256(fileAt: partialFile)
        if let expectedSHA256, digest != expectedSHA256 {
            try? fm.removeItem(at: partialFile)
            throw DownloadError(url: url, message: "sha256 \(digest) does not match the expected \(expectedSHA256); the download was deleted")
        }
        try AtomicFile.rename(partialFile, to: destination)
        return digest
    }
}

public struct DownloadError: Error, CustomStringConvertible, Sendable {
    public var url: URL
    public var message: String
    public var description: String { "\(url.absoluteString): \(message)" }
}

/// Receives the body and appends it to the partial file.
private final class DownloadSink: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked: the session's delegate queue is serial; `finished` publishes the final state.
    let handle: FileHandle
    let resumeFrom: Int64
    let progress: @Sendable (Int64, Int64?) -> Void
    let finished = DispatchSemaphore(value: 0)
    var received: Int64 = 0
    var expectedTotal: Int64?
    var status: Int?
    var failure: Error?

    init(file: URL, resumeFrom: Int64, progress: @escaping @Sendable (Int64, Int64?) -> Void) throws {
        handle = try FileHandle(forWritingTo: file)
        self.resumeFrom = resumeFrom
        self.progress = progress
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        status = http?.statusCode
        do {
            if status == 206 {
                try handle.seekToEnd()
                received = resumeFrom
            } else {
                // A full response (the server ignored the range, or there was nothing to resume).
                try handle.truncate(atOffset: 0)
                received = 0
            }
        } catch {
            failure = error
        }
        let length = response.expectedContentLength
        expectedTotal = length >= 0 ? received + length : nil
        completionHandler(failure == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        do {
            try handle.write(contentsOf: data)
            received += Int64(data.count)
            progress(received, expectedTotal)
        } catch {
            failure = error
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error, failure == nil { failure = error }
        try? handle.synchronize()
        try? handle.close()
        finished.signal()
    }
}
