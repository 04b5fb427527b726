/// Links in PDF text. Pango markup has no links, so a link travels through the markup as a marker
/// `U+E020 destination U+E021` right before an (invisible) `<span underline="none">`; ``TextBox``
/// removes the markers, pairs them in order with those spans, and draws a Cairo link tag over
/// each span's text.
///
/// A destination is a named destination in the document (`fig-skymap`, `prov-fit`) or, with the
/// prefix `uri:`, an external address, or with `file:` a named destination in another PDF beside
/// this one (`file:provenance.pdf#prov-fit`).
enum PDFLink {
    static let open: Character = "\u{E020}"
    static let close: Character = "\u{E021}"

    /// Opening markup of a link to `destination`; close it with `</span>`.
    static func open(_ destination: String, color: String? = nil) -> String {
        let colour = color.map { " foreground=\"\($0)\"" } ?? ""
        return "\(open)\(destination)\(close)<span underline=\"none\"\(colour)>"
    }

    /// The destination for an `href` from Ink's HTML: `#name` is internal, anything else a URI.
    static func destination(href: String) -> String {
        href.hasPrefix("#") ? String(href.dropFirst()) : "uri:" + href
    }

    /// Removes the markers from `markup`, returning the destinations in order.
    static func extract(from markup: String) -> (markup: String, destinations: [String]) {
        guard markup.contains(open) else { return (markup, []) }
        var out = ""
        var destinations: [String] = []
        var rest = Substring(markup)
        while let start = rest.firstIndex(of: open), let end = rest[start...].firstIndex(of: close) {
            out += rest[..<start]
            destinations.append(String(rest[rest.index(after: start)..<end]))
            rest = rest[rest.index(after: end)...]
        }
        out += rest
        return (out, destinations)
    }

    /// The Cairo link-tag attribute naming the target.
    static func cairoTarget(_ destination: String) -> String {
        if destination.hasPrefix("uri:") {
            let uri = destination.dropFirst(4).replacingOccurrences(of: "'", with: "%27")
            return "uri='\(uri)'"
        }
        if destination.hasPrefix("file:") {
            // Another PDF beside this one (the supplementary provenance), at a named destination:
            // a relative URI with Adobe's open parameter, which viewers follow (cairo 1.16 fails
            // when finishing a document with remote "file" links, so they are not used).
            let target = destination.dropFirst(5).split(separator: "#", maxSplits: 1)
            let file = target[0].replacingOccurrences(of: "'", with: "%27")
            return target.count == 2 ? "uri='\(file)#nameddest=\(target[1])'" : "uri='\(file)'"
        }
        return "dest='\(destination)'"
    }
}

import Foundation
