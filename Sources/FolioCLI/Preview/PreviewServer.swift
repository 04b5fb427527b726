import Foundation
import FlyingFox
import FlyingSocks

/// The localhost server of `folio preview` (FlyingFox): the files of `output/<analysis>/` as they
/// are on disk, except that HTML pages get the live-reload script (`LiveReload`), and the long-poll
/// endpoint `/__folio/state`. Files are read at each request, so a build that swaps the analysis
/// folder in is seen at once; nothing is cached by the browser.
struct PreviewHandler: HTTPHandler {
    let analysisDirectory: URL
    let analysis: String
    let state: PreviewState
    /// Seconds a state request is held open when nothing changes.
    var pollTimeout: Double = 20

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else { return Self.plain(.methodNotAllowed, "GET only") }
        if request.path == LiveReload.statePath {
            let seen = request.query.first { $0.name == "seen" }?.value ?? ""
            let status = await state.next(after: seen, timeout: pollTimeout)
            return HTTPResponse(statusCode: .ok, headers: Self.headers("application/json"),
                                body: try JSONEncoder().encode(status))
        }
        let path = (request.path.removingPercentEncoding ?? request.path)
        let relative = path == "/" || path.isEmpty ? "report.html" : String(path.drop { $0 == "/" })
        // Only files inside the analysis folder: no '..', no hidden files.
        let parts = relative.split(separator: "/")
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return Self.plain(.forbidden, "forbidden") }
        let file = analysisDirectory.appendingPathComponent(relative)
        let type = Self.contentType(file.pathExtension)
        // Read before the file: a build publishing in between makes the page update once more,
        // never miss an update.
        let published = await state.published
        guard let data = FileManager.default.contents(atPath: file.path) else {
            if relative == "report.html" {
                return HTTPResponse(statusCode: .ok, headers: Self.headers(type),
                                    body: Data(LiveReload.inject(into: LiveReload.placeholder(analysis: analysis), version: published.version).utf8))
            }
            return Self.plain(.notFound, "not found: \(relative)")
        }
        if file.pathExtension == "html" {
            let page = LiveReload.inject(into: LiveReload.versioningLinks(String(decoding: data, as: UTF8.self), files: published.files),
                                         version: published.version)
            return HTTPResponse(statusCode: .ok, headers: Self.headers(type), body: Data(page.utf8))
        }
        // A link versioned by its content may be kept by the browser: an unchanged figure is not
        // fetched again when the page updates.
        let version = request.query.first { $0.name == "v" }?.value
        let immutable = version != nil && published.files[relative].map(LiveReload.linkVersion) == version
        return HTTPResponse(statusCode: .ok, headers: Self.headers(type, immutable: immutable), body: data)
    }

    private static func headers(_ type: String, immutable: Bool = false) -> HTTPHeaders {
        [.contentType: type, .cacheControl: immutable ? "max-age=31536000, immutable" : "no-store"]
    }

    private static func plain(_ code: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: code, headers: headers("text/plain; charset=utf-8"), body: Data((text + "\n").utf8))
    }

    static func contentType(_ pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "csv": return "text/csv; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}

/// Starts the server on 127.0.0.1:`port` (0: any free port) and returns the port it listens on.
enum PreviewServer {
    static func start(port: UInt16, handler: PreviewHandler) async throws -> (server: HTTPServer, port: UInt16) {
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        // The handler timeout must outlast a held state request.
        let server = HTTPServer(address: address, timeout: handler.pollTimeout + 30, logger: .disabled, handler: handler)
        let failure = ServerFailure()
        let task = Task {
            do { try await server.run() } catch { await failure.set(error) }
        }
        // Listening, or the server's failure (a port in use) as soon as it happens.
        let deadline = Date().addingTimeInterval(10)
        while !(await server.isListening) {
            if let error = await failure.error {
                throw UserError("cannot serve on 127.0.0.1:\(port): \(error) (is another program using the port? choose one with --port)")
            }
            guard Date() < deadline else { task.cancel(); throw UserError("cannot serve on 127.0.0.1:\(port): timed out") }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        guard case .ip4(_, let bound)? = await server.listeningAddress else {
            task.cancel()
            throw UserError("cannot serve on 127.0.0.1:\(port)")
        }
        return (server, bound)
    }
}

private actor ServerFailure {
    private(set) var error: (any Error)?
    func set(_ error: any Error) { self.error = error }
}
